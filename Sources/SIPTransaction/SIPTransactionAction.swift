import SIPCore

/// What a transaction state machine asks its owner to do (RFC 3261 §17 vocabulary).
///
/// The owner performs the actions in order: hand a message to the transport, arm or disarm a
/// timer on its clock, pass a message up to the transaction user (TU), tell the TU about a
/// timeout or a transport failure, and drop the transaction once it is terminated.
public enum SIPTransactionAction: Sendable, Equatable {
    /// Send (or re-send) this message to the transaction's peer (RFC 3261 §17.1.1.2, §17.2.1).
    case send(SIPMessage)
    /// Arm `timer` to fire after `duration`, replacing an earlier arming of the same timer.
    case startTimer(SIPTransactionTimer, Duration)
    /// Disarm `timer` (no effect when it is not armed).
    case cancelTimer(SIPTransactionTimer)
    /// Pass a response (client transaction) or a request or ACK (server transaction) to the TU.
    case passToTU(SIPMessage)
    /// Tell the TU the transaction timed out (Timer B, F or H, RFC 3261 §17.1.1.2, §17.1.2.2, §17.2.1).
    case timeout
    /// Tell the TU the transport failed to send (RFC 3261 §17.1.4, §17.2.4).
    case transportError
    /// The transaction reached the Terminated state: its owner removes it.
    case terminated
}
