import Testing
@testable import RTP

/// RFC 7983 §7 first-byte demultiplexing and RFC 5761 §4 RTP/RTCP separation.
@Suite struct RTPDatagramKindRFCVectorTests {
    @Test("RFC 7983 §7: every first-byte range boundary", arguments: [
        (UInt8(0), RTPDatagramKind.stun), (3, .stun), (4, .unknown), (15, .unknown),
        (16, .zrtp), (19, .zrtp), (20, .dtls), (63, .dtls), (64, .turnChannel), (79, .turnChannel),
        (80, .unknown), (127, .unknown), (128, .rtp), (191, .rtp), (192, .unknown), (255, .unknown),
    ])
    func firstByte(first: UInt8, expected: RTPDatagramKind) {
        #expect(RTPDatagramKind(classifying: [first, 0x00]) == expected)
    }

    @Test("RFC 5761 §4: second byte 192–223 is RTCP, anything else RTP", arguments: [
        (UInt8(0x6f), RTPDatagramKind.rtp), (0xef, .rtp), (191, .rtp), (192, .rtcp), (200, .rtcp),
        (206, .rtcp), (223, .rtcp), (224, .rtp),
    ])
    func secondByte(second: UInt8, expected: RTPDatagramKind) {
        #expect(RTPDatagramKind(classifying: [0x80, second]) == expected)
        #expect(RTPDatagramKind.isRTCP(secondByte: second) == (expected == .rtcp))
    }

    @Test("empty and one-byte RTP/RTCP datagrams cannot be classified")
    func tooShort() {
        #expect(RTPDatagramKind(classifying: [UInt8]()) == .unknown)
        #expect(RTPDatagramKind(classifying: [0x80]) == .unknown)
        #expect(RTPDatagramKind(classifying: [0x00]) == .stun)
        #expect(RTPDatagramKind(classifying: RTPTestBytes.senderReport) == .rtcp)
        #expect(RTPDatagramKind(classifying: RTPTestBytes.chromeOpus) == .rtp)
        #expect(RTPDatagramKind(classifying: RTPTestBytes.telephoneEvent) == .rtp)
    }
}
