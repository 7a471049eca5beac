import SIPCore
import SIPUserAgent
import Testing

/// Reading challenges (RFC 7616 §3.3), choosing among them (RFC 8760 §2.4) and refusing
/// malformed ones with typed errors.
@Suite struct SIPDigestChallengeTests {
    private func select(_ fields: [String], status: Int = 401,
                        preference: SIPDigestChallenge.Preference = .strongest) throws -> [SIPDigestChallenge] {
        try SIPDigestChallenge.select(from: DigestTestMessages.challenge(status, fields), preference: preference)
    }

    @Test("RFC 7616 §3.3: every parameter of a full challenge")
    func fullChallenge() throws {
        let chosen = try select([
            "WWW-Authenticate: DIGEST realm=\"atlanta.com\", domain=\"sip:boxesbybob.com sip:ss1.carrier.com\", "
                + "qop=\"auth,auth-int\", nonce=\"f84f1cec41e6cbe5aea9c8e88d359\", opaque=\"\", stale=FALSE, "
                + "algorithm=md5-SESS, userhash=true, charset=UTF-8",
        ])
        #expect(chosen == [SIPDigestChallenge(
            origin: .server, realm: "atlanta.com", nonce: "f84f1cec41e6cbe5aea9c8e88d359", opaque: "", stale: false,
            algorithm: .md5Session, qop: [.auth, .authInt], domain: ["sip:boxesbybob.com", "sip:ss1.carrier.com"],
            userhash: true)])
    }

    @Test("RFC 7616 §3.3: defaults — MD5, no qop, not stale; stale=TRUE in any case")
    func defaultsAndStale() throws {
        let plain = try select(["WWW-Authenticate: Digest realm=\"r\", nonce=\"n\""])[0]
        #expect(plain.algorithm == .md5)
        #expect(plain.qop == [])
        #expect(plain.stale == false)
        #expect(plain.opaque == nil)
        let stale = try select(["Proxy-Authenticate: Digest realm=\"r\", nonce=\"n\", stale=TRUE"], status: 407)[0]
        #expect(stale.stale)
        #expect(stale.origin == .proxy)
        #expect(stale.origin.authorizationHeader == "Proxy-Authorization")
        #expect(try select(["WWW-Authenticate: Digest realm=\"r\", nonce=\"n\", stale=\"true\""])[0].stale)
    }

    @Test("RFC 7616 §3.2 / §6.1: algorithm tokens, case-insensitive; unknown kept as .other")
    func algorithmTokens() {
        #expect(SIPDigestAlgorithm(token: "sha-256") == .sha256)
        #expect(SIPDigestAlgorithm(token: "SHA-256-SESS") == .sha256Session)
        #expect(SIPDigestAlgorithm(token: "SHA-512-256") == .sha512_256)
        #expect(SIPDigestAlgorithm(token: "SHA-512-256-sess").token == "SHA-512-256-sess")
        #expect(SIPDigestAlgorithm(token: "MD5-sess").isSession)
        #expect(SIPDigestAlgorithm(token: "AKAv1-MD5") == .other("AKAv1-MD5"))
        #expect(SIPDigestAlgorithm(token: "AKAv1-MD5").isSupported == false)
    }

    @Test("RFC 8760 §2.4: SHA-256 is chosen over MD5 whatever the order; .topmost keeps the first")
    func strongestAlgorithm() throws {
        let fields = [
            "WWW-Authenticate: Digest realm=\"atlanta.example.com\", nonce=\"nmd5\", algorithm=MD5, qop=\"auth\"",
            "WWW-Authenticate: Digest realm=\"atlanta.example.com\", nonce=\"n256\", algorithm=SHA-256, qop=\"auth\"",
        ]
        #expect(try select(fields).map(\.nonce) == ["n256"])
        #expect(try select(fields.reversed()).map(\.nonce) == ["n256"])
        #expect(try select(fields, preference: .topmost).map(\.nonce) == ["nmd5"])
    }

    @Test("RFC 8760 §2.4: an unsupported algorithm is skipped for a supported one")
    func unsupportedSkipped() throws {
        let chosen = try select([
            "WWW-Authenticate: Digest realm=\"r\", nonce=\"aka\", algorithm=AKAv1-MD5",
            "WWW-Authenticate: Basic realm=\"r\"",
            "WWW-Authenticate: Digest realm=\"r\", nonce=\"md5\"",
        ])
        #expect(chosen.map(\.nonce) == ["md5"])
        #expect(throws: SIPDigestError.unsupportedAlgorithm("AKAv1-MD5")) {
            try select(["WWW-Authenticate: Digest realm=\"r\", nonce=\"aka\", algorithm=AKAv1-MD5"])
        }
    }

    @Test("RFC 3261 §22.3: one challenge per realm and origin, in order")
    func severalRealms() throws {
        let chosen = try select([
            "Proxy-Authenticate: Digest realm=\"proxy.a\", nonce=\"p1\", qop=\"auth\"",
            "Proxy-Authenticate: Digest realm=\"proxy.b\", nonce=\"p2\", qop=\"auth\"",
        ], status: 407)
        #expect(chosen.map(\.realm) == ["proxy.a", "proxy.b"])
        #expect(chosen.allSatisfy { $0.origin == .proxy })
    }

    @Test("Malformed challenges are typed errors", arguments: [
        ("Digest nonce=\"n\"", SIPDigestError.missingRealm),
        ("Digest realm=\"r\"", .missingNonce),
        ("Digest realm=\"r\", nonce=\"\"", .missingNonce),
        ("Digest realm=\"a\", REALM=\"b\", nonce=\"n\"", .duplicateParameter("REALM")),
        ("Digest realm=\"r\", nonce=\"n\", stale=maybe", .invalidParameter(name: "stale", value: "maybe")),
        ("Digest realm=\"r\", nonce=\"n\", userhash=1", .invalidParameter(name: "userhash", value: "1")),
        ("Digest realm, nonce=\"n\"", .invalidParameter(name: "realm", value: "")),
        ("Basic realm=\"r\"", .noChallenge),
        ("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-1", .unsupportedAlgorithm("SHA-1")),
    ])
    func malformed(value: String, expected: SIPDigestError) throws {
        #expect(throws: expected) { try select(["WWW-Authenticate: " + value]) }
    }

    @Test("A non-Digest field is refused by name; a broken field is a malformedHeader error")
    func schemeAndGrammar() throws {
        let basic = SIPAuthField(scheme: "Basic", parameters: [SIPParameter("realm", "\"r\"")])
        #expect(throws: SIPDigestError.notDigest(scheme: "Basic")) { try SIPDigestChallenge(basic) }
        do {
            _ = try select(["WWW-Authenticate: Digest realm=\"unterminated, nonce=\"n"])
            Issue.record("expected an error")
        } catch {
            guard case .malformedHeader = error as? SIPDigestError else {
                Issue.record("unexpected \(error)")
                return
            }
        }
    }

    @Test("Every prefix and every single-byte damage of a challenge gives a value or a typed error")
    func damagedChallengesNeverTrap() throws {
        let valid = "Digest realm=\"127.0.0.1\", nonce=\"a\\\"b\", qop=\"auth,auth-int\", algorithm=SHA-256, "
            + "opaque=\"o\", stale=true, domain=\"sip:a sip:b\", userhash=false"
        let bytes = Array(valid.utf8)
        var variants: [String] = (0...bytes.count).map { String(decoding: bytes[..<$0], as: UTF8.self) }
        for index in bytes.indices {
            for replacement: UInt8 in [34, 44, 61, 92, 32, 0x80] {
                var damaged = bytes
                damaged[index] = replacement
                variants.append(String(decoding: damaged, as: UTF8.self))
            }
        }
        var answered = 0
        var rejected: [SIPDigestError] = []
        for variant in variants {
            guard let message = try? DigestTestMessages.challenge(401, ["WWW-Authenticate: " + variant]) else { continue }
            do {
                let chosen = try SIPDigestChallenge.select(from: message)
                _ = try? DigestTestMessages.fixedAuthenticator.authorize(
                    chosen[0], credentials: DigestTestMessages.alice, method: .register, uri: "sip:127.0.0.1")
                answered += 1
            } catch {
                // `select` throws only SIPDigestError (typed throws): reaching here is the typed error.
                rejected.append(error)
            }
        }
        #expect(answered > 0)
        #expect(rejected.contains(.missingNonce))
    }

    @Test("RFC 7616 §3.4: qop preference — auth over auth-int, none for RFC 2069, unknown refused")
    func qopPreference() throws {
        #expect(try SIPDigestAuthenticator.preferredQOP([.authInt, .auth]) == .auth)
        #expect(try SIPDigestAuthenticator.preferredQOP([.authInt]) == .authInt)
        #expect(try SIPDigestAuthenticator.preferredQOP([]) == nil)
        #expect(throws: SIPDigestError.unsupportedQOP(["auth-conf"])) {
            try SIPDigestAuthenticator.preferredQOP([SIPDigestQOP(token: "auth-conf")])
        }
    }
}
