import SIPCore
import SIPUserAgent
import Testing

/// The worked examples of RFC 2617 and RFC 7616, computed through the public API.
@Suite struct SIPDigestRFCVectorTests {
    static let mufasa7616 = SIPDigestCredentials(username: "Mufasa", password: "Circle of Life")
    static let nonce7616 = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v"
    static let cnonce7616 = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"
    static let opaque7616 = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"

    @Test("RFC 7616 §3.9.1: MD5 response for Mufasa")
    func rfc7616MD5() throws {
        let response = try SIPDigestAuthenticator.response(
            algorithm: .md5, credentials: Self.mufasa7616, realm: "http-auth@example.org", nonce: Self.nonce7616,
            method: "GET", uri: "/dir/index.html", qop: .auth, nonceCount: 1, cnonce: Self.cnonce7616)
        #expect(response == "8ca523f5e9506fed4657c9700eebdbec")
    }

    @Test("RFC 7616 §3.9.1: SHA-256 response for Mufasa")
    func rfc7616SHA256() throws {
        let response = try SIPDigestAuthenticator.response(
            algorithm: .sha256, credentials: Self.mufasa7616, realm: "http-auth@example.org", nonce: Self.nonce7616,
            method: "GET", uri: "/dir/index.html", qop: .auth, nonceCount: 1, cnonce: Self.cnonce7616)
        #expect(response == "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")
    }

    @Test("RFC 7616 §3.9.1: the MD5 Authorization field, parameter by parameter")
    func rfc7616AuthorizationField() throws {
        let challenge = SIPDigestChallenge(realm: "http-auth@example.org", nonce: Self.nonce7616, opaque: Self.opaque7616,
                                           algorithm: .md5, qop: [.auth, .authInt])
        let authenticator = SIPDigestAuthenticator { Self.cnonce7616 }
        let answer = try authenticator.authorize(challenge, credentials: Self.mufasa7616, method: "GET",
                                                 uri: "/dir/index.html")
        #expect(answer.headerName == "Authorization")
        #expect(answer.headerValue == "Digest username=\"Mufasa\", realm=\"http-auth@example.org\", "
            + "uri=\"/dir/index.html\", algorithm=MD5, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
            + "nc=00000001, cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\", qop=auth, "
            + "response=\"8ca523f5e9506fed4657c9700eebdbec\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"")
    }

    @Test("RFC 7616 §3.9.1: the SHA-256 challenge read from WWW-Authenticate and answered")
    func rfc7616SHA256FromField() throws {
        let response = try DigestTestMessages.challenge(401, [
            "WWW-Authenticate: Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=SHA-256, "
                + "nonce=\"\(Self.nonce7616)\", opaque=\"\(Self.opaque7616)\"",
            "WWW-Authenticate: Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=MD5, "
                + "nonce=\"\(Self.nonce7616)\", opaque=\"\(Self.opaque7616)\"",
        ])
        let chosen = try SIPDigestChallenge.select(from: response)
        #expect(chosen.count == 1)
        #expect(chosen[0].algorithm == .sha256)
        #expect(chosen[0].qop == [.auth, .authInt])
        let answer = try SIPDigestAuthenticator { Self.cnonce7616 }
            .authorize(chosen[0], credentials: Self.mufasa7616, method: "GET", uri: "/dir/index.html")
        #expect(answer.response == "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")
        #expect(answer.headerValue.contains(", algorithm=SHA-256, "))
    }

    @Test("RFC 2617 §3.5: MD5 response for Mufasa at testrealm@host.com")
    func rfc2617() throws {
        let response = try SIPDigestAuthenticator.response(
            algorithm: .md5, credentials: SIPDigestCredentials(username: "Mufasa", password: "Circle Of Life"),
            realm: "testrealm@host.com", nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093", method: "GET",
            uri: "/dir/index.html", qop: .auth, nonceCount: 1, cnonce: "0a4f113b")
        #expect(response == "6629fae49393a05397450978507c4ef1")
    }

    @Test("FIPS 180-4 / RFC 8760 §2.1: SHA-512/256 of \"abc\" and of the empty string")
    func sha512t256() throws {
        #expect(try SIPDigestAlgorithm.sha512_256.hash("abc")
            == "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23")
        #expect(try SIPDigestAlgorithm.sha512_256.hash("")
            == "c672b8d1ef56ed28ab87c3622c5114069bdd3ad7b8f9737498d0c01ecef0967a")
        // 112 octets: the length field no longer fits in the first block.
        #expect(try SIPDigestAlgorithm.sha512_256.hash(String(repeating: "a", count: 112))
            == "9216b5303edb66504570bee90e48ea5beaa5e9fe9f760bbd3e0460559fc005f6")
    }

    /// RFC 7616 §3.9.2 (SHA-512-256, userhash, UTF-8 user name). The response and userhash
    /// printed in the RFC do not match its own inputs; these values were computed
    /// independently (Python hashlib) from the example's inputs.
    @Test("RFC 7616 §3.9.2: SHA-512-256 with userhash")
    func rfc7616UserHash() throws {
        let challenge = SIPDigestChallenge(realm: "api@example.org", nonce: "5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK",
                                           opaque: "HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS",
                                           algorithm: .sha512_256, qop: [.auth], userhash: true)
        let answer = try SIPDigestAuthenticator { "NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v" }
            .authorize(challenge, credentials: SIPDigestCredentials(username: "J\u{E4}s\u{F8}n Doe", password: "Secret, or not?"),
                       method: "GET", uri: "/doe.json")
        #expect(answer.response == "3798d4131c277846293534c3edc11bd8a5e4cdcbff78b05db9d95eeb1cec68a5")
        #expect(answer.username == "793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b")
        #expect(answer.headerValue.hasSuffix(", userhash=true"))
    }
}
