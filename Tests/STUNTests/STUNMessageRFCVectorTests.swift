import StackCore
import Testing
@testable import STUN

/// RFC 5769 (all four vectors) and RFC 8489 Appendix B.1, decoded, verified and re-encoded
/// byte for byte.
@Suite struct STUNMessageRFCVectorTests {
    let shortTermKey = STUNIntegrityKey.shortTerm(password: STUNVectors.shortTermPassword)
    let longTermKey = STUNIntegrityKey.longTerm(
        username: STUNVectors.longTermUsername, realm: STUNVectors.realm, password: STUNVectors.longTermPassword)

    @Test("RFC 5769 §2.1: the sample request decodes, verifies and re-encodes byte for byte")
    func sampleRequest() throws {
        let message = try STUNMessage(decoding: STUNVectors.request)
        #expect(message.messageClass == .request)
        #expect(message.method == .binding)
        #expect(message.transactionID == STUNVectors.shortTermTransactionID)
        #expect(message.software == "STUN test client")
        #expect(message.priority == 0x6e00_01ff)
        #expect(message.iceControlled == 0x932f_f9b1_5126_3b36)
        #expect(message.iceControlling == nil)
        #expect(message.username == "evtj:h6vY")
        #expect(message.fingerprint == 0xe57a_3bcf)
        #expect(message.attributes.map(\.type) == [
            .software, .priority, .iceControlled, .username, .messageIntegrity, .fingerprint,
        ])
        #expect(try message.verifyIntegrity(key: shortTermKey) == .hmacSHA1)
        try message.verifyFingerprint()
        #expect(message.unknownComprehensionRequiredAttributes.isEmpty)

        let built = STUNMessage(.request, method: .binding, transactionID: STUNVectors.shortTermTransactionID,
                                attributes: [.software("STUN test client"), .priority(0x6e00_01ff),
                                             .iceControlled(0x932f_f9b1_5126_3b36), .username("evtj:h6vY")])
        // RFC 5769 pads with 0x20 (spaces); MESSAGE-INTEGRITY covers them.
        let bytes = try built.encoded(integrityKey: shortTermKey, fingerprint: true, paddingByte: 0x20)
        #expect(bytes == STUNVectors.request)
        // The decoded message re-encodes to the same bytes too (its MI/FINGERPRINT kept verbatim).
        #expect(try message.encoded(paddingByte: 0x20) == STUNVectors.request)
    }

    @Test("RFC 5769 §2.2: the IPv4 response gives 192.0.2.1:32853 and re-encodes byte for byte")
    func sampleIPv4Response() throws {
        let message = try STUNMessage(decoding: STUNVectors.ipv4Response)
        #expect(message.messageClass == .successResponse)
        #expect(message.method == .binding)
        #expect(message.software == "test vector")
        let mapped = try #require(message.xorMappedAddress)
        #expect(mapped == STUNTransportAddress(host: "192.0.2.1", port: 32853))
        #expect(mapped.description == "192.0.2.1:32853")
        #expect(try message.verifyIntegrity(key: shortTermKey) == .hmacSHA1)
        try message.verifyFingerprint()

        let built = STUNMessage(.successResponse, method: .binding, transactionID: STUNVectors.shortTermTransactionID,
                                attributes: [.software("test vector"), .xorMappedAddress(mapped)])
        #expect(try built.encoded(integrityKey: shortTermKey, fingerprint: true, paddingByte: 0x20)
                == STUNVectors.ipv4Response)
    }

    @Test("RFC 5769 §2.3: the IPv6 response gives [2001:db8:1234:5678:11:2233:4455:6677]:32853")
    func sampleIPv6Response() throws {
        let message = try STUNMessage(decoding: STUNVectors.ipv6Response)
        let mapped = try #require(message.xorMappedAddress)
        #expect(mapped == STUNTransportAddress(host: "2001:db8:1234:5678:11:2233:4455:6677", port: 32853))
        #expect(mapped.description == "[2001:db8:1234:5678:11:2233:4455:6677]:32853")
        #expect(try message.verifyIntegrity(key: shortTermKey) == .hmacSHA1)
        try message.verifyFingerprint()

        let built = STUNMessage(.successResponse, method: .binding, transactionID: STUNVectors.shortTermTransactionID,
                                attributes: [.software("test vector"), .xorMappedAddress(mapped)])
        #expect(try built.encoded(integrityKey: shortTermKey, fingerprint: true, paddingByte: 0x20)
                == STUNVectors.ipv6Response)
    }

    @Test("RFC 5769 §2.4: long-term credentials, key MD5(username:realm:password), byte for byte")
    func sampleLongTermRequest() throws {
        let message = try STUNMessage(decoding: STUNVectors.longTermRequest)
        #expect(message.transactionID == STUNVectors.longTermTransactionID)
        #expect(message.username == STUNVectors.longTermUsername)
        #expect(message.nonce == "f//499k954d6OL34oL9FSTvy64sA")
        #expect(message.realm == STUNVectors.realm)
        #expect(try message.verifyIntegrity(key: longTermKey) == .hmacSHA1)
        #expect(throws: STUNVerificationError.missingFingerprint) { try message.verifyFingerprint() }

        let built = STUNMessage(.request, method: .binding, transactionID: STUNVectors.longTermTransactionID,
                                attributes: [.username(STUNVectors.longTermUsername),
                                             .nonce("f//499k954d6OL34oL9FSTvy64sA"), .realm(STUNVectors.realm)])
        #expect(try built.encoded(integrityKey: longTermKey) == STUNVectors.longTermRequest)
    }

    @Test("RFC 5769 §2.1–§2.4: a wrong key is a typed mismatch, never a crash")
    func wrongKey() throws {
        for (name, bytes) in STUNVectors.rfc5769 {
            let message = try STUNMessage(decoding: bytes)
            #expect(throws: STUNVerificationError.integrityMismatch(.hmacSHA1), "\(name)") {
                try message.verifyIntegrity(key: .shortTerm(password: "wrong"))
            }
        }
    }

    @Test("RFC 8489 B.1: USERHASH is SHA-256(username:realm) (§14.4)")
    func userhash() throws {
        let message = try STUNMessage(decoding: STUNVectors.sha256RequestConsistent)
        let expected = STUNIntegrityKey.userhash(username: STUNVectors.longTermUsername, realm: STUNVectors.realm)
        #expect(message.attribute(.userhash) == .userhash(expected))
        #expect(Array(STUNVectors.userhashNonceRealm[4..<36]) == expected)
    }

    @Test("RFC 8489 B.1 (consistent form): MESSAGE-INTEGRITY-SHA256 verifies and re-encodes byte for byte")
    func messageIntegritySHA256() throws {
        let message = try STUNMessage(decoding: STUNVectors.sha256RequestConsistent)
        #expect(message.nonce == "obMatJos2AAACf//499k954d6OL34oL9FSTvy64sA")
        #expect(message.realm == STUNVectors.realm)
        #expect(try message.verifyIntegrity(key: longTermKey) == .hmacSHA256)
        let sha256Key = STUNIntegrityKey.longTerm(
            username: STUNVectors.longTermUsername, realm: STUNVectors.realm,
            password: STUNVectors.longTermPassword, algorithm: .sha256)
        #expect(throws: STUNVerificationError.integrityMismatch(.hmacSHA256)) {
            try message.verifyIntegrity(key: sha256Key)
        }
        let built = STUNMessage(.request, method: .binding, transactionID: STUNVectors.longTermTransactionID,
                                attributes: [
                                    .userhash(STUNIntegrityKey.userhash(
                                        username: STUNVectors.longTermUsername, realm: STUNVectors.realm)),
                                    .nonce("obMatJos2AAACf//499k954d6OL34oL9FSTvy64sA"),
                                    .realm(STUNVectors.realm),
                                ])
        #expect(try built.encoded(integrityKey: longTermKey, integrity: [.hmacSHA256])
                == STUNVectors.sha256RequestConsistent)
    }

    @Test("RFC 8489 B.1 as published: the length field 0x9c is rejected; its code is HMAC-SHA256 over those bytes")
    func publishedAppendixB1() throws {
        #expect(throws: STUNDecodingError(
            .lengthMismatch(declared: 0x9c, available: 0x88), offset: 2,
            header: STUNMessageHeader(messageClass: .request, method: .binding, length: 0x9c,
                                      transactionID: STUNVectors.longTermTransactionID))) {
            try STUNMessage(decoding: STUNVectors.sha256RequestAsPublished)
        }
        // The published code is the HMAC-SHA256, under the SHA-256 long-term key (§9.2.2), of the
        // bytes before the attribute exactly as printed (length 0x9c included).
        let sha256Key = STUNIntegrityKey.longTerm(
            username: STUNVectors.longTermUsername, realm: STUNVectors.realm,
            password: STUNVectors.longTermPassword, algorithm: .sha256)
        let published = STUNVectors.sha256RequestAsPublished
        let code = STUNIntegrityAlgorithm.hmacSHA256.authenticationCode(
            key: sha256Key, parts: published[0..<(published.count - 36)], [][...])
        #expect(code == Array(published.suffix(32)))
        // With the length corrected as §14.6 computes it, that code no longer matches.
        var corrected = published
        corrected[3] = 0x88
        let message = try STUNMessage(decoding: corrected)
        #expect(throws: STUNVerificationError.integrityMismatch(.hmacSHA256)) {
            try message.verifyIntegrity(key: sha256Key)
        }
    }

    @Test("RFC 8489 §14.7: FINGERPRINT is CRC-32 XOR 0x5354554e, over the RFC 5769 §2.1 bytes")
    func fingerprintArithmetic() {
        let bytes = STUNVectors.request
        #expect(CRC32.checksum(bytes.dropLast(8)) ^ 0x5354_554e == 0xe57a_3bcf)
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xcbf4_3926)  // the ISO-HDLC check value
    }
}
