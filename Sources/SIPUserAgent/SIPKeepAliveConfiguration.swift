/// The keep-alive cadence of a ``SIPConnectionSupervisor``: the Plivo ping supervisor
/// (behaviour §4.3, `lib/utils/networkManager.ts`).
///
/// The seed pings every 5 s (`NETWORK_CHANGE_INTERVAL_IDLE_STATE`), every 4 s while a call is
/// up, and treats 2 s without an answer (`MESSAGE_CHECK_TIMEOUT_*`) as a dead connection.
///
/// The same cadence is used for CRLF keep-alives (``SIPKeepAliveKind/crlf``). RFC 5626 §4.4.1
/// suggests far longer intervals for stream transports (a uniformly random 80–100 % of the
/// Flow-Timer, 95–120 s by default) and allows 10 s for the pong; those exist to save battery and
/// NAT state, whereas the product goal here is the seed's fast failure detection. Both are
/// plain settings, so a caller following RFC 5626 sets `idleInterval`, `inCallInterval` and
/// `timeout` accordingly.
public struct SIPKeepAliveConfiguration: Sendable, Hashable {
    /// The ping interval with no call up (seed: 5 s).
    public var idleInterval: Duration
    /// The ping interval while a call is up (seed: 4 s, switched on `accepted`, back on `ended`).
    public var inCallInterval: Duration
    /// How long a ping may go unanswered before the connection is declared dead (seed: 2 s).
    public var timeout: Duration
    /// What a ping is: OPTIONS (WebSocket, the seed) or CRLF (TCP/TLS, RFC 5626).
    public var kind: SIPKeepAliveKind

    /// Creates a cadence; the defaults are the seed's.
    public init(
        idleInterval: Duration = .seconds(5),
        inCallInterval: Duration = .seconds(4),
        timeout: Duration = .seconds(2),
        kind: SIPKeepAliveKind = .options
    ) {
        self.idleInterval = idleInterval
        self.inCallInterval = inCallInterval
        self.timeout = timeout
        self.kind = kind
    }

    /// The interval for the given call state.
    public func interval(inCall: Bool) -> Duration {
        inCall ? inCallInterval : idleInterval
    }
}
