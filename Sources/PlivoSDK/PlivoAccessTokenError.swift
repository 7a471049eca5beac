import StackCore

/// The seed's access-token causes, emitted as `onLoginFailed(cause)` and `onCallFailed(cause)`
/// (the raw values are the seed's strings).
///
/// Plivo's server names them in the `X-Plivo-Jwt-Error-Code` header of a failed REGISTER,
/// codes 10001 to 10010 (``init(serverCode:)``); this SDK also finds some of them before
/// asking the server (``PlivoAccessToken/init(parsing:nowMilliseconds:)`` and
/// ``PlivoAccessToken/checkValidity(nowMilliseconds:)``).
public enum PlivoAccessTokenError: String, Error, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// 10001: the token cannot be read, or lacks or mistypes a claim.
    case invalidAccessToken = "INVALID_ACCESS_TOKEN"
    /// 10002: the token's header is not acceptable.
    case invalidAccessTokenHeader = "INVALID_ACCESS_TOKEN_HEADER"
    /// 10003: the issuer (`iss`) is not a known auth ID.
    case invalidAccessTokenIssuer = "INVALID_ACCESS_TOKEN_ISSUER"
    /// 10004: the subject (`sub`) is not acceptable.
    case invalidAccessTokenSubject = "INVALID_ACCESS_TOKEN_SUBJECT"
    /// 10005: the token's `nbf` is still in the future.
    case accessTokenNotValidYet = "ACCESS_TOKEN_NOT_VALID_YET"
    /// 10006: the token's `exp` has passed.
    case accessTokenExpired = "ACCESS_TOKEN_EXPIRED"
    /// 10007: the signature does not verify.
    case invalidAccessTokenSignature = "INVALID_ACCESS_TOKEN_SIGNATURE"
    /// 10008: the grants do not allow what was asked (also emitted locally by `call()` when
    /// `outgoing_allow` is false, as `onPermissionDenied`).
    case invalidAccessTokenGrants = "INVALID_ACCESS_TOKEN_GRANTS"
    /// 10009: `exp` is further from `nbf` than the server allows.
    case expirationExceedsMaxAllowedTime = "EXPIRATION_EXCEEDS_MAX_ALLOWED_TIME"
    /// 10010: too many logins with this token's identity.
    case maxAllowedLoginReached = "MAX_ALLOWED_LOGIN_REACHED"

    /// The `onLoginFailed` cause for a server error code that is not one of 10001…10010
    /// (the JS SDK's spelling).
    public static let unauthorised = "Unauthorised"

    /// The cause for Plivo's `X-Plivo-Jwt-Error-Code` value `code`, 10001…10010; nil for any
    /// other code.
    public init?(serverCode code: Int) {
        guard let cause = Self.allCases.first(where: { $0.serverCode == code }) else { return nil }
        self = cause
    }

    /// The cause in an `X-Plivo-Jwt-Error-Code` header value (a decimal code, white space
    /// around it ignored); nil when it is not one of 10001…10010.
    public init?(errorCodeHeader value: String) {
        guard let code = Int(value.trimmingWhitespace()) else { return nil }
        self.init(serverCode: code)
    }

    /// The `onLoginFailed` cause for a server error code: the cause's string for
    /// 10001…10010, ``unauthorised`` for anything else.
    public static func loginFailureCause(serverCode code: Int) -> String {
        PlivoAccessTokenError(serverCode: code)?.rawValue ?? unauthorised
    }

    /// Plivo's code for this cause: 10001 (``invalidAccessToken``) … 10010
    /// (``maxAllowedLoginReached``).
    public var serverCode: Int {
        switch self {
        case .invalidAccessToken: return 10001
        case .invalidAccessTokenHeader: return 10002
        case .invalidAccessTokenIssuer: return 10003
        case .invalidAccessTokenSubject: return 10004
        case .accessTokenNotValidYet: return 10005
        case .accessTokenExpired: return 10006
        case .invalidAccessTokenSignature: return 10007
        case .invalidAccessTokenGrants: return 10008
        case .expirationExceedsMaxAllowedTime: return 10009
        case .maxAllowedLoginReached: return 10010
        }
    }

    /// The seed's string, e.g. `ACCESS_TOKEN_EXPIRED`.
    public var description: String { rawValue }
}
