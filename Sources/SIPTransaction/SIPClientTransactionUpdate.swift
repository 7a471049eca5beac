import SIPCore

/// What the TU hears from one client transaction (RFC 3261 §17.1): responses, then at most one
/// failure; the stream finishes when the transaction terminates.
public enum SIPClientTransactionUpdate: Sendable, Equatable {
    /// A provisional or final response (for INVITE also 2xx retransmissions while Accepted, RFC 6026 §7.2).
    case response(SIPMessage)
    /// No final response before Timer B or F (RFC 3261 §17.1.1.2, §17.1.2.2); treat as 408.
    case timeout
    /// The transport could not send the request (RFC 3261 §17.1.4); treat as 503.
    case transportError
}
