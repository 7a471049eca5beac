import Foundation
import PlivoSDK
import Testing

/// ``PlivoAccessToken``: reading JWTs built here, the claims' checks, the username, grants,
/// the expiry and the server's error codes.
@Suite struct PlivoAccessTokenTests {
    static let now: Int64 = 1_700_000_000_000
    static let header = #"{"alg":"HS256","typ":"JWT","cty":"plivo;v=1"}"#

    static func base64URL(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// A token whose payload is the JSON text `payload`.
    static func token(_ payload: String, header: String = header) -> String {
        "\(base64URL(header)).\(base64URL(payload)).\(base64URL("not checked on the client"))"
    }

    /// A token with the usual claims, `extra` JSON members added.
    static func token(claims extra: String = "") -> String {
        token(#"{"iss":"MAXXXXXXXXXXXXXXXXXX","sub":"alice","nbf":1699999000,"exp":1700086400"# + extra + "}")
    }

    static func failure(_ token: String) -> PlivoAccessTokenFailure? {
        do {
            _ = try PlivoAccessToken(parsing: token, nowMilliseconds: now)
            return nil
        } catch {
            return error
        }
    }

    static func invalid(_ reason: String) -> PlivoAccessTokenFailure {
        PlivoAccessTokenFailure(.invalidAccessToken, reason: reason)
    }

    @Test("a full token: claims, username <sub>_<iss>, grants, expiry")
    func fullToken() throws {
        let text = Self.token(claims: #","app":"12345","per":{"voice":{"incoming_allow":true,"outgoing_allow":false}}"#)
        let token = try PlivoAccessToken(parsing: "  \(text)\n", nowMilliseconds: Self.now)
        #expect(token.token == text)
        #expect(token.issuer == "MAXXXXXXXXXXXXXXXXXX" && token.subject == "alice" && token.application == "12345")
        #expect(token.notBefore == 1_699_999_000 && token.expiresAt == 1_700_086_400)
        #expect(token.username == "alice_MAXXXXXXXXXXXXXXXXXX")
        #expect(token.grants == PlivoAccessToken.Grants(incomingAllow: true, outgoingAllow: false))
        #expect(token.grants.allowsIncomingCalls && !token.grants.allowsOutgoingCalls)
        #expect(token.expiryMilliseconds == 1_700_086_400_000 && token.notBeforeMilliseconds == 1_699_999_000_000)
    }

    @Test("without sub the username is puser<now ms>jt_<iss>; without per every grant is absent")
    func noSubject() throws {
        let token = try PlivoAccessToken(parsing: Self.token(#"{"iss":"MAISSUER","nbf":1,"exp":2}"#), nowMilliseconds: 1_234_567)
        #expect(token.subject == nil && token.application == nil)
        #expect(token.username == "puser1234567jt_MAISSUER")
        #expect(token.grants == PlivoAccessToken.Grants() && token.grants.allowsOutgoingCalls && token.grants.allowsIncomingCalls)
        // A falsy sub (""), like JavaScript's check, counts as absent.
        let empty = try PlivoAccessToken(parsing: Self.token(#"{"iss":"I","sub":"","nbf":1,"exp":2}"#), nowMilliseconds: 5)
        #expect(empty.username == "puser5jt_I")
    }

    @Test("padding, a non-object per and a token with no signature are accepted")
    func lenientParts() throws {
        let padded = Data(#"{"iss":"II","nbf":1,"exp":2}"#.utf8).base64EncodedString()
        #expect(padded.hasSuffix("=="))
        #expect(try PlivoAccessToken(parsing: "\(Self.base64URL(Self.header)).\(padded).").issuer == "II")
        #expect(Self.failure("\(Self.base64URL(Self.header)).\(padded)=.") == Self.invalid("the payload is not base64url"))
        #expect(try PlivoAccessToken(parsing: Self.token(claims: #","per":"all""#), nowMilliseconds: Self.now).grants
                == PlivoAccessToken.Grants())
        #expect(try PlivoAccessToken(parsing: Self.token(claims: #","per":{"voice":{"incoming_allow":false}}"#),
                                     nowMilliseconds: Self.now).grants == PlivoAccessToken.Grants(incomingAllow: false))
    }

    @Test("malformed tokens: segments, base64url, JSON, objects")
    func malformed() {
        let payload = Self.base64URL(#"{"iss":"I","nbf":1,"exp":2}"#)
        let header = Self.base64URL(Self.header)
        #expect(Self.failure("\(header).\(payload)") == Self.invalid("the token has 2 segments, not 3"))
        #expect(Self.failure("\(header).\(payload).s.t") == Self.invalid("the token has 4 segments, not 3"))
        #expect(Self.failure("") == Self.invalid("the token has 1 segments, not 3"))
        #expect(Self.failure("\(header).\(payload)+x.sig") == Self.invalid("the payload is not base64url"))
        #expect(Self.failure("\(header).a.sig") == Self.invalid("the payload is not base64url"))
        #expect(Self.failure("\(header).\(payload).s!g") == Self.invalid("the signature is not base64url"))
        #expect(Self.failure("%%.\(payload).sig") == Self.invalid("the header is not base64url"))
        #expect(Self.failure(Self.token(#"{"iss":"I","nbf":1,"exp":2}"#, header: "alg=none"))
                == Self.invalid("the header is not JSON at byte 0: a value was expected"))
        #expect(Self.failure(Self.token("plain text")) == Self.invalid("the payload is not JSON at byte 0: a value was expected"))
        #expect(Self.failure(Self.token(#"{"iss":"I","nbf":1,"exp":2"#)) == Self.invalid("the payload is not JSON at byte 26: '}' was expected"))
        #expect(Self.failure(Self.token(#"["iss"]"#)) == Self.invalid("the payload is not a JSON object"))
        #expect(Self.failure(Self.token(#"{"iss":"I","nbf":1,"exp":2}"#, header: "[]")) == Self.invalid("the header is not a JSON object"))
    }

    @Test("required claims iss, nbf, exp: absent or falsy is missing")
    func requiredClaims() {
        #expect(Self.failure(Self.token(#"{"nbf":1,"exp":2}"#)) == Self.invalid("the iss claim is missing"))
        #expect(Self.failure(Self.token(#"{"iss":"","nbf":1,"exp":2}"#)) == Self.invalid("the iss claim is missing"))
        #expect(Self.failure(Self.token(#"{"iss":"I","exp":2}"#)) == Self.invalid("the nbf claim is missing"))
        #expect(Self.failure(Self.token(#"{"iss":"I","nbf":0,"exp":2}"#)) == Self.invalid("the nbf claim is missing"))
        #expect(Self.failure(Self.token(#"{"iss":"I","nbf":1}"#)) == Self.invalid("the exp claim is missing"))
        #expect(Self.failure(Self.token(#"{"iss":"I","nbf":1,"exp":null}"#)) == Self.invalid("the exp claim is missing"))
    }

    @Test("claim types: app, iss, sub strings; nbf, exp numbers; per.voice flags Booleans")
    func claimTypes() {
        #expect(Self.failure(Self.token(#"{"iss":7,"nbf":1,"exp":2}"#)) == Self.invalid("the iss claim is not a string: 7"))
        #expect(Self.failure(Self.token(claims: #","app":12345"#)) == Self.invalid("the app claim is not a string: 12345"))
        #expect(Self.failure(Self.token(#"{"iss":"I","sub":["a"],"nbf":1,"exp":2}"#))
                == Self.invalid("the sub claim is not a string: [\"a\"]"))
        #expect(Self.failure(Self.token(#"{"iss":"I","nbf":"1","exp":2}"#)) == Self.invalid("the nbf claim is not a number: \"1\""))
        #expect(Self.failure(Self.token(#"{"iss":"I","nbf":1,"exp":true}"#)) == Self.invalid("the exp claim is not a number: true"))
        #expect(Self.failure(Self.token(claims: #","per":{"voice":{"incoming_allow":"yes"}}"#))
                == Self.invalid("the per.voice.incoming_allow claim is not a Boolean: \"yes\""))
        #expect(Self.failure(Self.token(claims: #","per":{"voice":{"outgoing_allow":1}}"#))
                == Self.invalid("the per.voice.outgoing_allow claim is not a Boolean: 1"))
        // Falsy values skip the type check, as in JavaScript.
        #expect(Self.failure(Self.token(claims: #","app":0,"per":{"voice":{"outgoing_allow":0}}"#)) == nil)
    }

    @Test("validity now: expired from exp on, not valid before nbf (ours; the server says the same)")
    func validity() throws {
        let token = try PlivoAccessToken(parsing: Self.token(claims: ""), nowMilliseconds: Self.now)
        try token.checkValidity(nowMilliseconds: 1_699_999_000_000)
        try token.checkValidity(nowMilliseconds: 1_700_086_399_999)
        #expect(throws: PlivoAccessTokenFailure(.accessTokenExpired, reason: "exp 1700086400 is not after now (1700086400000 ms)")) {
            try token.checkValidity(nowMilliseconds: 1_700_086_400_000)
        }
        #expect(throws: PlivoAccessTokenFailure(.accessTokenNotValidYet, reason: "nbf 1699999000 is after now (1699998999999 ms)")) {
            try token.checkValidity(nowMilliseconds: 1_699_998_999_999)
        }
        let fractional = try PlivoAccessToken(parsing: Self.token(#"{"iss":"I","nbf":1.5,"exp":2.25}"#), nowMilliseconds: 0)
        #expect(fractional.notBeforeMilliseconds == 1500 && fractional.expiryMilliseconds == 2250)
        let far = try PlivoAccessToken(parsing: Self.token(#"{"iss":"I","nbf":1,"exp":1e300}"#), nowMilliseconds: 0)
        #expect(far.expiryMilliseconds == .max)
        try far.checkValidity(nowMilliseconds: Self.now)
        #expect(PlivoAccessTokenFailure(.accessTokenExpired, reason: "r").description == "ACCESS_TOKEN_EXPIRED: r")
    }

    @Test("the next token is fetched 60 s before exp, never after it")
    func refreshDelay() throws {
        let token = try PlivoAccessToken(parsing: Self.token(claims: ""), nowMilliseconds: Self.now)
        #expect(token.refreshDelay(nowMilliseconds: 1_700_000_000_000) == .milliseconds(86_340_000))
        #expect(token.refreshDelay(nowMilliseconds: 1_700_086_340_000) == .zero)
        #expect(token.refreshDelay(nowMilliseconds: 1_700_086_339_000) == .seconds(1))
        #expect(token.refreshDelay(nowMilliseconds: 1_800_000_000_000) == .zero)
        #expect(token.refreshDelay(nowMilliseconds: .min) > .seconds(1_000_000_000))
    }

    @Test("X-Plivo-Jwt in the REGISTER's 200 OK: the number after the first '=' of the first part, in ms")
    func registerResponseHeader() {
        #expect(PlivoAccessToken.expiryMilliseconds(registerResponseHeader: "exp=1700086400;sub=alice") == 1_700_086_400_000)
        #expect(PlivoAccessToken.expiryMilliseconds(registerResponseHeader: "expiry= 1700086400 ") == 1_700_086_400_000)
        #expect(PlivoAccessToken.expiryMilliseconds(registerResponseHeader: "e=12.5") == 12_500)
        #expect(PlivoAccessToken.expiryMilliseconds(registerResponseHeader: "1700086400") == nil)
        #expect(PlivoAccessToken.expiryMilliseconds(registerResponseHeader: "exp=soon;x=1") == nil)
        #expect(PlivoAccessToken.expiryMilliseconds(registerResponseHeader: "") == nil)
    }

    @Test("the ten causes: seed strings, server codes 10001…10010; anything else is Unauthorised")
    func causes() {
        #expect(PlivoAccessTokenError.allCases.map(\.rawValue) == [
            "INVALID_ACCESS_TOKEN", "INVALID_ACCESS_TOKEN_HEADER", "INVALID_ACCESS_TOKEN_ISSUER", "INVALID_ACCESS_TOKEN_SUBJECT",
            "ACCESS_TOKEN_NOT_VALID_YET", "ACCESS_TOKEN_EXPIRED", "INVALID_ACCESS_TOKEN_SIGNATURE", "INVALID_ACCESS_TOKEN_GRANTS",
            "EXPIRATION_EXCEEDS_MAX_ALLOWED_TIME", "MAX_ALLOWED_LOGIN_REACHED",
        ])
        for (index, cause) in PlivoAccessTokenError.allCases.enumerated() {
            #expect(cause.serverCode == 10001 + index)
            #expect(PlivoAccessTokenError(serverCode: 10001 + index) == cause)
            #expect(PlivoAccessTokenError.loginFailureCause(serverCode: 10001 + index) == cause.rawValue)
            #expect(cause.description == cause.rawValue)
        }
        for code in [401, 403, 10000, 10011, 0, -10001] {
            #expect(PlivoAccessTokenError(serverCode: code) == nil)
            #expect(PlivoAccessTokenError.loginFailureCause(serverCode: code) == "Unauthorised")
        }
        #expect(PlivoAccessTokenError(errorCodeHeader: " 10006 ") == .accessTokenExpired)
        #expect(PlivoAccessTokenError(errorCodeHeader: "10006x") == nil)
    }
}
