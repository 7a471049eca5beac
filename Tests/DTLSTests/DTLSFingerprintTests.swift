import DTLS
import Testing

/// Fingerprints and certificates (RFC 8122 §5, RFC 5763 §5).
@Suite struct DTLSFingerprintTests {
    @Test func generatedCertificateHasSHA256FingerprintInSDPForm() throws {
        let certificate = try DTLSCertificate.generate()
        let fingerprint = certificate.fingerprint
        #expect(fingerprint.algorithm == "sha-256")
        #expect(fingerprint.bytes.count == 32)
        let value = fingerprint.sdpValue
        #expect(value.count == 32 * 3 - 1)
        #expect(value == value.uppercased())
        #expect(value.split(separator: ":").allSatisfy { $0.count == 2 })
        #expect(fingerprint.description == "sha-256 " + value)
        #expect(certificate.fingerprint(algorithm: "sha-256") == fingerprint)
        #expect(certificate.fingerprint(algorithm: "SHA-256") == fingerprint)
        #expect(!certificate.der.isEmpty && certificate.der[0] == 0x30)
    }

    @Test func otherHashesHaveTheirLengths() throws {
        let certificate = try #require(TestCertificates.client)
        #expect(certificate.fingerprint(algorithm: "sha-1")?.bytes.count == 20)
        #expect(certificate.fingerprint(algorithm: "sha-384")?.bytes.count == 48)
        #expect(certificate.fingerprint(algorithm: "sha-512")?.bytes.count == 64)
        #expect(certificate.fingerprint(algorithm: "md5") == nil)
        #expect(certificate.fingerprint(algorithm: "sha-3000") == nil)
    }

    @Test func certificatesDiffer() throws {
        let a = try DTLSCertificate.generate(commonName: "a")
        let b = try DTLSCertificate.generate(commonName: "a")
        #expect(a.fingerprint != b.fingerprint)
    }

    @Test func sdpValueRoundTrips() throws {
        let certificate = try #require(TestCertificates.server)
        for algorithm in ["sha-1", "sha-256", "sha-384", "sha-512"] {
            let fingerprint = try #require(certificate.fingerprint(algorithm: algorithm))
            #expect(DTLSFingerprint(algorithm: algorithm, sdpValue: fingerprint.sdpValue) == fingerprint)
            #expect(DTLSFingerprint(algorithm: algorithm.uppercased(), sdpValue: fingerprint.sdpValue.lowercased())
                == fingerprint)
        }
    }

    @Test func parsesMixedCaseAndPrintsUpperCase() throws {
        let parsed = try #require(DTLSFingerprint(algorithm: "sha-1",
                                                  sdpValue: "ab:CD:eF:01:23:45:67:89:0a:bc:de:f0:11:22:33:44:55:66:77:88"))
        #expect(parsed.bytes.prefix(3) == [0xAB, 0xCD, 0xEF])
        #expect(parsed.sdpValue == "AB:CD:EF:01:23:45:67:89:0A:BC:DE:F0:11:22:33:44:55:66:77:88")
        #expect(DTLSFingerprint(algorithm: "x-unknown", sdpValue: "01:02")?.bytes == [1, 2])
    }

    @Test(arguments: [
        "", ":", "A", "ABC", "AB:", ":AB", "AB::CD", "AB-CD", "AB:CD:", "GG:00", "AB CD", "AB:C", " AB",
        "AB:CD:EF",  // sha-256 needs 32 bytes
    ])
    func rejectsMalformedValues(_ value: String) {
        #expect(DTLSFingerprint(algorithm: "sha-256", sdpValue: value) == nil)
    }

    @Test func errorDescriptionsAreClear() {
        let mismatch = DTLSError.fingerprintMismatch(expected: ["sha-256 AA:BB"], actual: "sha-256 CC:DD")
        #expect(mismatch.description.hasPrefix("DTLS fingerprint mismatch"))
        #expect(mismatch.description.contains("sha-256 AA:BB") && mismatch.description.contains("sha-256 CC:DD"))
        #expect(DTLSError.openSSL(call: "SSL_new", detail: "x").description.contains("SSL_new"))
    }

    @Test func profilesDescribeTheirKeys() {
        #expect(DTLSSRTPProfile.aeadAES128GCM.keyLength == 16)
        #expect(DTLSSRTPProfile.aeadAES128GCM.saltLength == 12)
        #expect(DTLSSRTPProfile.aes128CMSHA1_80.keyLength == 16)
        #expect(DTLSSRTPProfile.aes128CMSHA1_80.saltLength == 14)
        #expect(DTLSSRTPProfile.aeadAES128GCM.openSSLName == "SRTP_AEAD_AES_128_GCM")
        #expect(DTLSSRTPProfile.aes128CMSHA1_80.openSSLName == "SRTP_AES128_CM_SHA1_80")
        #expect(DTLSSRTPProfile(protectionProfileID: 0x0007) == .aeadAES128GCM)
        #expect(DTLSSRTPProfile(protectionProfileID: 0x0002) == nil)
    }

    @Test func keyingMaterialLayoutFollowsRFC5764() throws {
        // client key | server key | client salt | server salt (RFC 5764 §4.2)
        let exported = (0..<60).map { UInt8($0) }
        let client = try #require(DTLSSRTPKeyingMaterial(profile: .aes128CMSHA1_80, role: .client, exported: exported))
        let server = try #require(DTLSSRTPKeyingMaterial(profile: .aes128CMSHA1_80, role: .server, exported: exported))
        #expect(client.localKey == Array(0..<16) && client.remoteKey == Array(16..<32))
        #expect(client.localSalt == Array(32..<46) && client.remoteSalt == Array(46..<60))
        #expect(server.localKey == client.remoteKey && server.localSalt == client.remoteSalt)
        #expect(server.remoteKey == client.localKey && server.remoteSalt == client.localSalt)
        #expect(client.localKeyAndSalt == Array(0..<16) + Array(32..<46))
        #expect(DTLSSRTPKeyingMaterial(profile: .aeadAES128GCM, role: .client, exported: exported) == nil)
    }
}
