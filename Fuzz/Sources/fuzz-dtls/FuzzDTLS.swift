// libFuzzer target for the DTLS module: DTLS 1.2 records and handshake messages from an
// untrusted peer (RFC 6347 §4.1, §4.2; RFC 5764 use_srtp), over system OpenSSL.
//
// Input layout: a sequence of chunks, each a 2-byte big-endian header and a body. The header's
// low 15 bits are the body length (cut short at the end of the input); its top bit means "the
// owner's retransmission timer fires before this datagram" (handleTimeout()). Every body is
// one UDP datagram, fed to
//   (a) a fresh server DTLSConnection, and
//   (b) a client DTLSConnection after start() (its ClientHello is discarded).
// One certificate is made per process, not per input.
//
// Oracle (a crash = a finding):
//   * receive/handleTimeout/close never trap and ASan sees no memory error or leak;
//   * no output datagram is larger than the MTU;
//   * neither side reports .connected (an input cannot know the ECDHE secrets or sign with
//     our key), nor application data before it;
//   * once a side is failed or closed, its outputs are empty and its state stays put (except
//     that close() moves failed to closed);
//   * at most one .failed event per connection, and the state agrees with it.
//
// This file must not be called main.swift: libFuzzer provides main().
import DTLS
import FuzzSupport

private let certificate: DTLSCertificate = {
    do {
        return try DTLSCertificate.generate(commonName: "fuzz-dtls")
    } catch {
        fatalError("cannot make the fuzzer's certificate: \(error)")
    }
}()

private let mtu = 600

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDTLS(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    let chunks = split(bytes)
    for role in [DTLSRole.server, .client] {
        let connection: DTLSConnection
        do {
            connection = try DTLSConnection(role: role, certificate: certificate,
                                            remoteFingerprints: [certificate.fingerprint], mtu: mtu)
        } catch {
            fatalError("cannot make a \(role) connection: \(error)")
        }
        var tracker = Tracker(role: role)
        let started = connection.start()
        tracker.check(started, connection: connection, step: "start")
        for (index, chunk) in chunks.enumerated() {
            if chunk.fireTimer {
                tracker.check(connection.handleTimeout(), connection: connection, step: "timer before \(index)")
            }
            tracker.check(connection.receive(chunk.datagram), connection: connection, step: "datagram \(index)")
        }
        tracker.check(connection.handleTimeout(), connection: connection, step: "final timer")
        tracker.check(connection.close(), connection: connection, step: "close")
        if connection.state != .closed && connection.state != .failed {
            fatalError("\(role): close() left state \(connection.state)")
        }
    }
    return 0
}

/// One datagram of the input and whether the timer fires before it.
private struct Chunk {
    var fireTimer: Bool
    var datagram: [UInt8]
}

/// Splits the input into length-prefixed chunks (see the layout above).
private func split(_ bytes: [UInt8]) -> [Chunk] {
    var chunks: [Chunk] = []
    var offset = 0
    while offset + 2 <= bytes.count {
        let header = Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
        offset += 2
        let end = min(offset + (header & 0x7FFF), bytes.count)
        chunks.append(Chunk(fireTimer: header & 0x8000 != 0, datagram: Array(bytes[offset..<end])))
        offset = end
    }
    return chunks
}

/// Checks each output of one connection against the oracle.
private struct Tracker {
    let role: DTLSRole
    var terminal: DTLSState?
    var failures = 0

    mutating func check(_ output: DTLSOutput, connection: DTLSConnection, step: String) {
        // close() moves a failed connection to closed; nothing else leaves a terminal state.
        let allowed: Set<DTLSState> = step == "close" ? [.failed, .closed] : (terminal.map { [$0] } ?? [])
        if let terminal, output != DTLSOutput() || !allowed.contains(connection.state) {
            fatalError("\(role) \(step): output \(output) or state \(connection.state) after reaching \(terminal)")
        }
        for datagram in output.datagrams where datagram.count > mtu {
            fatalError("\(role) \(step): a \(datagram.count)-byte datagram exceeds the MTU \(mtu)")
        }
        for event in output.events {
            switch event {
            case .connected, .applicationData:
                fatalError("\(role) \(step): unexpected \(event)")
            case .failed:
                failures += 1
            case .closedByPeer:
                break
            }
        }
        if failures > 1 { fatalError("\(role) \(step): more than one failure") }
        if failures == 1 && connection.state != .failed && connection.state != .closed {
            fatalError("\(role) \(step): failed event but state \(connection.state)")
        }
        if connection.state == .failed || connection.state == .closed { terminal = connection.state }
    }
}
