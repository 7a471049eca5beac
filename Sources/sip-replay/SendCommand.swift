import ArgumentParser
import CaptureAnalysis
import CaptureFile
import Foundation
import Glibc

/// `sip-replay send FILE --to HOST:PORT [--speed X] [--from ENDPOINT]`: re-sends one side's SIP.
struct Send: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-send the SIP messages one side of a capture sent, over UDP to a server on loopback, with their spacing.",
        discussion: """
            The messages the --from endpoint sent (default: the sender of the capture's first SIP message) \
            go to --to in capture order, the gaps between them divided by --speed. Each line printed is one \
            message sent (`>`) or a datagram the server sent back (`<`), with the time since the first. \
            Only loopback targets (127.0.0.0/8, ::1) are accepted: a capture replayed at a production \
            server is not a test. Exit status: 0 sent, 1 not a capture or nothing to send, 2 usage error.
            """)

    @Argument(help: "The capture file (pcap or pcapng).")
    var file: String

    @Option(name: .long, help: ArgumentHelp("The server: 127.0.0.1:PORT or [::1]:PORT.", valueName: "HOST:PORT"))
    var to: String

    @Option(name: .long, help: "Divide the capture's gaps by this (1: original spacing).")
    var speed: Double = 1

    @Option(name: .long, help: ArgumentHelp("Whose messages to send (default: the first SIP message's sender).", valueName: "IP:PORT"))
    var from: String?

    /// The loopback target.
    func target() throws -> (host: String, port: UInt16, family: Int32) {
        let text = to.trimmingCharacters(in: .whitespaces)
        let host: String, portText: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = String(text[text.index(after: text.startIndex)..<close])
            portText = text[text.index(after: close)...].dropFirst()
        } else if let colon = text.lastIndex(of: ":") {
            host = String(text[..<colon])
            portText = text[text.index(after: colon)...]
        } else {
            throw ValidationError("--to \(to): expected HOST:PORT")
        }
        guard let port = UInt16(portText), port > 0 else { throw ValidationError("--to \(to): bad port") }
        if host == "::1" { return (host, port, AF_INET6) }
        guard host.hasPrefix("127."), host.split(separator: ".").count == 4 else {
            throw ValidationError("--to \(to): only loopback targets (127.0.0.0/8, ::1) are accepted")
        }
        return (host, port, AF_INET)
    }

    func validate() throws {
        _ = try target()
        guard speed.isFinite, speed > 0, speed <= 1_000_000 else { throw ValidationError("--speed must be above 0") }
    }

    func run() throws {
        let report = try SIPReplay.analyze(file)
        let sender = from ?? report.messages.first?.source.description
        let messages = report.messages.filter { $0.source.description == sender }
        guard !messages.isEmpty else {
            FileHandle.standardError.write(Data("sip-replay: no SIP messages from \(sender ?? "anyone") in \(file)\n".utf8))
            throw ExitCode(1)
        }
        let (host, port, family) = try target()
        let socket = try UDPSocket(host: host, port: port, family: family)
        let start = ContinuousClock.now
        let first = messages[0].timestamp
        func elapsed() -> String { String(format: "%+9.3f", Double((ContinuousClock.now - start) / .microseconds(1)) / 1e6) }
        for message in messages {
            let due = start + .nanoseconds(Int64(Double(message.timestamp - first) / speed))
            // Print what the server sends back while waiting for the next message's time.
            while ContinuousClock.now < due {
                let wait = max(0, Int32((due - ContinuousClock.now) / .milliseconds(1)))
                if let reply = socket.receive(timeoutMilliseconds: min(wait, 50)) { print("\(elapsed()) < \(Self.firstLine(reply))") }
            }
            try socket.send(message.bytes)
            print("\(elapsed()) > \(message.summary)")
        }
        // A last moment for the answers to the last message.
        let end = ContinuousClock.now + .milliseconds(500)
        while ContinuousClock.now < end {
            if let reply = socket.receive(timeoutMilliseconds: 50) { print("\(elapsed()) < \(Self.firstLine(reply))") }
        }
    }

    static func firstLine(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.prefix { $0 != 13 && $0 != 10 }.prefix(120), as: UTF8.self)
    }
}

/// A connected UDP socket (the tool's only socket; no event loop needed for one sequential sender).
final class UDPSocket {
    private let descriptor: Int32

    init(host: String, port: UInt16, family: Int32) throws {
        descriptor = Glibc.socket(family, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { throw ValidationError("socket: \(String(cString: strerror(errno)))") }
        var result: Int32
        if family == AF_INET6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = port.bigEndian
            inet_pton(AF_INET6, host, &address.sin6_addr)
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            inet_pton(AF_INET, host, &address.sin_addr)
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        guard result == 0 else {
            close(descriptor)
            throw ValidationError("connect: \(String(cString: strerror(errno)))")
        }
    }

    deinit { close(descriptor) }

    func send(_ bytes: [UInt8]) throws {
        let sent = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, 0) }
        guard sent == bytes.count else { throw ValidationError("send: \(String(cString: strerror(errno)))") }
    }

    /// A datagram, or nil after `timeoutMilliseconds` (or on an ICMP error from a closed port).
    func receive(timeoutMilliseconds: Int32) -> [UInt8]? {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, timeoutMilliseconds) > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Array(buffer.prefix(count))
    }
}
