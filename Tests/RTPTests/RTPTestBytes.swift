@testable import RTP

/// Test helpers: hex literals and packets used across the suites.
enum RTPTestBytes {
    /// Bytes from hex digits; spaces, newlines and `|` separators are ignored.
    static func hex(_ text: String) -> [UInt8] {
        let digits = text.unicodeScalars.compactMap { scalar -> UInt8? in
            switch scalar {
            case "0"..."9": return UInt8(scalar.value - 48)
            case "a"..."f": return UInt8(scalar.value - 87)
            case "A"..."F": return UInt8(scalar.value - 55)
            default: return nil
            }
        }
        return stride(from: 0, to: digits.count - 1, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
    }

    /// An Opus packet as Chrome sends it: PT 111, one-byte extensions ssrc-audio-level (ID 1,
    /// voice, −58 dBov), abs-send-time (ID 2) and transport-wide sequence number (ID 3).
    static let chromeOpus = hex("""
        90 6f 1a 2b | 00 01 e2 40 | 11 22 33 44
        be de 00 03 | 10 ba 22 01 | 02 03 31 00 | 2a 00 00 00
        78 01 02 03 04
        """)

    /// PCMU with marker, two CSRCs and 4 octets of padding.
    static let csrcAndPadding = hex("""
        a2 80 00 07 | 00 00 03 20 | de ad be ef
        00 00 00 01 | 00 00 00 02
        ff fe fd fc
        00 00 00 04
        """)

    /// SR with one report block (RFC 3550 §6.4.1), the NTP time of RFC 3550 Figure 2.
    static let senderReport = hex("""
        81 c8 00 0c | 11 22 33 44
        b4 4d b7 05 | 20 00 00 00 | 00 01 e2 40 | 00 00 00 64 | 00 00 3e 80
        55 66 77 88 | 0a ff ff fe | 00 01 00 20 | 00 00 00 1c | b7 05 20 00 | 00 05 40 00
        """)

    /// SDES with the CNAME "abcdefghijklmnop" (RFC 3550 §6.5).
    static let sdesCNAME = hex("""
        81 ca 00 06 | 11 22 33 44
        01 10 61 62 63 64 65 66 67 68 69 6a 6b 6c 6d 6e 6f 70 00 00
        """)

    /// A telephone-event packet: PT 101, marker, digit 9 with 400 units (RFC 4733 §2.3).
    static let telephoneEvent = hex("""
        80 e5 00 10 | 00 00 1f 40 | 11 22 33 44
        09 0a 01 90
        """)

    /// The report block of ``senderReport``.
    static let reportBlock = RTCPReportBlock(
        ssrc: 0x5566_7788, fractionLost: 10, cumulativeLost: -2, extendedHighestSequence: 65568,
        jitter: 28, lastSenderReport: 0xb705_2000, delaySinceLastSenderReport: 0x0005_4000)

    /// The typed form of ``senderReport``.
    static let senderReportValue = RTCPSenderReport(
        ssrc: 0x1122_3344, ntpTimestamp: NTPTimestamp(rawValue: 0xb44d_b705_2000_0000), rtpTimestamp: 123_456,
        packetCount: 100, octetCount: 16000, reportBlocks: [reportBlock])
}
