import DTLS
import Testing

/// Handshakes between two in-process connections (RFC 6347, RFC 5763, RFC 5764).
@Suite struct DTLSHandshakeTests {
    @Test func handshakeAgreesOnGCMAndCrossesTheKeys() throws {
        let pair = try DTLSPair()
        pair.handshake()
        #expect(pair.client.state == .connected)
        #expect(pair.server.state == .connected)
        let client = try #require(pair.keys(.client))
        let server = try #require(pair.keys(.server))
        #expect(client.profile == .aeadAES128GCM)
        #expect(server.profile == .aeadAES128GCM)
        #expect(client.localKey.count == 16 && client.localSalt.count == 12)
        #expect(client.localKey == server.remoteKey && client.localSalt == server.remoteSalt)
        #expect(client.remoteKey == server.localKey && client.remoteSalt == server.localSalt)
        #expect(client.localKey != client.remoteKey)
        #expect(pair.client.keyingMaterial == client && pair.server.keyingMaterial == server)
        #expect(pair.client.peerFingerprint == TestCertificates.server?.fingerprint)
        #expect(pair.server.peerFingerprint == TestCertificates.client?.fingerprint)
        #expect(pair.timeouts[.client] == .some(nil) && pair.timeouts[.server] == .some(nil))
    }

    @Test(arguments: [
        ([DTLSSRTPProfile.aes128CMSHA1_80], [DTLSSRTPProfile.aeadAES128GCM, .aes128CMSHA1_80], DTLSSRTPProfile.aes128CMSHA1_80),
        ([.aeadAES128GCM, .aes128CMSHA1_80], [.aes128CMSHA1_80], .aes128CMSHA1_80),
        ([.aes128CMSHA1_80, .aeadAES128GCM], [.aeadAES128GCM, .aes128CMSHA1_80], .aeadAES128GCM),
        ([.aeadAES128GCM, .aes128CMSHA1_80], [.aes128CMSHA1_80, .aeadAES128GCM], .aes128CMSHA1_80),
        ([.aeadAES128GCM], [.aeadAES128GCM], .aeadAES128GCM),
    ])
    func profileNegotiationFollowsTheServersOrder(client: [DTLSSRTPProfile], server: [DTLSSRTPProfile],
                                                  expected: DTLSSRTPProfile) throws {
        let pair = try DTLSPair(clientProfiles: client, serverProfiles: server)
        pair.handshake()
        let clientKeys = try #require(pair.keys(.client))
        let serverKeys = try #require(pair.keys(.server))
        #expect(clientKeys.profile == expected && serverKeys.profile == expected)
        #expect(clientKeys.localSalt.count == expected.saltLength)
        #expect(clientKeys.localKey == serverKeys.remoteKey && clientKeys.remoteSalt == serverKeys.localSalt)
    }

    @Test(arguments: [DTLSRole.client, .server])
    func peerWithoutUseSRTPFailsWithNoSRTPProfile(withoutSRTP: DTLSRole) throws {
        let pair = try DTLSPair(clientProfiles: withoutSRTP == .client ? [] : [.aeadAES128GCM],
                                serverProfiles: withoutSRTP == .server ? [] : [.aeadAES128GCM])
        pair.handshake()
        #expect(pair.failure(.client) == .noSRTPProfile)
        #expect(pair.failure(.server) == .noSRTPProfile)
        #expect(pair.client.state == .failed && pair.server.state == .failed)
        #expect(pair.keys(.client) == nil && pair.keys(.server) == nil)
    }

    @Test func disjointProfilesFailWithNoSRTPProfile() throws {
        let pair = try DTLSPair(clientProfiles: [.aeadAES128GCM], serverProfiles: [.aes128CMSHA1_80])
        pair.handshake()
        #expect(pair.failure(.client) == .noSRTPProfile)
        #expect(pair.failure(.server) == .noSRTPProfile)
    }

    @Test func serverRejectsClientCertificateWithFingerprintMismatch() throws {
        let stranger = try #require(TestCertificates.stranger)
        let pair = try DTLSPair(serverExpects: [stranger.fingerprint])
        pair.handshake()
        guard case .fingerprintMismatch(let expected, let actual) = pair.failure(.server) else {
            Issue.record("server: \(String(describing: pair.failure(.server)))")
            return
        }
        #expect(expected == [stranger.fingerprint.description])
        #expect(actual == TestCertificates.client?.fingerprint.description)
        #expect(pair.failure(.server)?.description.hasPrefix("DTLS fingerprint mismatch") == true)
        #expect(pair.server.state == .failed && pair.keys(.server) == nil)
        // The fatal alert reaches the client, which fails too, and neither side has keys.
        guard case .handshakeFailed(let reason) = pair.failure(.client) else {
            Issue.record("client: \(String(describing: pair.failure(.client)))")
            return
        }
        #expect(reason.contains("alert"))
        #expect(pair.client.state == .failed && pair.keys(.client) == nil)
    }

    @Test func clientRejectsServerCertificateWithFingerprintMismatch() throws {
        let stranger = try #require(TestCertificates.stranger)
        let pair = try DTLSPair(clientExpects: [stranger.fingerprint])
        pair.handshake()
        guard case .fingerprintMismatch(_, let actual) = pair.failure(.client) else {
            Issue.record("client: \(String(describing: pair.failure(.client)))")
            return
        }
        #expect(actual == TestCertificates.server?.fingerprint.description)
        #expect(pair.client.state == .failed && pair.keys(.client) == nil)
        #expect(pair.server.state == .failed && pair.keys(.server) == nil)
    }

    @Test func anyOfSeveralFingerprintsAndOtherHashesMatch() throws {
        let stranger = try #require(TestCertificates.stranger)
        let server = try #require(TestCertificates.server)
        let client = try #require(TestCertificates.client)
        let pair = try DTLSPair(clientExpects: [stranger.fingerprint, try #require(server.fingerprint(algorithm: "sha-512"))],
                                serverExpects: [try #require(client.fingerprint(algorithm: "sha-1"))])
        pair.handshake()
        #expect(pair.client.state == .connected && pair.server.state == .connected)
        #expect(pair.client.peerFingerprint?.algorithm == "sha-512")
        #expect(pair.server.peerFingerprint?.algorithm == "sha-1")
    }

    @Test func emptyExpectedFingerprintsNeverMatch() throws {
        let pair = try DTLSPair(serverExpects: [])
        pair.handshake()
        guard case .fingerprintMismatch(let expected, _) = pair.failure(.server) else {
            Issue.record("server: \(String(describing: pair.failure(.server)))")
            return
        }
        #expect(expected.isEmpty)
    }

    @Test func fingerprintsMayArriveAfterCreation() throws {
        let pair = try DTLSPair(serverExpects: [])
        pair.server.remoteFingerprints = [try #require(TestCertificates.client?.fingerprint)]
        pair.handshake()
        #expect(pair.server.state == .connected && pair.client.state == .connected)
    }

    @Test func mtu300FragmentsEveryDatagram() throws {
        let pair = try DTLSPair(mtu: 300)
        pair.handshake()
        #expect(pair.client.state == .connected && pair.server.state == .connected)
        let all = pair.sent[.client, default: []] + pair.sent[.server, default: []]
        #expect(all.allSatisfy { $0.count <= 300 })
        #expect(pair.sent[.server, default: []].count >= 3)  // the server's certificate flight needs several
        #expect(pair.keys(.client)?.localKey == pair.keys(.server)?.remoteKey)
    }

    @Test func mtuBelowTheDTLSMinimumIsRejected() throws {
        let certificate = try #require(TestCertificates.client)
        #expect(throws: DTLSError.self) {
            try DTLSConnection(role: .client, certificate: certificate, remoteFingerprints: [], mtu: 100)
        }
    }

    @Test func startIsTheClientsHelloAndNothingForTheServer() throws {
        let pair = try DTLSPair()
        let serverStart = pair.server.start()
        #expect(serverStart == DTLSOutput())
        #expect(pair.server.state == .handshaking)
        let clientStart = pair.client.start()
        #expect(clientStart.datagrams.count == 1)
        #expect(clientStart.datagrams.first?.first == 22)  // handshake record
        #expect(clientStart.timeout == .seconds(1) && clientStart.timerRestarted)
        #expect(pair.client.start().datagrams.isEmpty)  // only once
    }
}
