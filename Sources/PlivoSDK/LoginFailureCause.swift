import SIPCore
import SIPUserAgent
import StackCore

/// The `onLoginFailed` cause strings.
///
/// The seed names the event (`onLoginFailed(cause)`, "the login failure reason") but lists no
/// cause values. The Plivo browser SDK wraps JsSIP, whose `registrationFailed` causes
/// (`JsSIP.C.causes`, `Utils.sipErrorCause`) are used here: a rejected password is
/// `Authentication Error`, no answer `Request Timeout`, a transport failure `Connection Error`.
package enum LoginFailureCause {
    /// The cause string for `failure` (an exhaustive switch: a new failure is a compile error).
    package static func cause(for failure: SIPRegistrationFailure) -> String {
        switch failure {
        case .invalidCredentials, .unanswerableChallenge: "Authentication Error"
        case .forbidden: "Rejected"
        case .notFound: "Not Found"
        case .timeout: "Request Timeout"
        case .transportError: "Connection Error"
        case .serverError(let status), .rejected(let status): cause(forStatus: status)
        case .intervalTooBrief: "SIP Failure Code"
        case .invalidExpires, .invalidRequest: "Internal Error"
        }
    }

    /// The seed's `registrationFailed` rule: the code is the integer in the rejection's
    /// `X-Plivo-Jwt-Error-Code` header, 401 without one. For 401 the SIP cause stands
    /// (``cause(for:)``); for any other code it is `RELOGIN_FAILED_INVALID_TOKEN` when the login
    /// came from a token generator, else the code's token cause (10001…10010) or `Unauthorised`.
    package static func cause(for failure: SIPRegistrationFailure, rejection: SIPMessage?,
                              tokenGenerator: Bool) -> String {
        let header = rejection?.value(SIPHeaderName("X-Plivo-Jwt-Error-Code"))
        let code = header.flatMap { Int($0.trimmingWhitespace()) } ?? 401
        if code == 401 { return cause(for: failure) }
        if tokenGenerator { return reloginFailedInvalidToken }
        return PlivoAccessTokenError.loginFailureCause(serverCode: code)
    }

    /// The cause when a generator-supplied token is refused by the server.
    package static let reloginFailedInvalidToken = "RELOGIN_FAILED_INVALID_TOKEN"

    /// The cause when no server could be reached at all.
    package static let connectionError = "Connection Error"

    /// JsSIP's `Utils.sipErrorCause`: the cause for a final non-2xx status.
    package static func cause(forStatus status: Int) -> String {
        switch status {
        case 300...399: "Redirected"
        case 401, 407: "Authentication Error"
        case 403, 603: "Rejected"
        case 404, 604: "Not Found"
        case 408, 410, 430, 480: "Unavailable"
        case 484: "Address Incomplete"
        case 486, 600: "Busy"
        case 488, 606: "Incompatible SDP"
        default: "SIP Failure Code"
        }
    }
}
