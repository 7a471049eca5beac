/// The timers a ``SIPConnectionSupervisorStateMachine`` asks its owner to arm.
public enum SIPConnectionSupervisorTimer: Sendable, Hashable, CaseIterable {
    /// The keep-alive interval (5 s idle, 4 s in a call; behaviour §4.3).
    case ping
    /// The wait for the pong of the outstanding ping (2 s; behaviour §4.3).
    case pingTimeout
    /// The back-off before the next connection attempt (behaviour §4.4).
    case reconnect
}
