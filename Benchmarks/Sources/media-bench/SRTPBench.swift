// srtp-gcm / srtp-aescm: protect + unprotect of one 172-byte RTP packet (12-byte header,
// 160-byte payload: 20 ms of G.711), increasing sequence numbers, replay protection on.
//   ours: SRTPSession (outbound) .protectRTP then SRTPSession (inbound) .unprotectRTP, in place
//   peer: srtp_protect then srtp_unprotect on two libsrtp2 contexts made with srtp_create and
//         the same policy (ssrc_any_outbound / ssrc_any_inbound, window 1024, no repeat tx)
import BenchSupport
import CSRTPBench
import SRTP

/// Two raw libsrtp2 contexts (outbound, inbound) on the C API, keyed like an SRTPSession pair.
final class RawSRTPPair {
    let outbound: OpaquePointer, inbound: OpaquePointer

    init(profile: SRTPProfile, key: [UInt8], salt: [UInt8]) {
        func create(_ direction: srtp_ssrc_type_t) -> OpaquePointer {
            var policy = srtp_policy_t()
            switch profile {
            case .aeadAES128GCM:
                srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtp)
                srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtcp)
            case .aes128CMHMACSHA1_80:
                srtp_crypto_policy_set_rtp_default(&policy.rtp)
                srtp_crypto_policy_set_rtcp_default(&policy.rtcp)
            }
            policy.ssrc.type = direction
            policy.window_size = 1024
            policy.allow_repeat_tx = 0
            var material = key + salt
            var created: OpaquePointer?
            let status = material.withUnsafeMutableBufferPointer { bytes in
                policy.key = bytes.baseAddress
                return srtp_create(&created, &policy)
            }
            guard status == srtp_err_status_ok, let created else {
                fail("media-bench", "srtp_create failed: \(status.rawValue)")
            }
            return created
        }
        outbound = create(ssrc_any_outbound)
        inbound = create(ssrc_any_inbound)
    }

    deinit {
        srtp_dealloc(outbound)
        srtp_dealloc(inbound)
    }
}

/// A 172-byte RTP packet in a buffer with room for any SRTP trailer; `next()` writes the
/// next sequence number and timestamp into the header.
final class PacketBuffer {
    static let packetLength = 172
    let buffer: UnsafeMutableRawBufferPointer
    var sequence: UInt16 = 1
    var timestamp: UInt32 = 1000

    init() {
        buffer = .allocate(byteCount: Self.packetLength + Int(SRTP_MAX_TRAILER_LEN), alignment: 16)
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        buffer[0] = 0x80  // V=2, no padding/extension/CSRC
        buffer[1] = 0     // PT 0 (PCMU)
        for (offset, byte) in [UInt8](arrayLiteral: 0x12, 0x34, 0x56, 0x78).enumerated() { buffer[8 + offset] = byte }
        for index in 12..<Self.packetLength { buffer[index] = UInt8(truncatingIfNeeded: index &* 7) }
    }

    deinit { buffer.deallocate() }

    @inline(__always)
    func next() {
        sequence &+= 1
        timestamp &+= 160
        buffer[2] = UInt8(sequence >> 8)
        buffer[3] = UInt8(truncatingIfNeeded: sequence)
        buffer[4] = UInt8(timestamp >> 24)
        buffer[5] = UInt8(truncatingIfNeeded: timestamp >> 16)
        buffer[6] = UInt8(truncatingIfNeeded: timestamp >> 8)
        buffer[7] = UInt8(truncatingIfNeeded: timestamp)
    }

    /// Whether the payload is back to the plaintext `init` wrote.
    var payloadIntact: Bool {
        (12..<Self.packetLength).allSatisfy { buffer[$0] == UInt8(truncatingIfNeeded: $0 &* 7) }
    }
}

func srtpBench(name: String, profile: SRTPProfile, options: BenchOptions) {
    let key = (0..<profile.keyLength).map { UInt8(truncatingIfNeeded: 0x10 &+ $0 &* 3) }
    let salt = (0..<profile.saltLength).map { UInt8(truncatingIfNeeded: 0xA0 &+ $0) }
    func ourPair() -> (SRTPSession, SRTPSession) {
        do {
            // The first SRTPSession runs srtp_init, which the raw contexts need too.
            return (try SRTPSession(profile: profile, direction: .outbound, masterKey: key, masterSalt: salt),
                    try SRTPSession(profile: profile, direction: .inbound, masterKey: key, masterSalt: salt))
        } catch {
            fail("media-bench", "SRTPSession: \(error)")
        }
    }

    // Cross-check: ours protects, libsrtp unprotects, and the other way round (same keys, same wire).
    do {
        let (ourOut, ourIn) = ourPair()
        let raw = RawSRTPPair(profile: profile, key: key, salt: salt)
        let packet = PacketBuffer()
        for _ in 0..<3 {
            packet.next()
            var length = Int32((try? ourOut.protectRTP(packet.buffer, length: PacketBuffer.packetLength)) ?? 0)
            guard length == Int32(PacketBuffer.packetLength + profile.rtpTagLength),
                  srtp_unprotect(raw.inbound, packet.buffer.baseAddress, &length) == srtp_err_status_ok,
                  length == Int32(PacketBuffer.packetLength), packet.payloadIntact else {
                fail("media-bench", "\(name): libsrtp does not unprotect what SRTPSession protected")
            }
            packet.next()
            guard srtp_protect(raw.outbound, packet.buffer.baseAddress, &length) == srtp_err_status_ok,
                  (try? ourIn.unprotectRTP(packet.buffer, length: Int(length))) == PacketBuffer.packetLength,
                  packet.payloadIntact else {
                fail("media-bench", "\(name): SRTPSession does not unprotect what libsrtp protected")
            }
        }
    }

    let (ourOut, ourIn) = ourPair()
    let raw = RawSRTPPair(profile: profile, key: key, salt: salt)
    let ourPacket = PacketBuffer(), rawPacket = PacketBuffer()
    var ourFailures = 0, rawFailures = 0
    let result = measurePair(options, ours: { count in
        for _ in 0..<count {
            ourPacket.next()
            do {
                let protected = try ourOut.protectRTP(ourPacket.buffer, length: PacketBuffer.packetLength)
                let plain = try ourIn.unprotectRTP(ourPacket.buffer, length: protected)
                if plain != PacketBuffer.packetLength { ourFailures += 1 }
            } catch {
                ourFailures += 1
            }
        }
    }, peer: { count in
        let base = rawPacket.buffer.baseAddress
        for _ in 0..<count {
            rawPacket.next()
            var length = Int32(PacketBuffer.packetLength)
            if srtp_protect(raw.outbound, base, &length) != srtp_err_status_ok { rawFailures += 1 }
            if srtp_unprotect(raw.inbound, base, &length) != srtp_err_status_ok
                || length != Int32(PacketBuffer.packetLength) { rawFailures += 1 }
        }
    })
    guard ourFailures == 0, rawFailures == 0, ourPacket.payloadIntact, rawPacket.payloadIntact else {
        fail("media-bench", "\(name): failures during timing (ours \(ourFailures), libsrtp \(rawFailures))")
    }
    print("# \(name): \(result.oursCount)/\(result.peerCount) packets per round, spread ours \(format(result.oursSpread))% libsrtp \(format(result.peerSpread))%, \(ourOut.statistics.protectedRTP) packets through ours")
    print("\(name): ours \(format(result.ours)) ns/packet, peer \(format(result.peer)) ns/packet (libsrtp2 direct), ratio \(format(result.ratio, decimals: 2))")

    // The same with many other libsrtp contexts alive, as on a busy server (4 per call: each
    // end's inbound and outbound). Debian's libsrtp2 uses NSS, whose per-packet session
    // handling walks tables that grow with every live context.
    let others = (0..<(liveContexts / 2)).map { _ in RawSRTPPair(profile: profile, key: key, salt: salt) }
    let crowded = measurePair(options, ours: { count in
        for _ in 0..<count {
            ourPacket.next()
            if let protected = try? ourOut.protectRTP(ourPacket.buffer, length: PacketBuffer.packetLength) {
                _ = try? ourIn.unprotectRTP(ourPacket.buffer, length: protected)
            }
        }
    }, peer: { count in
        let base = rawPacket.buffer.baseAddress
        for _ in 0..<count {
            rawPacket.next()
            var length = Int32(PacketBuffer.packetLength)
            _ = srtp_protect(raw.outbound, base, &length)
            _ = srtp_unprotect(raw.inbound, base, &length)
        }
    })
    blackHole(others)
    print("# \(name): with \(liveContexts) more libsrtp contexts alive (\(liveContexts / 4) calls' worth): ours \(format(crowded.ours)) ns/packet, libsrtp2 direct \(format(crowded.peer)) ns/packet, ratio \(format(crowded.ratio, decimals: 2)); \(format(crowded.peer / result.peer, decimals: 1))× the cost with none")
}

/// Live libsrtp contexts for the crowded measurement.
let liveContexts = 4_000
