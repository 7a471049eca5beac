import SIPCore
import SIPUserAgent
import Testing

/// The REGISTER / 401 / REGISTER exchange against a Kamailio-style registrar (RFC 3261 §22.2,
/// RFC 7616 §3.3–§3.4).
@Suite struct SIPAuthSessionTests {
    private func session() -> SIPAuthSession {
        SIPAuthSession(credentials: DigestTestMessages.alice, authenticator: DigestTestMessages.fixedAuthenticator)
    }

    /// The authorized REGISTER with CSeq set by the caller.
    private func authorizedRegister(_ session: inout SIPAuthSession, cseq: Int) throws -> SIPMessage {
        var request = try DigestTestMessages.register(cseq: cseq)
        try session.authorize(&request)
        return request
    }

    private func authorization(_ message: SIPMessage) -> String? { message.value(SIPHeaderName("Authorization")) }

    @Test("RFC 3261 §22.2: a Kamailio 401 becomes the exact Authorization of the next REGISTER")
    func kamailioRegister() throws {
        var session = session()
        #expect(try session.handleChallenge(DigestTestMessages.kamailio401()))
        #expect(session.failedAttempts == 0)
        var request = try DigestTestMessages.register()
        try request.setHeader("CSeq", value: "2 REGISTER")
        try session.authorize(&request)
        #expect(request.text == [
            "REGISTER sip:127.0.0.1 SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK776asdhds",
            "Max-Forwards: 70",
            "From: <sip:alice@127.0.0.1>;tag=1928301774",
            "To: <sip:alice@127.0.0.1>",
            "Call-ID: a84b4c76e66710",
            "CSeq: 2 REGISTER",
            "Contact: <sip:alice@127.0.0.1:5070>",
            "Expires: 3600",
            "Content-Length: 0",
            "Authorization: Digest username=\"alice\", realm=\"127.0.0.1\", uri=\"sip:127.0.0.1\", algorithm=MD5, "
                + "nonce=\"ZTU5OGFkMjU0ZTU2MWQ3OGRkYjlhYzE2NjgwNmM1N2I=\", nc=00000001, cnonce=\"0a4f113b\", qop=auth, "
                + "response=\"8ae4693b3fa84041728edce4d6990d08\"",
            "", "",
        ].joined(separator: "\r\n"))
        // The result parses strictly and reads back as the same credentials.
        let reparsed = try SIPMessage(parsing: request.serialized())
        #expect(reparsed.authorization.first?.value(of: "response") == "8ae4693b3fa84041728edce4d6990d08")
    }

    @Test("RFC 7616 §3.4: nc counts each reuse of a nonce, eight lower-case hex digits")
    func nonceCountIncrements() throws {
        var session = session()
        try session.handleChallenge(DigestTestMessages.kamailio401())
        _ = try authorizedRegister(&session, cseq: 2)
        session.accepted()
        let refresh = try authorizedRegister(&session, cseq: 3)
        #expect(authorization(refresh)?.contains("nc=00000002,") == true)
        #expect(authorization(refresh)?.contains("response=\"42af03f04b1ef62b13249cbcfe7115ae\"") == true)
        #expect(session.entries.first?.nonceCount == 2)
        #expect(SIPDigestAuthorization.nonceCountText(0xABC) == "00000abc")
        #expect(SIPDigestAuthorization.nonceCountText(.max) == "ffffffff")
    }

    @Test("RFC 3261 §22.2: a second 401 for the same credentials is a failure; shouldRetry turns false")
    func secondChallengeFails() throws {
        var session = session()
        #expect(try session.handleChallenge(DigestTestMessages.kamailio401()))
        _ = try authorizedRegister(&session, cseq: 2)
        #expect(try session.handleChallenge(DigestTestMessages.kamailio401(nonce: "bmV3LW5vbmNl")) == false)
        #expect(session.failedAttempts == 1)
        #expect(session.shouldRetry == false)
        // New credentials get a new try.
        session.credentials = SIPDigestCredentials(username: "alice", password: "corrected")
        #expect(session.shouldRetry)
    }

    @Test("RFC 7616 §3.3: stale=true retries with the new nonce, nc 1, without counting a failure")
    func staleNonce() throws {
        var session = session()
        try session.handleChallenge(DigestTestMessages.kamailio401())
        _ = try authorizedRegister(&session, cseq: 2)
        #expect(try session.handleChallenge(DigestTestMessages.kamailio401(nonce: "bmV3LW5vbmNl", stale: true)))
        #expect(session.failedAttempts == 0)
        #expect(session.lastChallengeWasStale)
        let retry = try authorizedRegister(&session, cseq: 3)
        #expect(authorization(retry) == "Digest username=\"alice\", realm=\"127.0.0.1\", uri=\"sip:127.0.0.1\", "
            + "algorithm=MD5, nonce=\"bmV3LW5vbmNl\", nc=00000001, cnonce=\"0a4f113b\", qop=auth, "
            + "response=\"b8f7983ca34cbebcbe1faab541df2f9c\"")
        // A stale retry that is then rejected for real still counts.
        #expect(try session.handleChallenge(DigestTestMessages.kamailio401(nonce: "dGhpcmQ=")) == false)
        #expect(session.failedAttempts == 1)
    }

    @Test("RFC 8760 §2.4: with SHA-256 and MD5 offered, the request is answered with SHA-256")
    func sha256Chosen() throws {
        var session = SIPAuthSession(credentials: DigestTestMessages.alice,
                                     authenticator: DigestTestMessages.fixedAuthenticator)
        try session.handleChallenge(DigestTestMessages.challenge(407, [
            "Proxy-Authenticate: Digest realm=\"atlanta.example.com\", nonce=\"nmd5\", algorithm=MD5, qop=\"auth\"",
            "Proxy-Authenticate: Digest realm=\"atlanta.example.com\", nonce=\"n256\", algorithm=SHA-256, qop=\"auth\"",
        ]))
        var invite = try SIPMessage(parsing: [
            "INVITE sip:bob@biloxi.example.com SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK74bf9",
            "Max-Forwards: 70",
            "From: <sip:alice@atlanta.example.com>;tag=9fxced76sl",
            "To: <sip:bob@biloxi.example.com>",
            "Call-ID: 3848276298220188511",
            "CSeq: 2 INVITE",
            "Proxy-Authorization: Digest username=\"old\"",
            "Content-Length: 0",
            "", "",
        ].joined(separator: "\r\n"))
        try session.authorize(&invite)
        #expect(invite.values(SIPHeaderName("Proxy-Authorization")) == [
            "Digest username=\"alice\", realm=\"atlanta.example.com\", uri=\"sip:bob@biloxi.example.com\", "
                + "algorithm=SHA-256, nonce=\"n256\", nc=00000001, cnonce=\"0a4f113b\", qop=auth, "
                + "response=\"693fe323f8b0cc02b3f433d43328942ca0e24beb0651732c71ce3ed466d608a8\"",
        ])
        #expect(authorization(invite) == nil)
    }

    @Test("RFC 2069 compatibility: no qop means no nc, cnonce or qop, and H(HA1:nonce:HA2)")
    func rfc2069() throws {
        var session = session()
        try session.handleChallenge(DigestTestMessages.challenge(401, ["WWW-Authenticate: Digest realm=\"127.0.0.1\", nonce=\"abc\""]))
        let request = try authorizedRegister(&session, cseq: 2)
        #expect(authorization(request) == "Digest username=\"alice\", realm=\"127.0.0.1\", uri=\"sip:127.0.0.1\", "
            + "algorithm=MD5, nonce=\"abc\", response=\"1aa3742aa0b5a234bb6cbc07e8f04be4\"")
    }

    @Test("RFC 7616 §3.4.2–§3.4.3: MD5-sess and auth-int")
    func sessionAndIntegrity() throws {
        let authenticator = DigestTestMessages.fixedAuthenticator
        let sess = SIPDigestChallenge(realm: "127.0.0.1", nonce: "n1", algorithm: .md5Session, qop: [.auth])
        #expect(try authenticator.authorize(sess, credentials: DigestTestMessages.alice, method: .register,
                                            uri: "sip:127.0.0.1").response == "045611f52a41c0cff0c9912b9783381f")
        let int = SIPDigestChallenge(realm: "127.0.0.1", nonce: "n1", qop: [.authInt])
        let answer = try authenticator.authorize(int, credentials: DigestTestMessages.alice, method: .message,
                                                 uri: "sip:bob@127.0.0.1", body: Array("hello".utf8))
        #expect(answer.response == "9919779a5f7839920369d114e399e77e")
        #expect(answer.headerValue.contains(", qop=auth-int, "))
        let noQOP = SIPDigestChallenge(realm: "127.0.0.1", nonce: "n1", algorithm: .md5Session)
        #expect(throws: SIPDigestError.sessionAlgorithmWithoutQOP) {
            try authenticator.authorize(noQOP, credentials: DigestTestMessages.alice, method: .register, uri: "sip:127.0.0.1")
        }
    }

    @Test("Header injection is impossible: quotes and backslashes are escaped, CR/LF refused")
    func injection() throws {
        var session = SIPAuthSession(credentials: SIPDigestCredentials(username: "ev\"il\\", password: "secret"),
                                     authenticator: DigestTestMessages.fixedAuthenticator)
        try session.handleChallenge(DigestTestMessages.challenge(401, [
            "WWW-Authenticate: Digest realm=\"127.0.0.1\", nonce=\"n1\", qop=\"auth\", opaque=\"o\\\"p\"",
        ]))
        let request = try authorizedRegister(&session, cseq: 2)
        #expect(authorization(request) == "Digest username=\"ev\\\"il\\\\\", realm=\"127.0.0.1\", uri=\"sip:127.0.0.1\", "
            + "algorithm=MD5, nonce=\"n1\", nc=00000001, cnonce=\"0a4f113b\", qop=auth, "
            + "response=\"50de45168a8bee4902e715fae25cc1ea\", opaque=\"o\\\"p\"")
        let reparsed = try SIPMessage(parsing: request.serialized())
        let field = try #require(reparsed.authorization.first)
        #expect(field.parameters.count == 10)
        #expect(field.value(of: "username") == "ev\"il\\")
        #expect(field.value(of: "opaque") == "o\"p")

        session.credentials = SIPDigestCredentials(username: "alice\r\nX-Injected: 1", password: "secret")
        var untouched = try DigestTestMessages.register(cseq: 3)
        #expect(throws: SIPDigestError.invalidCharacter(parameter: "username")) { try session.authorize(&untouched) }
        #expect(untouched.text == (try DigestTestMessages.register(cseq: 3)).text)
        #expect(session.entries.first?.nonceCount == 1)
    }

    @Test("Responses cannot be authorized; a response without a challenge changes nothing")
    func misuse() throws {
        var session = session()
        var response = try DigestTestMessages.kamailio401()
        try session.handleChallenge(response)
        #expect(throws: SIPDigestError.notARequest) { try session.authorize(&response) }
        #expect(throws: SIPDigestError.noChallenge) { try session.handleChallenge(DigestTestMessages.challenge(401, [])) }
        #expect(session.entries.count == 1)
        session.reset()
        #expect(session.entries.isEmpty)
        #expect(session.shouldRetry == false)
    }

    @Test("The default cnonce is 32 lower-case hex digits and differs between calls")
    func randomCNonce() {
        let first = SIPDigestAuthenticator.randomCNonce(), second = SIPDigestAuthenticator.randomCNonce()
        #expect(first.count == 32)
        #expect(first.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(first != second)
    }
}
