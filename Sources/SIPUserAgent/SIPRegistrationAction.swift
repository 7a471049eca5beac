import SIPCore
import StackCore

/// What ``SIPRegistrationStateMachine`` asks its owner to do, in order.
public enum SIPRegistrationAction: Sendable, Equatable {
    /// Send this REGISTER in a new non-INVITE client transaction (the transaction layer adds
    /// the Via branch). Any earlier REGISTER's transaction is superseded.
    case send(SIPMessage)
    /// Arm (or re-arm) the single refresh timer to fire at this instant.
    case startRefreshTimer(at: StackInstant)
    /// Disarm the refresh timer.
    case cancelRefreshTimer
    /// Report this event to the owner's listeners.
    case emit(SIPRegistrationEvent)
}
