import SIPTransport

/// Connection supervision as a pure value: connect, fail over across an ordered server list with
/// back-off, and detect dead connections with keep-alive pings (Plivo behaviour §4.3, §4.4).
///
/// Feed it ``SIPConnectionSupervisorEvent``s; it returns ``SIPConnectionSupervisorAction``s
/// (connect, close, ping, arm or disarm a timer, emit a connection change) and never performs
/// I/O or reads a clock. The jitter source is injected.
///
/// **Reconnection** (§4.4 layers 1 and 2 merged). A failed connect, an unexpected close (any
/// code, e.g. 1006, or 1009 after an over-size frame or message) or an unanswered ping counts
/// as a failure: the machine moves to the *next* server of the list (wrapping around, as the
/// seed's `urlIndex++`) and waits ``SIPReconnectBackoff/delay(attempt:random:)`` for the `n`-th
/// consecutive failure — `floor(r·2ⁿ + 1)` s clamped to [2, 20] s. The count resets on connect.
/// A close reported as intentional, or ``SIPConnectionSupervisorEvent/stop``, never reconnects.
///
/// **Keep-alive** (§4.3). While connected, a `.ping` timer runs every 5 s (4 s while
/// `inCall`), re-armed at every tick like the seed's `setInterval`; a change of call state
/// restarts it with the new interval. Each tick sends one ping (OPTIONS, or CRLF on stream
/// transports) unless one is still outstanding, and arms `.pingTimeout` (2 s). A pong cancels
/// it; a timeout closes the connection (1000, `"Ping Timed Out"`), emits
/// `{disconnected, code 1000, reason: "Ping Timed Out"}` and reconnects as above.
///
/// **Events.** `{connected}` is emitted on every connect, and `{disconnected, code, reason}` on
/// every loss of an established connection (and on `stop` while connected). Failed connection
/// attempts while already disconnected emit nothing, so listeners see one change per drop, as
/// the seed's `unregistered`-driven `onConnectionChange` does.
///
/// Events that do not fit the state (a late `.closed` after this side closed, a stale timer
/// firing) are ignored.
public struct SIPConnectionSupervisorStateMachine: Sendable {
    /// The reason reported when a ping goes unanswered (the seed's wording).
    public static let pingTimedOutReason = "Ping Timed Out"
    /// The reason used when supervision is stopped.
    public static let stoppedReason = "Stopped"

    /// The keep-alive cadence.
    public let keepAlive: SIPKeepAliveConfiguration
    /// The reconnection back-off.
    public let backoff: SIPReconnectBackoff
    private let jitter: @Sendable () -> Double

    /// The ordered server list given to `start` (empty while idle before the first start).
    public private(set) var servers: [String] = []
    /// The current state.
    public private(set) var state: SIPConnectionSupervisorState = .idle
    /// Whether a call is up (selects the 4 s ping interval).
    public private(set) var inCall = false
    /// Whether a ping has been sent and not yet answered.
    public private(set) var isPingOutstanding = false
    /// Consecutive failures since the last successful connect (JsSIP `_recover_attempts`).
    public private(set) var failedAttempts = 0

    /// Creates an idle machine. `jitter` returns the back-off's `r` in [0, 1) (the default is
    /// uniform random; tests fix it).
    public init(
        keepAlive: SIPKeepAliveConfiguration = SIPKeepAliveConfiguration(),
        backoff: SIPReconnectBackoff = SIPReconnectBackoff(),
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.keepAlive = keepAlive
        self.backoff = backoff
        self.jitter = jitter
    }

    /// The ping interval for the current call state.
    public var pingInterval: Duration { keepAlive.interval(inCall: inCall) }

    /// Applies one event and returns what to do, in order.
    public mutating func handle(_ event: SIPConnectionSupervisorEvent) -> [SIPConnectionSupervisorAction] {
        switch event {
        case .start(let servers): start(servers)
        case .connected: didConnect()
        case .connectFailed: didFailToConnect(intentional: false)
        case .closed(let code, let intentional): didClose(code, intentional: intentional)
        case .pingAnswered: pingAnswered()
        case .pingTimerFired: pingTick()
        case .pingTimeoutFired: pingTimedOut()
        case .reconnectTimerFired: reconnectNow()
        case .callStateChanged(let inCall): callStateChanged(inCall)
        case .stop: stop()
        }
    }

    // MARK: - Connection

    private mutating func start(_ servers: [String]) -> [SIPConnectionSupervisorAction] {
        guard case .idle = state, !servers.isEmpty else { return [] }
        self.servers = servers
        failedAttempts = 0
        isPingOutstanding = false
        state = .connecting(server: 0, attempt: 0)
        return [.connect(serverIndex: 0)]
    }

    private mutating func didConnect() -> [SIPConnectionSupervisorAction] {
        guard case .connecting(let server, _) = state else { return [] }
        failedAttempts = 0
        isPingOutstanding = false
        state = .connected(server: server)
        return [.emitConnectionChange(.connected), .startTimer(.ping, after: pingInterval)]
    }

    private mutating func didFailToConnect(intentional: Bool) -> [SIPConnectionSupervisorAction] {
        guard case .connecting(let server, _) = state else { return [] }
        if intentional {
            state = .idle
            return []
        }
        var actions: [SIPConnectionSupervisorAction] = []
        scheduleReconnect(after: server, into: &actions)
        return actions
    }

    private mutating func didClose(_ code: SIPCloseCode, intentional: Bool) -> [SIPConnectionSupervisorAction] {
        switch state {
        case .connecting:
            return didFailToConnect(intentional: intentional)
        case .connected(let server):
            var actions = stopKeepAlive()
            actions.append(.emitConnectionChange(.disconnected(code: code, reason: code.meaning)))
            if intentional {
                state = .idle
                failedAttempts = 0
            } else {
                scheduleReconnect(after: server, into: &actions)
            }
            return actions
        case .idle, .waitingToReconnect:
            return []
        }
    }

    private mutating func reconnectNow() -> [SIPConnectionSupervisorAction] {
        guard case .waitingToReconnect(let server, let attempt, _) = state else { return [] }
        state = .connecting(server: server, attempt: attempt)
        return [.connect(serverIndex: server)]
    }

    private mutating func stop() -> [SIPConnectionSupervisorAction] {
        var actions: [SIPConnectionSupervisorAction] = []
        switch state {
        case .idle:
            return []
        case .connecting:
            actions.append(.close(.normal, reason: Self.stoppedReason))
        case .connected:
            actions = stopKeepAlive()
            actions.append(.close(.normal, reason: Self.stoppedReason))
            actions.append(.emitConnectionChange(.disconnected(code: .normal, reason: Self.stoppedReason)))
        case .waitingToReconnect:
            actions.append(.cancelTimer(.reconnect))
        }
        state = .idle
        failedAttempts = 0
        return actions
    }

    /// Counts a failure of the connection to `server`, picks the next server and arms the
    /// back-off (§4.4).
    private mutating func scheduleReconnect(after server: Int, into actions: inout [SIPConnectionSupervisorAction]) {
        failedAttempts += 1
        let next = servers.isEmpty ? 0 : (server + 1) % servers.count
        let delay = backoff.delay(attempt: failedAttempts, random: jitter())
        state = .waitingToReconnect(server: next, attempt: failedAttempts, delay: delay)
        actions.append(.startTimer(.reconnect, after: delay))
    }

    // MARK: - Keep-alive

    private mutating func stopKeepAlive() -> [SIPConnectionSupervisorAction] {
        var actions: [SIPConnectionSupervisorAction] = [.cancelTimer(.ping)]
        if isPingOutstanding {
            actions.append(.cancelTimer(.pingTimeout))
            isPingOutstanding = false
        }
        return actions
    }

    private mutating func pingTick() -> [SIPConnectionSupervisorAction] {
        guard case .connected = state else { return [] }
        var actions: [SIPConnectionSupervisorAction] = []
        if !isPingOutstanding {
            isPingOutstanding = true
            actions.append(.sendPing(keepAlive.kind))
            actions.append(.startTimer(.pingTimeout, after: keepAlive.timeout))
        }
        actions.append(.startTimer(.ping, after: pingInterval))
        return actions
    }

    private mutating func pingAnswered() -> [SIPConnectionSupervisorAction] {
        guard case .connected = state, isPingOutstanding else { return [] }
        isPingOutstanding = false
        return [.cancelTimer(.pingTimeout)]
    }

    private mutating func pingTimedOut() -> [SIPConnectionSupervisorAction] {
        guard case .connected(let server) = state, isPingOutstanding else { return [] }
        isPingOutstanding = false
        var actions: [SIPConnectionSupervisorAction] = [
            .cancelTimer(.ping),
            .close(.normal, reason: Self.pingTimedOutReason),
            .emitConnectionChange(.disconnected(code: .normal, reason: Self.pingTimedOutReason)),
        ]
        scheduleReconnect(after: server, into: &actions)
        return actions
    }

    private mutating func callStateChanged(_ inCall: Bool) -> [SIPConnectionSupervisorAction] {
        guard inCall != self.inCall else { return [] }
        self.inCall = inCall
        guard case .connected = state else { return [] }
        return [.startTimer(.ping, after: pingInterval)]
    }
}
