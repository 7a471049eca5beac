import SIPTransport

/// What ``SIPConnectionSupervisorStateMachine`` asks its owner to do, in order.
public enum SIPConnectionSupervisorAction: Sendable, Hashable {
    /// Open a connection to the server at this index of the server list; report the outcome
    /// with `.connected`, `.connectFailed` or `.closed`.
    case connect(serverIndex: Int)
    /// Arm (or re-arm, replacing a pending firing) this timer to fire after the duration.
    case startTimer(SIPConnectionSupervisorTimer, after: Duration)
    /// Disarm this timer.
    case cancelTimer(SIPConnectionSupervisorTimer)
    /// Send one keep-alive ping of this kind on the current connection; report the pong with
    /// `.pingAnswered`.
    case sendPing(SIPKeepAliveKind)
    /// Close the current connection with this code and reason. The `.closed` that follows is
    /// ignored, as the machine has already moved on.
    case close(SIPCloseCode, reason: String)
    /// Report this change to the owner's listeners (the seed's `onConnectionChange`).
    case emitConnectionChange(SIPConnectionChange)
}
