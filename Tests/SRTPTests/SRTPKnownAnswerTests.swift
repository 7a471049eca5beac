import Testing
@testable import SRTP

/// Whole-packet known answers. RFC 3711 Appendix B gives only keystream and key-derivation
/// vectors, so these are the reference packets of libsrtp's `test/srtp_driver.c`
/// (`srtp_validate`, `srtp_validate_gcm`), which independent implementations (jitsi-srtp,
/// rtpengine) check against too. The AES-CM key and salt are RFC 3711 Appendix B.3's.
@Suite struct SRTPKnownAnswerTests {
    static let rtpPlaintext = SRTPTestSupport.hex("800f1234 decafbad cafebabe" + String(repeating: "ab", count: 16))
    static let rtcpPlaintext = SRTPTestSupport.hex("81c8000b cafebabe" + String(repeating: "ab", count: 16))

    static let cmKey = SRTPTestSupport.hex("e1f97a0d3e018be0d64fa32c06de4139")
    static let cmSalt = SRTPTestSupport.hex("0ec675ad498afeebb6960b3aabe6")
    static let cmRTP = SRTPTestSupport.hex("""
        800f1234 decafbad cafebabe 4e55dc4c e79978d8 8ca4d215 949d2402 b78d6acc 99ea179b 8dbb
        """)
    static let cmRTCP = SRTPTestSupport.hex("""
        81c8000b cafebabe 7128035b e487b9bd bef89041 f977a5a8 80000001 993e08cd 54d6c123 0798
        """)

    static let gcmKey = SRTPTestSupport.hex("000102030405060708090a0b0c0d0e0f")
    static let gcmSalt = SRTPTestSupport.hex("a0a1a2a3a4a5a6a7a8a9aaab")
    static let gcmRTP = SRTPTestSupport.hex("""
        800f1234 decafbad cafebabe c5002ede 04cfdd2e b91159e0 880aa06e d2976826 f796b201 df3131a1 27e8a392
        """)
    static let gcmRTCP = SRTPTestSupport.hex("""
        81c8000b cafebabe c98b8b5d f0392a55 852b6c21 ac8e7025 c52c6fbe a2b3b446 ea31123b a88ce61e 80000001
        """)

    @Test("AES_CM_128_HMAC_SHA1_80 protects to libsrtp's reference packets (RFC 3711 §3.1, §3.4)")
    func aesCounterModeProtect() throws {
        let sender = try SRTPSession(profile: .aes128CMHMACSHA1_80, direction: .outbound,
                                     masterKey: Self.cmKey, masterSalt: Self.cmSalt)
        #expect(try sender.protectRTP(Self.rtpPlaintext) == Self.cmRTP)
        #expect(try sender.protectRTCP(Self.rtcpPlaintext) == Self.cmRTCP)
    }

    @Test("AES_CM_128_HMAC_SHA1_80 reference packets unprotect (RFC 3711 §3.3, §3.4)")
    func aesCounterModeUnprotect() throws {
        let receiver = try SRTPSession(profile: .aes128CMHMACSHA1_80, direction: .inbound,
                                       masterKey: Self.cmKey, masterSalt: Self.cmSalt)
        #expect(try receiver.unprotectRTP(Self.cmRTP) == Self.rtpPlaintext)
        #expect(try receiver.unprotectRTCP(Self.cmRTCP) == Self.rtcpPlaintext)
    }

    @Test("AEAD_AES_128_GCM protects to libsrtp's reference packets (RFC 7714 §7.1, §9.1)")
    func gcmProtect() throws {
        let sender = try SRTPSession(profile: .aeadAES128GCM, direction: .outbound,
                                     masterKey: Self.gcmKey, masterSalt: Self.gcmSalt)
        #expect(try sender.protectRTP(Self.rtpPlaintext) == Self.gcmRTP)
        #expect(try sender.protectRTCP(Self.rtcpPlaintext) == Self.gcmRTCP)
    }

    @Test("AEAD_AES_128_GCM reference packets unprotect (RFC 7714 §7.2, §9.2)")
    func gcmUnprotect() throws {
        let receiver = try SRTPSession(profile: .aeadAES128GCM, direction: .inbound,
                                       masterKey: Self.gcmKey, masterSalt: Self.gcmSalt)
        #expect(try receiver.unprotectRTP(Self.gcmRTP) == Self.rtpPlaintext)
        #expect(try receiver.unprotectRTCP(Self.gcmRTCP) == Self.rtcpPlaintext)
        #expect(receiver.statistics.unprotectedRTP == 1)
        #expect(receiver.statistics.unprotectedRTCP == 1)
    }

    @Test("profile constants (RFC 5764 §4.1.2, RFC 7714 §14.2)")
    func profileConstants() {
        #expect(SRTPProfile.aes128CMHMACSHA1_80.keyingMaterialLength == 60)
        #expect(SRTPProfile.aeadAES128GCM.keyingMaterialLength == 56)
        #expect(SRTPProfile.aes128CMHMACSHA1_80.rtcpTrailerLength == 14)
        #expect(SRTPProfile.aeadAES128GCM.rtcpTrailerLength == 20)
        #expect(SRTPProfile(protectionProfileID: 0x0007) == .aeadAES128GCM)
        #expect(SRTPProfile(protectionProfileID: 0x0001) == .aes128CMHMACSHA1_80)
        #expect(SRTPProfile(protectionProfileID: 0x0002) == nil)
        #expect(SRTPSession.maximumTrailerLength == 144)
    }
}
