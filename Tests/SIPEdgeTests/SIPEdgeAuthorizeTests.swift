import SIPCore
import SIPEdge
import SIPUserAgent
import StackCore
import Testing

/// The edge's check of calls (RFC 3261 §22.3 proxy authentication, RFC 7616 nonce counts),
/// in memory with exact times.
@Suite struct SIPEdgeAuthorizeTests {
    static func invite(branch: String = "z9hG4bKi1", from user: String = "alice", toTag: String? = nil,
                       extra: String = "") throws -> SIPMessage {
        try SIPMessage(parsing: """
            INVITE sip:bob@edge.local SIP/2.0\r
            Via: SIP/2.0/WS k3f8.invalid;branch=\(branch)\r
            From: <sip:\(user)@edge.local>;tag=f1\r
            To: <sip:bob@edge.local>\(toTag.map { ";tag=\($0)" } ?? "")\r
            Call-ID: call-1\r
            CSeq: 1 INVITE\r
            Max-Forwards: 70\r
            \(extra)Content-Length: 0\r
            \r

            """)
    }

    /// A Proxy-Authorization line answering `nonce` for `user` with `password`.
    static func credentials(user: String = "alice", password: String = "alice-pw", nonce: String, count: UInt32) throws -> String {
        let nc = String(format: "%08x", count)
        let response = try SIPDigestAuthenticator.response(
            algorithm: .sha256, credentials: SIPDigestCredentials(username: user, password: password), realm: "edge.local",
            nonce: nonce, method: .invite, uri: "sip:bob@edge.local", qop: .auth, nonceCount: count, cnonce: "c0ffee", body: [])
        return "Proxy-Authorization: Digest username=\"\(user)\", realm=\"edge.local\", nonce=\"\(nonce)\", "
            + "uri=\"sip:bob@edge.local\", response=\"\(response)\", algorithm=SHA-256, qop=auth, nc=\(nc), cnonce=\"c0ffee\"\r\n"
    }

    static func nonce(of challenge: SIPMessage?) -> String {
        challenge?.proxyAuthenticate.first?.value(of: "nonce") ?? ""
    }

    @Test("an INVITE without credentials is 407 (SHA-256 and MD5, tag edge-auth); with the caller's digest it goes on without them")
    func digest() throws {
        var registrar = SIPEdgeRegistrarTests.registrar()
        var bare = try Self.invite()
        let challenge = registrar.authorize(&bare, at: .zero)
        #expect(challenge?.statusCode == 407)
        #expect(challenge?.to?.tag == SIPEdgeRegistrar.authTag)
        #expect(challenge?.proxyAuthenticate.map { $0.value(of: "algorithm") ?? "" } == ["SHA-256", "MD5"])
        let nonce = Self.nonce(of: challenge)
        var signed = try Self.invite(branch: "z9hG4bKi2", extra: try Self.credentials(nonce: nonce, count: 1))
        #expect(registrar.authorize(&signed, at: .seconds(1)) == nil)
        #expect(signed.proxyAuthorization.isEmpty)
        // In-dialog requests and REGISTER-free methods are not checked.
        var inDialog = try Self.invite(toTag: "b1")
        #expect(registrar.authorize(&inDialog, at: .seconds(1)) == nil)
    }

    @Test("RFC 7616 nonce counts: a retransmission (same nc, same branch) passes again; the same nc on a new request, or a lower one, is stale; a higher one passes")
    func nonceCounts() throws {
        var registrar = SIPEdgeRegistrarTests.registrar()
        var bare = try Self.invite()
        let nonce = Self.nonce(of: registrar.authorize(&bare, at: .zero))
        var first = try Self.invite(branch: "z9hG4bKa", extra: try Self.credentials(nonce: nonce, count: 2))
        #expect(registrar.authorize(&first, at: .zero) == nil)
        var again = try Self.invite(branch: "z9hG4bKa", extra: try Self.credentials(nonce: nonce, count: 2))
        #expect(registrar.authorize(&again, at: .zero) == nil)
        var replay = try Self.invite(branch: "z9hG4bKb", extra: try Self.credentials(nonce: nonce, count: 2))
        let stale = registrar.authorize(&replay, at: .zero)
        #expect(stale?.statusCode == 407 && stale?.proxyAuthenticate.first?.value(of: "stale") == "true")
        var lower = try Self.invite(branch: "z9hG4bKc", extra: try Self.credentials(nonce: nonce, count: 1))
        #expect(registrar.authorize(&lower, at: .zero)?.statusCode == 407)
        var next = try Self.invite(branch: "z9hG4bKd", extra: try Self.credentials(nonce: nonce, count: 3))
        #expect(registrar.authorize(&next, at: .zero) == nil)
    }

    @Test("a wrong password is challenged again and never locks out; another user's credentials are 403; an accepted token passes, a refused one is 403 with its code")
    func failures() throws {
        var registrar = SIPEdgeRegistrarTests.registrar { configuration in
            configuration.accessTokens = { token in token == "good" ? .accepted(user: "alice") : .refused(code: 10004) }
        }
        for attempt in 1...12 {
            var bare = try Self.invite()
            let nonce = Self.nonce(of: registrar.authorize(&bare, at: .zero))
            var wrong = try Self.invite(branch: "z9hG4bKw\(attempt)",
                                        extra: try Self.credentials(password: "guess", nonce: nonce, count: 1))
            #expect(registrar.authorize(&wrong, at: .zero)?.statusCode == 407)
        }
        #expect(!registrar.isBlocked(host: "127.0.0.1", user: "alice", at: .zero))
        var bare = try Self.invite(from: "bob")
        let nonce = Self.nonce(of: registrar.authorize(&bare, at: .zero))
        var borrowed = try Self.invite(from: "bob", extra: try Self.credentials(nonce: nonce, count: 1))
        #expect(registrar.authorize(&borrowed, at: .zero)?.statusCode == 403)
        var token = try Self.invite(extra: "X-Plivo-Jwt: good\r\n")
        #expect(registrar.authorize(&token, at: .zero) == nil)
        var refused = try Self.invite(extra: "X-Plivo-Jwt: bad\r\n")
        let answer = registrar.authorize(&refused, at: .zero)
        #expect(answer?.statusCode == 403 && answer?.value(SIPHeaderName("X-Plivo-Jwt-Error-Code")) == "10004")
    }
}
