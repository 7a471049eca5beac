/// What the driver of a ``STUNClientTransactionStateMachine`` must do (RFC 8489 §6.2.1).
public enum STUNClientTransactionAction: Sendable, Hashable {
    /// Send these bytes (the request, unchanged on every retransmission) to the server.
    case send([UInt8])
    /// Arm the transaction's one timer to fire after this long, replacing any armed one.
    case startTimer(after: Duration)
    /// Disarm the timer.
    case cancelTimer
    /// The transaction ended with this response (success or error class).
    case complete(STUNMessage)
    /// No response came in time: the transaction failed (RFC 8489 §6.2.1).
    case timeout
}
