import SIPCore

/// An input to a client transaction state machine (RFC 3261 §17.1).
public enum SIPClientTransactionEvent: Sendable, Equatable {
    /// The TU hands the request to the transaction: send it and arm the timers (RFC 3261 §17.1.1.2, §17.1.2.2).
    case start
    /// A response matching this transaction arrived (RFC 3261 §17.1.3).
    case responseReceived(SIPMessage)
    /// One of the transaction's timers fired.
    case timerFired(SIPTransactionTimer)
    /// The transport failed to send the request (RFC 3261 §17.1.4).
    case transportError
}
