import SIPCore

/// How a call ended or failed: who caused it, the cause, the SIP status and the Reason header
/// (RFC 3326) that came with it.
public struct SIPCallEnd: Sendable, Hashable {
    /// Which side ended the call.
    public enum Originator: String, Sendable, Hashable {
        /// This user agent (hangup, reject, CANCEL, a local timeout).
        case local
        /// The peer or the network (a final response, a BYE, a CANCEL).
        case remote
    }

    /// The call's final state (`ended`, `rejected`, `ignored`, `canceled` or `failed`).
    public var state: SIPCallState
    /// Which side ended it.
    public var originator: Originator
    /// The cause string.
    public var cause: SIPCallCause
    /// The SIP status of the final response that ended it, when one did.
    public var statusCode: Int?
    /// The first Reason header value of the message that ended it (BYE, CANCEL or final
    /// response), when there was one.
    public var reason: SIPReason?

    /// Creates an end record.
    public init(state: SIPCallState, originator: Originator, cause: SIPCallCause, statusCode: Int? = nil,
                reason: SIPReason? = nil) {
        self.state = state
        self.originator = originator
        self.cause = cause
        self.statusCode = statusCode
        self.reason = reason
    }
}
