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
    /// The extension headers (names starting `X-`) of the final response that ended the call,
    /// in order: where servers put diagnostics beyond the status (Plivo's
    /// `X-Plivo-Jwt-Error-Code`).
    public var extensionHeaders: [SIPHeaderField]

    /// Creates an end record.
    public init(state: SIPCallState, originator: Originator, cause: SIPCallCause, statusCode: Int? = nil,
                reason: SIPReason? = nil, extensionHeaders: [SIPHeaderField] = []) {
        self.state = state
        self.originator = originator
        self.cause = cause
        self.statusCode = statusCode
        self.reason = reason
        self.extensionHeaders = extensionHeaders
    }

    /// The `X-` headers of `response`, for ``extensionHeaders``.
    public static func extensionHeaders(of response: SIPMessage) -> [SIPHeaderField] {
        response.headerFields.filter { $0.name.count > 2 && $0.name.prefix(2).lowercased() == "x-" }
    }

    /// The value of the first extension header named `name` (case-insensitive).
    public func extensionHeader(_ name: String) -> String? {
        extensionHeaders.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
