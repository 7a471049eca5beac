import SIPCore

/// An input to a server transaction state machine (RFC 3261 §17.2).
public enum SIPServerTransactionEvent: Sendable, Equatable {
    /// The request that creates the transaction arrived: pass it to the TU (RFC 3261 §17.2.1, §17.2.2).
    case start
    /// A retransmission of the request matched this transaction (RFC 3261 §17.2.3).
    case requestRetransmitted
    /// An ACK matched this INVITE transaction (RFC 3261 §17.2.1, RFC 6026 §8.7).
    case ackReceived(SIPMessage)
    /// The TU sends a response through the transaction.
    case tuResponse(SIPMessage)
    /// One of the transaction's timers fired.
    case timerFired(SIPTransactionTimer)
    /// The transport failed to send a response (RFC 3261 §17.2.4).
    case transportError
}
