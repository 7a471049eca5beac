import SIPCore
import SIPTransaction

/// What a ``SIPCallStateMachine`` asks its owner to do.
public enum SIPCallAction: Sendable, Equatable {
    /// Send a request in a new client transaction (INVITE, CANCEL, BYE, INFO, re-INVITE).
    case sendRequest(SIPMessage)
    /// Send the ACK of a 2xx outside any transaction (RFC 3261 §13.2.2.4).
    case sendACK(SIPMessage)
    /// Send a response through server transaction `key` (also a 2xx retransmission while the
    /// INVITE transaction is in Accepted, RFC 6026 §7.1).
    case respond(SIPMessage, to: SIPTransactionKey)
    /// Arm a call timer (re-arming replaces it).
    case startTimer(SIPCallTimer, Duration)
    /// Disarm a call timer.
    case cancelTimer(SIPCallTimer)
    /// Report an event.
    case emit(SIPCallEvent)
}
