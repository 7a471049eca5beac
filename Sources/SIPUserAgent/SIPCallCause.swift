/// Why a call failed or ended: the cause strings the Plivo SDK reports (JsSIP's
/// `JsSIP.C.causes`, see ../shared/reference/plivo-sdk-behaviour.md §2.1), plus the SDK's own
/// `Ignored`.
public enum SIPCallCause: String, Sendable, Hashable, CaseIterable {
    case busy = "Busy"
    case rejected = "Rejected"
    case redirected = "Redirected"
    case unavailable = "Unavailable"
    case notFound = "Not Found"
    case addressIncomplete = "Address Incomplete"
    case incompatibleSDP = "Incompatible SDP"
    case authenticationError = "Authentication Error"
    case terminated = "Terminated"
    case canceled = "Canceled"
    case noAnswer = "No Answer"
    case noACK = "No ACK"
    case dialogError = "Dialog Error"
    case badMediaDescription = "Bad Media Description"
    case connectionError = "Connection Error"
    case requestTimeout = "Request Timeout"
    case sipFailureCode = "SIP Failure Code"
    case internalError = "Internal Error"
    case ignored = "Ignored"

    /// The cause of a final non-2xx response (JsSIP's `sipErrorCause`): 3xx Redirected,
    /// 401/407 Authentication Error, 403/603 Rejected, 404/604 Not Found, 408/410/430/480
    /// Unavailable, 424/484 Address Incomplete, 486/600 Busy, 488/606 Incompatible SDP, else
    /// SIP Failure Code.
    public init(status: Int) {
        switch status {
        case 300..<400: self = .redirected
        case 401, 407: self = .authenticationError
        case 403, 603: self = .rejected
        case 404, 604: self = .notFound
        case 408, 410, 430, 480: self = .unavailable
        case 424, 484: self = .addressIncomplete
        case 486, 600: self = .busy
        case 488, 606: self = .incompatibleSDP
        default: self = .sipFailureCode
        }
    }

    /// The Plivo SDK's `LOCAL_ERROR_CODES` for a locally caused end (nil for the causes it has
    /// no code for): No Answer 3000, Canceled 1000, Rejected 3020, Terminated 11001, Ignored 11002.
    public var localCode: Int? {
        switch self {
        case .noAnswer: 3000
        case .canceled: 1000
        case .rejected: 3020
        case .terminated: 11001
        case .ignored: 11002
        default: nil
        }
    }
}
