import SIPCore
import SIPTransport
import SIPUserAgent
import Testing

/// The stack against a real Kamailio 5.6 (registrar with digest auth, `Fixtures/kamailio`),
/// over UDP, TCP and WebSocket on 127.0.0.1. Every test starts its own Kamailio on ports picked
/// for the run and stops it at the end, passed or failed; the suite runs one test at a time so
/// that at most one instance (about ten processes) runs. `make test` installs Kamailio
/// (`make peer-deps`); without it these tests fail, naming the missing package.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct KamailioInteropTests {
    @Test("OPTIONS over UDP gets a final response from Kamailio")
    func optionsOverUDP() async throws {
        try await KamailioProcess.with { kamailio in
            let client = try await SIPTestClient.udp(server: kamailio.sipAddress)
            do {
                let options = try client.options(callID: SIPTestClient.token() + "@interop")
                let response = try await client.request(options)
                #expect(response.statusCode == 200)
                #expect(response.callID == options.callID)
                #expect(response.topVia?.branch == options.topVia?.branch)
                // rport was filled in with the port Kamailio saw (RFC 3581 §4).
                #expect(response.topVia?.rport == client.viaPort.map(String.init))
            } catch {
                await client.close()
                throw error
            }
            await client.close()
        }
    }

    @Test("REGISTER alice over UDP: 401 Digest challenge, 200 with the binding, un-REGISTER 200")
    func registerOverUDP() async throws {
        try await KamailioProcess.with { kamailio in
            try await Self.withClient({ try await SIPTestClient.udp(server: kamailio.sipAddress) }) { client in
                try await Self.registerAndUnregister(client)
            }
        }
    }

    @Test("REGISTER alice over TCP: 401, then 200 with the binding, un-REGISTER 200")
    func registerOverTCP() async throws {
        try await KamailioProcess.with { kamailio in
            try await Self.withClient({ try await SIPTestClient.tcp(server: kamailio.sipAddress) }) { client in
                try await Self.registerAndUnregister(client)
            }
        }
    }

    @Test("REGISTER alice over WebSocket (RFC 7118, .invalid Contact, Via WS): 401, 200, un-REGISTER 200")
    func registerOverWebSocket() async throws {
        try await KamailioProcess.with { kamailio in
            try await Self.withClient({ try await SIPTestClient.webSocket(url: kamailio.webSocketURL) }) { client in
                #expect(client.transport.kind == .ws)
                try await Self.registerAndUnregister(client)
            }
        }
    }

    @Test("A wrong password is rejected with a second 401, and SIPAuthSession stops retrying")
    func wrongPassword() async throws {
        try await KamailioProcess.with { kamailio in
            try await Self.withClient({ try await SIPTestClient.udp(server: kamailio.sipAddress) }) { client in
                let callID = SIPTestClient.token() + "@interop"
                let fromTag = SIPTestClient.token(10)
                var session = SIPAuthSession(credentials: SIPDigestCredentials(username: "alice", password: "wrong-pw"))

                let first = try client.register(user: "alice", callID: callID, cseq: 1, fromTag: fromTag, expires: 300)
                let challenge = try await client.request(first)
                try #require(challenge.statusCode == 401)
                #expect(try session.handleChallenge(challenge))
                #expect(session.shouldRetry)

                var second = try client.register(user: "alice", callID: callID, cseq: 2, fromTag: fromTag, expires: 300)
                try session.authorize(&second)
                let rejected = try await client.request(second)
                #expect(rejected.statusCode == 401)
                #expect(!rejected.wwwAuthenticate.isEmpty)
                #expect(try session.handleChallenge(rejected) == false)
                #expect(!session.shouldRetry)
                #expect(session.failedAttempts == 1)
            }
        }
    }

    @Test("A malformed datagram does not break Kamailio: the next OPTIONS is answered")
    func malformedMessageOverUDP() async throws {
        try await KamailioProcess.with { kamailio in
            try await Self.withClient({ try await SIPTestClient.udp(server: kamailio.sipAddress) }) { client in
                let port = client.viaPort ?? 0
                let malformed = [
                    // Not SIP at all.
                    Array("\u{01}\u{02}\u{03} this is not SIP \u{7f}\r\n\r\n".utf8),
                    // A request whose Via, CSeq and Content-Length are broken.
                    Array(("REGISTER sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP\r\nFrom: <sip:alice@127.0.0.1\r\n"
                        + "To: alice\r\nCall-ID: broken-\(port)\r\nCSeq: many REGISTER\r\n"
                        + "Content-Length: 999999\r\n\r\nshort").utf8),
                    // A truncated header section.
                    Array("OPTIONS sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:\(port);branch=z9hG4bKx".utf8),
                ]
                for bytes in malformed { try await client.sendRaw(bytes) }

                let options = try client.options(callID: SIPTestClient.token() + "@interop")
                let response = try await client.request(options)
                #expect(response.statusCode == 200)
                #expect(kamailio.isRunning)
            }
        }
    }

    // MARK: - Helpers

    /// Runs `body` with `client` and closes the client afterwards, also on a throw.
    private static func withClient(_ make: () async throws -> SIPTestClient,
                                   _ body: (SIPTestClient) async throws -> Void) async throws {
        let client = try await make()
        do {
            try await body(client)
        } catch {
            await client.close()
            throw error
        }
        await client.close()
    }

    /// REGISTER alice/alice-pw: a 401 with a Digest challenge (realm 127.0.0.1, qop auth), the
    /// same REGISTER with CSeq + 1, the same Call-ID, a new branch and the Authorization from
    /// `SIPAuthSession` gets 200 with the Contact bound; then Expires: 0 removes it with a 200.
    private static func registerAndUnregister(_ client: SIPTestClient) async throws {
        let callID = SIPTestClient.token() + "@interop"
        let fromTag = SIPTestClient.token(10)
        var session = SIPAuthSession(credentials: SIPDigestCredentials(username: "alice", password: "alice-pw"))
        let contact = client.contactURI(user: "alice")

        let first = try client.register(user: "alice", callID: callID, cseq: 1, fromTag: fromTag, expires: 300)
        #expect(first.topVia?.rport == "")
        #expect(first.maxForwards == 70)
        let challenge = try await client.request(first)
        try #require(challenge.statusCode == 401, "expected a 401 challenge, got \(challenge.statusCode ?? 0)")
        #expect(try session.handleChallenge(challenge))
        let digest = try #require(session.challenge(forRealm: "127.0.0.1"),
                                  "no Digest challenge for realm 127.0.0.1 in \(challenge.wwwAuthenticate)")
        #expect(digest.qop.contains(.auth))
        #expect(digest.algorithm == .md5)
        #expect(!digest.nonce.isEmpty)

        var second = try client.register(user: "alice", callID: callID, cseq: 2, fromTag: fromTag, expires: 300)
        #expect(second.topVia?.branch != first.topVia?.branch)
        try session.authorize(&second)
        #expect(second.authorization.count == 1)
        let registered = try await client.request(second)
        try #require(registered.statusCode == 200, "expected 200 to the authorized REGISTER, got \(registered.statusCode ?? 0)")
        session.accepted()
        let binding = registered.contacts.first { $0.uri.user == "alice" && $0.uri.host == contact.host && $0.uri.port == contact.port }
        let bound = try #require(binding, "our Contact \(contact) is not among \(registered.contacts)")
        let expires = try #require(bound.parameters.value(of: "expires").flatMap { Int($0) } ?? registered.expires,
                                   "the binding has no expires")
        #expect(expires > 0 && expires <= 300)

        var removal = try client.register(user: "alice", callID: callID, cseq: 3, fromTag: fromTag, expires: 0)
        try session.authorize(&removal)
        let removed = try await client.request(removal)
        #expect(removed.statusCode == 200)
        #expect(!removed.contacts.contains { $0.uri.host == contact.host && $0.uri.port == contact.port })
    }
}
