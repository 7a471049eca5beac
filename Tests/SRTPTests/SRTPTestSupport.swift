@testable import SRTP

/// Builders and a deterministic generator shared by the SRTP tests.
enum SRTPTestSupport {
    /// An RTP packet: V=2, PT 111, the given sequence number, timestamp and SSRC, then `payload`.
    static func rtp(sequence: UInt16, timestamp: UInt32 = 0x1234_5678, ssrc: UInt32 = 0xCAFE_BABE,
                    payload: [UInt8] = Array(repeating: 0xAB, count: 160)) -> [UInt8] {
        var packet: [UInt8] = [0x80, 111, UInt8(sequence >> 8), UInt8(sequence & 0xFF)]
        packet += bigEndian(timestamp) + bigEndian(ssrc)
        return packet + payload
    }

    /// An RTCP receiver report with one report block (RFC 3550 §6.4.2), 32 bytes.
    static func rtcp(ssrc: UInt32 = 0xCAFE_BABE) -> [UInt8] {
        var packet: [UInt8] = [0x81, 201, 0x00, 0x07]
        packet += bigEndian(ssrc) + bigEndian(0x1111_1111)
        packet += Array(repeating: 0x22, count: 20)
        return packet
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    static func hex(_ text: String) -> [UInt8] {
        let digits = text.filter { !$0.isWhitespace }.map { UInt8(String($0), radix: 16) ?? 0 }
        return stride(from: 0, to: digits.count - 1, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
    }

    /// A matched outbound/inbound pair keyed with fixed material.
    static func pair(_ profile: SRTPProfile) throws -> (sender: SRTPSession, receiver: SRTPSession) {
        let key = (0..<profile.keyLength).map { UInt8($0 &* 7 &+ 1) }
        let salt = (0..<profile.saltLength).map { UInt8($0 &* 13 &+ 5) }
        let sender = try SRTPSession(profile: profile, direction: .outbound, masterKey: key, masterSalt: salt)
        let receiver = try SRTPSession(profile: profile, direction: .inbound, masterKey: key, masterSalt: salt)
        return (sender, receiver)
    }
}

