/// The timers a call arms besides its transactions' (RFC 3261 §13.3.1, JsSIP defaults).
public enum SIPCallTimer: Sendable, Hashable {
    /// An incoming call not answered in time is answered 408 (JsSIP `no_answer_timeout`, 60 s).
    case noAnswer
    /// Retransmit the 2xx to an INVITE over an unreliable transport: T1, doubling to T2
    /// (RFC 3261 §13.3.1.4).
    case okRetransmit
    /// Give up waiting for the ACK of our 2xx after 64·T1 and end the call with a BYE (§13.3.1.4).
    case ackWait
    /// The pause between two DTMF INFO requests (JsSIP: 500 ms inter-tone gap).
    case dtmfGap
}
