import StackCore

/// An access token (a JWT, RFC 7519) as the SDK's `loginWithAccessToken` reads it: the claims
/// it checks, the SIP username it derives, the voice grants and the expiry.
///
/// As in the JS SDK the signature is **not** checked on the client (Plivo's server does that
/// and answers `INVALID_ACCESS_TOKEN_SIGNATURE`); the token is sent as is in the
/// `X-Plivo-Jwt` header of every REGISTER (and of INVITEs), with the password `" "`.
///
/// Reading a token (``init(parsing:nowMilliseconds:)``):
/// 1. three base64url segments, `header.payload.signature`; the header and the payload are
///    JSON objects;
/// 2. the claims `iss`, `nbf` and `exp` are required (present and, as JavaScript tests them,
///    not `0`, `""`, `false` or `null`);
/// 3. when present (again, in JavaScript's sense) `app`, `iss` and `sub` must be strings,
///    `nbf` and `exp` numbers, and `per.voice.incoming_allow` and `per.voice.outgoing_allow`
///    Booleans.
///
/// Any failure is ``PlivoAccessTokenError/invalidAccessToken``, as the JS SDK emits it.
public struct PlivoAccessToken: Sendable, Hashable {
    /// The token as given (white space around it removed): what goes into `X-Plivo-Jwt`.
    public let token: String
    /// `iss`: the issuer, the Plivo auth ID.
    public let issuer: String
    /// `sub`: the subject (the endpoint's identity); nil when absent.
    public let subject: String?
    /// `app`: the Plivo application ID; nil when absent.
    public let application: String?
    /// `nbf`: not before, in seconds since the Unix epoch.
    public let notBefore: Double
    /// `exp`: the expiry, in seconds since the Unix epoch.
    public let expiresAt: Double
    /// `per.voice`: the voice grants.
    public let grants: Grants
    /// The SIP username the SDK registers with: `<sub>_<iss>`, or without a subject
    /// `puser<milliseconds>jt_<iss>` with the time the token was read (JavaScript's
    /// `Date.now()`).
    public let username: String

    /// Reads `token`; `nowMilliseconds` (milliseconds since the Unix epoch, injected for
    /// tests) only names a token without a subject.
    public init(parsing token: String, nowMilliseconds: Int64 = PlivoAccessToken.systemMilliseconds())
        throws(PlivoAccessTokenFailure) {
        let text = token.trimmingWhitespace()
        let segments = text.split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count == 3 else { throw Self.invalid("the token has \(segments.count) segments, not 3") }
        _ = try Self.jsonObject(segments[0], name: "header")
        let claims = try Self.jsonObject(segments[1], name: "payload")
        guard Self.base64URLDecoded(segments[2]) != nil else { throw Self.invalid("the signature is not base64url") }

        for required in ["iss", "nbf", "exp"] where !(claims[required]?.isTruthy ?? false) {
            throw Self.invalid("the \(required) claim is missing")
        }
        let application = try Self.claim("app", in: claims, \.stringValue, type: "a string")
        let issuer = try Self.claim("iss", in: claims, \.stringValue, type: "a string")
        let subject = try Self.claim("sub", in: claims, \.stringValue, type: "a string")
        let notBefore = try Self.claim("nbf", in: claims, \.numberValue, type: "a number")
        let expiresAt = try Self.claim("exp", in: claims, \.numberValue, type: "a number")
        guard let issuer, let notBefore, let expiresAt else { throw Self.invalid("the iss, nbf and exp claims are required") }
        var grants = Grants()
        if let voice = claims["per"]?["voice"]?.objectValue {
            grants.incomingAllow = try Self.claim("incoming_allow", in: voice, \.boolValue, type: "a Boolean", path: "per.voice.")
            grants.outgoingAllow = try Self.claim("outgoing_allow", in: voice, \.boolValue, type: "a Boolean", path: "per.voice.")
            // A false flag is falsy, so the type check skips it; keep it.
            if voice["incoming_allow"] == .bool(false) { grants.incomingAllow = false }
            if voice["outgoing_allow"] == .bool(false) { grants.outgoingAllow = false }
        }

        self.token = text
        self.issuer = issuer
        self.subject = subject
        self.application = application
        self.notBefore = notBefore
        self.expiresAt = expiresAt
        self.grants = grants
        self.username = subject.map { "\($0)_\(issuer)" } ?? "puser\(nowMilliseconds)jt_\(issuer)"
    }

    private static func invalid(_ reason: String) -> PlivoAccessTokenFailure {
        PlivoAccessTokenFailure(.invalidAccessToken, reason: reason)
    }

    /// The JSON object a base64url segment encodes.
    private static func jsonObject(_ segment: Substring, name: String) throws(PlivoAccessTokenFailure)
        -> [String: PlivoOptionsValue] {
        guard let bytes = base64URLDecoded(segment) else { throw invalid("the \(name) is not base64url") }
        let value: PlivoOptionsValue
        do throws(PlivoOptionsValue.JSONSyntaxError) {
            value = try PlivoOptionsValue(json: bytes)
        } catch {
            throw invalid("the \(name) is \(error)")
        }
        guard let object = value.objectValue else { throw invalid("the \(name) is not a JSON object") }
        return object
    }

    /// The claim `name` when it is truthy and of the type `read` extracts; nil when it is
    /// absent or falsy (JavaScript skips the type check then); a failure otherwise.
    private static func claim<T>(_ name: String, in claims: [String: PlivoOptionsValue], _ read: (PlivoOptionsValue) -> T?,
                                 type: String, path: String = "") throws(PlivoAccessTokenFailure) -> T? {
        guard let value = claims[name], value.isTruthy else { return nil }
        guard let typed = read(value) else { throw invalid("the \(path)\(name) claim is not \(type): \(value)") }
        return typed
    }
}
