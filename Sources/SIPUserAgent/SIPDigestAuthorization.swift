/// The credentials of an `Authorization` or `Proxy-Authorization` field, computed for one
/// request (RFC 7616 §3.4, RFC 3261 §22.2–§22.4).
public struct SIPDigestAuthorization: Sendable, Hashable {
    /// The header to add: `Authorization` for a 401 challenge, `Proxy-Authorization` for a 407.
    public let headerName: String
    /// The user name as sent (hashed when `userhash` is true, RFC 7616 §3.4.4).
    public let username: String
    /// The realm echoed from the challenge.
    public let realm: String
    /// The nonce echoed from the challenge.
    public let nonce: String
    /// The digest-uri: the Request-URI (RFC 3261 §22.4).
    public let uri: String
    /// The request-digest, lower-case hex (RFC 7616 §3.4.1).
    public let response: String
    /// The algorithm echoed from the challenge.
    public let algorithm: SIPDigestAlgorithm
    /// The chosen qop; nil for an RFC 2069 answer.
    public let qop: SIPDigestQOP?
    /// The client nonce; nil without qop.
    public let cnonce: String?
    /// The nonce count; nil without qop.
    public let nonceCount: UInt32?
    /// The opaque value echoed unchanged.
    public let opaque: String?
    /// Whether `username` is hashed.
    public let userhash: Bool
    /// The field value, `Digest username="…", realm="…", …` (RFC 7616 §3.4, §3.9.1 order):
    /// username, realm, uri, cnonce, nonce, response and opaque quoted (quotes and backslashes
    /// escaped); algorithm, nc, qop and userhash as tokens.
    public let headerValue: String

    init(headerName: String, username: String, realm: String, nonce: String, uri: String, response: String,
         algorithm: SIPDigestAlgorithm, qop: SIPDigestQOP?, cnonce: String?, nonceCount: UInt32?, opaque: String?,
         userhash: Bool) throws(SIPDigestError) {
        self.headerName = headerName
        self.username = username
        self.realm = realm
        self.nonce = nonce
        self.uri = uri
        self.response = response
        self.algorithm = algorithm
        self.qop = qop
        self.cnonce = cnonce
        self.nonceCount = nonceCount
        self.opaque = opaque
        self.userhash = userhash
        var parts = [
            "username=" + (try Self.quoted(username, "username")),
            "realm=" + (try Self.quoted(realm, "realm")),
            "uri=" + (try Self.quoted(uri, "uri")),
            "algorithm=" + (try Self.token(algorithm.token, "algorithm")),
            "nonce=" + (try Self.quoted(nonce, "nonce")),
        ]
        if let qop, let cnonce, let nonceCount {
            parts.append("nc=" + Self.nonceCountText(nonceCount))
            parts.append("cnonce=" + (try Self.quoted(cnonce, "cnonce")))
            parts.append("qop=" + (try Self.token(qop.token, "qop")))
        }
        parts.append("response=" + (try Self.quoted(response, "response")))
        if let opaque { parts.append("opaque=" + (try Self.quoted(opaque, "opaque"))) }
        if userhash { parts.append("userhash=true") }
        headerValue = "Digest " + parts.joined(separator: ", ")
    }

    /// `nc` as exactly 8 lower-case hex digits (RFC 7616 §3.4).
    public static func nonceCountText(_ count: UInt32) -> String {
        let digits = String(count, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }

    /// A quoted-string (RFC 3261 §25.1): `"` and `\` become quoted-pairs; other control
    /// characters (CR, LF, NUL, …), which would break the field, are refused.
    static func quoted(_ value: String, _ parameter: String) throws(SIPDigestError) -> String {
        var out: [UInt8] = [34]
        out.reserveCapacity(value.utf8.count + 2)
        for byte in value.utf8 {
            if byte < 0x20 && byte != 0x09 || byte == 0x7f { throw .invalidCharacter(parameter: parameter) }
            if byte == 34 || byte == 92 { out.append(92) }
            out.append(byte)
        }
        out.append(34)
        return String(decoding: out, as: UTF8.self)
    }

    /// A value sent unquoted: must be a token (RFC 3261 §25.1), e.g. an `.other` algorithm.
    private static func token(_ value: String, _ parameter: String) throws(SIPDigestError) -> String {
        let allowed = Set("-.!%*_+`'~".utf8)
        let isToken = !value.isEmpty && value.utf8.allSatisfy { byte in
            (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || allowed.contains(byte)
        }
        guard isToken else { throw .invalidParameter(name: parameter, value: value) }
        return value
    }
}
