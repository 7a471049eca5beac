import SIPCore

/// Why a registration ended in `failed` (RFC 3261 §10.2, §21): one typed cause per outcome a
/// caller reacts to differently (the Plivo SDK's `onLoginFailed` strings map onto these).
public enum SIPRegistrationFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The registrar rejected the same credentials twice (a second non-stale 401/407), or kept
    /// challenging past the retry limit (RFC 3261 §22.2).
    case invalidCredentials
    /// 403 Forbidden.
    case forbidden
    /// 404 Not Found (unknown user or domain).
    case notFound
    /// 408 Request Timeout, or no final response before Timer F (RFC 3261 §17.1.2.2).
    case timeout
    /// A 5xx or 6xx response.
    case serverError(status: Int)
    /// The transport could not send the REGISTER (RFC 3261 §17.1.4).
    case transportError
    /// Any other final non-2xx response (3xx, other 4xx).
    case rejected(status: Int)
    /// 423 Interval Too Brief without a usable Min-Expires (absent, not above what was asked,
    /// or asked too often; RFC 3261 §10.2.8).
    case intervalTooBrief(minExpires: Int?)
    /// A 401/407 whose challenges cannot be answered (not Digest, unsupported algorithm, …).
    case unanswerableChallenge(SIPDigestError)
    /// The requested expiry is outside `SIPRegistrationConfiguration.expiresRange`.
    case invalidExpires(Int)
    /// The REGISTER could not be built from the configuration (a value would break framing).
    case invalidRequest(SIPParseError)

    /// A short human-readable cause.
    public var description: String {
        switch self {
        case .invalidCredentials: "invalid credentials"
        case .forbidden: "403 Forbidden"
        case .notFound: "404 Not Found"
        case .timeout: "request timeout"
        case .serverError(let status): "server error \(status)"
        case .transportError: "transport error"
        case .rejected(let status): "rejected with \(status)"
        case .intervalTooBrief(let minimum): "423 Interval Too Brief (Min-Expires \(minimum.map(String.init) ?? "absent"))"
        case .unanswerableChallenge(let error): "unanswerable challenge: \(error)"
        case .invalidExpires(let value): "expires \(value) outside 100–86400 s"
        case .invalidRequest(let error): "REGISTER not buildable: \(error)"
        }
    }

    /// The cause for a final non-2xx status that is not handled by retrying (401/407/423 are).
    public static func forStatus(_ status: Int) -> SIPRegistrationFailure {
        switch status {
        case 403: .forbidden
        case 404: .notFound
        case 408: .timeout
        case 500...699: .serverError(status: status)
        default: .rejected(status: status)
        }
    }
}
