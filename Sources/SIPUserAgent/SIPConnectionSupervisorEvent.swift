import SIPTransport

/// What happens to a supervised connection: the inputs of ``SIPConnectionSupervisorStateMachine``.
public enum SIPConnectionSupervisorEvent: Sendable {
    /// Start supervising, connecting to these servers in order (failover list; seed `wsServers`).
    case start(servers: [String])
    /// The connection asked for by the last `.connect` is open.
    case connected
    /// The connection asked for by the last `.connect` could not be opened.
    case connectFailed(any Error)
    /// The connection closed with this code (RFC 6455 §7.4). `intentional` is `true` when this
    /// side closed it on purpose and no reconnection is wanted (JsSIP `ignoreReconnection`).
    case closed(SIPCloseCode, intentional: Bool)
    /// The outstanding ping was answered: any final response to the OPTIONS, or a CRLF pong.
    case pingAnswered
    /// The `.ping` timer fired.
    case pingTimerFired
    /// The `.pingTimeout` timer fired.
    case pingTimeoutFired
    /// The `.reconnect` timer fired.
    case reconnectTimerFired
    /// A call came up (`true`, seed: `accepted`) or the last one ended (`false`, seed: `ended`).
    case callStateChanged(inCall: Bool)
    /// Stop supervising: close on purpose, cancel every timer, never reconnect.
    case stop
}
