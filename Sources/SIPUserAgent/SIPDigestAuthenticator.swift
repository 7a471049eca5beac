import SIPCore

/// Computes Digest responses and the credentials that carry them (RFC 7616 §3.4, RFC 2617 §3.2.2,
/// RFC 8760 §2, RFC 3261 §22.4).
///
/// The client nonce comes from an injected generator so tests can fix it; the default draws
/// 128 random bits and writes them as 32 lower-case hex digits.
public struct SIPDigestAuthenticator: Sendable {
    /// Makes a fresh cnonce for each computed answer that uses qop.
    public var cnonceGenerator: @Sendable () -> String

    /// Creates an authenticator with a cnonce generator (random by default).
    public init(cnonceGenerator: @escaping @Sendable () -> String = SIPDigestAuthenticator.randomCNonce) {
        self.cnonceGenerator = cnonceGenerator
    }

    /// 128 random bits as 32 lower-case hex digits (RFC 7616 §3.4: an opaque quoted string).
    public static func randomCNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return SIPDigestAlgorithm.hex(bytes)
    }

    /// The qop to answer with: `auth` when offered, else `auth-int`, nil when the challenge
    /// offers none (RFC 2069 compatibility, RFC 2617 §3.2.2); throws when only unknown values
    /// are offered.
    public static func preferredQOP(_ offered: [SIPDigestQOP]) throws(SIPDigestError) -> SIPDigestQOP? {
        if offered.isEmpty { return nil }
        if offered.contains(.auth) { return .auth }
        if offered.contains(.authInt) { return .authInt }
        throw .unsupportedQOP(offered.map(\.token))
    }

    /// The request-digest (RFC 7616 §3.4.1–§3.4.3):
    /// HA1 = H(username:realm:password), for `-sess` H(HA1:nonce:cnonce);
    /// HA2 = H(method:uri), for `auth-int` H(method:uri:H(body));
    /// response = H(HA1:nonce:nc:cnonce:qop:HA2), or H(HA1:nonce:HA2) without qop.
    public static func response(algorithm: SIPDigestAlgorithm, credentials: SIPDigestCredentials, realm: String,
                                nonce: String, method: SIPMethod, uri: String, qop: SIPDigestQOP?,
                                nonceCount: UInt32, cnonce: String, body: [UInt8] = []) throws(SIPDigestError) -> String {
        var ha1 = try algorithm.hash("\(credentials.username):\(realm):\(credentials.password)")
        if algorithm.isSession {
            guard qop != nil else { throw .sessionAlgorithmWithoutQOP }
            ha1 = try algorithm.hash("\(ha1):\(nonce):\(cnonce)")
        }
        let ha2: String
        switch qop {
        case .authInt: ha2 = try algorithm.hash("\(method.rawValue):\(uri):\(try algorithm.hash(body))")
        case .auth, nil: ha2 = try algorithm.hash("\(method.rawValue):\(uri)")
        case .other(let raw): throw .unsupportedQOP([raw])
        }
        guard let qop else { return try algorithm.hash("\(ha1):\(nonce):\(ha2)") }
        let nc = SIPDigestAuthorization.nonceCountText(nonceCount)
        return try algorithm.hash("\(ha1):\(nonce):\(nc):\(cnonce):\(qop.token):\(ha2)")
    }

    /// The credentials answering `challenge` for one request (RFC 7616 §3.4, RFC 3261 §22.4):
    /// `uri` is the Request-URI, `body` the message body (used by `auth-int` only), and
    /// `nonceCount` how many requests, this one included, have used this nonce.
    public func authorize(_ challenge: SIPDigestChallenge, credentials: SIPDigestCredentials, method: SIPMethod,
                          uri: String, body: [UInt8] = [], nonceCount: UInt32 = 1) throws(SIPDigestError) -> SIPDigestAuthorization {
        let algorithm = challenge.algorithm
        guard algorithm.isSupported else { throw .unsupportedAlgorithm(algorithm.token) }
        let qop = try Self.preferredQOP(challenge.qop)
        let cnonce = qop == nil ? nil : cnonceGenerator()
        let response = try Self.response(algorithm: algorithm, credentials: credentials, realm: challenge.realm,
                                         nonce: challenge.nonce, method: method, uri: uri, qop: qop,
                                         nonceCount: nonceCount, cnonce: cnonce ?? "", body: body)
        let username = challenge.userhash
            ? try algorithm.hash("\(credentials.username):\(challenge.realm)")
            : credentials.username
        return try SIPDigestAuthorization(
            headerName: challenge.origin.authorizationHeader, username: username, realm: challenge.realm,
            nonce: challenge.nonce, uri: uri, response: response, algorithm: algorithm, qop: qop, cnonce: cnonce,
            nonceCount: qop == nil ? nil : nonceCount, opaque: challenge.opaque, userhash: challenge.userhash)
    }
}
