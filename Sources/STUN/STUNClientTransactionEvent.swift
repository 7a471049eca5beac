/// An input to ``STUNClientTransactionStateMachine`` (RFC 8489 §6.2, §6.3.3).
public enum STUNClientTransactionEvent: Sendable, Hashable {
    /// Send the request now and start retransmitting.
    case start
    /// A response arrived. Feed only responses that passed the caller's checks (integrity with
    /// the expected key, fingerprint, unknown attributes): an unauthenticated response must not
    /// end the transaction (RFC 8489 §9.1.4, §9.2.5). Responses with another transaction ID,
    /// and requests or indications, are ignored.
    case response(STUNMessage)
    /// The timer from the last ``STUNClientTransactionAction/startTimer(after:)`` fired.
    case timerFired
    /// Stop retransmitting but keep waiting for a response until the transaction would have
    /// timed out (ICE's cancellation of an in-progress check on a triggered check, RFC 8445
    /// §7.3.1.4); the schedule runs on without sending and still ends in a timeout.
    case cancelRetransmissions
}
