import SIPCore

/// Why a digest challenge could not be read or answered (RFC 7616 §3.3, §3.4; RFC 3261 §22).
///
/// Every problem with a peer's challenge is one of these cases; nothing a peer sends traps.
public enum SIPDigestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The challenge uses another scheme than `Digest` (e.g. `Basic`, `Bearer`).
    case notDigest(scheme: String)
    /// The challenge has no `realm` parameter (RFC 7616 §3.3).
    case missingRealm
    /// The challenge has no `nonce` parameter, or an empty one (RFC 7616 §3.3).
    case missingNonce
    /// A parameter appears more than once (RFC 7616 §3.3: each at most once).
    case duplicateParameter(String)
    /// A parameter has no value or a value its grammar forbids (e.g. `stale=maybe`).
    case invalidParameter(name: String, value: String)
    /// The algorithm is not one this stack computes (RFC 7616 §3.2, RFC 8760 §2.1).
    case unsupportedAlgorithm(String)
    /// The challenge offers only quality-of-protection values this stack does not implement.
    case unsupportedQOP([String])
    /// A `-sess` algorithm without `qop`: RFC 7616 §3.4.2 needs a cnonce, which is sent only with qop.
    case sessionAlgorithmWithoutQOP
    /// A value to be sent contains a control character that no quoted-string may carry.
    case invalidCharacter(parameter: String)
    /// The WWW-Authenticate or Proxy-Authenticate field does not follow RFC 3261 §25.1.
    case malformedHeader(SIPParseError)
    /// The message carries no Digest challenge this stack can answer.
    case noChallenge
    /// The message to authorize is not a request, or its Request-URI is missing.
    case notARequest

    /// A short English sentence naming the problem.
    public var description: String {
        switch self {
        case .notDigest(let scheme): "challenge scheme \(scheme) is not Digest"
        case .missingRealm: "digest challenge has no realm"
        case .missingNonce: "digest challenge has no nonce"
        case .duplicateParameter(let name): "digest parameter \(name) appears more than once"
        case .invalidParameter(let name, let value): "digest parameter \(name) has an invalid value \(value)"
        case .unsupportedAlgorithm(let name): "digest algorithm \(name) is not supported"
        case .unsupportedQOP(let values): "digest qop \(values.joined(separator: ",")) is not supported"
        case .sessionAlgorithmWithoutQOP: "session digest algorithm offered without qop"
        case .invalidCharacter(let parameter): "digest parameter \(parameter) contains a control character"
        case .malformedHeader(let error): "malformed authentication header: \(error)"
        case .noChallenge: "no usable digest challenge"
        case .notARequest: "only a request can carry credentials"
        }
    }
}
