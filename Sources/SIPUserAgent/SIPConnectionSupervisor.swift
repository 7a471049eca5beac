import SIPTransport
import StackCore

/// Runs a ``SIPConnectionSupervisorStateMachine`` on an injected clock: reconnection with
/// back-off and failover (Plivo behaviour §4.4) and keep-alive pings (§4.3).
///
/// The owner supplies the side effects as ``Operations`` (open a connection, close it, send a
/// ping, report a change) and reports their outcomes back through ``handle(_:)``
/// (`.connected`, `.connectFailed`, `.closed`, `.pingAnswered`, `.callStateChanged`). Timers
/// run on a ``TimerScheduler``; their firings are queued through one stream so that they reach
/// the machine in firing order, and a firing from an arming that has since been replaced or
/// cancelled is dropped.
///
/// Operations are called synchronously on the actor and must not block; they start work and
/// return.
public actor SIPConnectionSupervisor {
    /// The side effects the supervisor asks for.
    public struct Operations: Sendable {
        /// Open a connection to `server` (index `index` of the list); report the outcome.
        public var connect: @Sendable (_ server: String, _ index: Int) -> Void
        /// Close the current connection with this code and reason.
        public var close: @Sendable (SIPCloseCode, String) -> Void
        /// Send one keep-alive ping (OPTIONS or CRLF); report the pong with `.pingAnswered`.
        public var sendPing: @Sendable (SIPKeepAliveKind) -> Void
        /// The connection went up or down (the seed's `onConnectionChange`).
        public var connectionChanged: @Sendable (SIPConnectionChange) -> Void

        /// Creates the operations.
        public init(
            connect: @escaping @Sendable (_ server: String, _ index: Int) -> Void,
            close: @escaping @Sendable (SIPCloseCode, String) -> Void,
            sendPing: @escaping @Sendable (SIPKeepAliveKind) -> Void,
            connectionChanged: @escaping @Sendable (SIPConnectionChange) -> Void
        ) {
            self.connect = connect
            self.close = close
            self.sendPing = sendPing
            self.connectionChanged = connectionChanged
        }
    }

    private struct Firing: Sendable {
        var timer: SIPConnectionSupervisorTimer
        var generation: UInt64
    }

    private var machine: SIPConnectionSupervisorStateMachine
    private let operations: Operations
    private let scheduler: TimerScheduler
    private var armed: [SIPConnectionSupervisorTimer: StackTimer] = [:]
    private var generations: [SIPConnectionSupervisorTimer: UInt64] = [:]
    private let firings: AsyncStream<Firing>
    private let firingInput: AsyncStream<Firing>.Continuation
    private var firingLoop: Task<Void, Never>?

    /// Creates an idle supervisor; `jitter` is the back-off's random draw in [0, 1).
    public init(
        keepAlive: SIPKeepAliveConfiguration = SIPKeepAliveConfiguration(),
        backoff: SIPReconnectBackoff = SIPReconnectBackoff(),
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        timers: TimerScheduler,
        operations: Operations
    ) {
        machine = SIPConnectionSupervisorStateMachine(keepAlive: keepAlive, backoff: backoff, jitter: jitter)
        self.operations = operations
        scheduler = timers
        (firings, firingInput) = AsyncStream.makeStream(of: Firing.self)
    }

    deinit {
        firingInput.finish()
        firingLoop?.cancel()
        for timer in armed.values { timer.cancel() }
    }

    /// The machine's current state.
    public var state: SIPConnectionSupervisorState { machine.state }

    /// Starts supervising `servers`, in failover order.
    public func start(servers: [String]) {
        startFiringLoop()
        handle(.start(servers: servers))
    }

    /// Stops supervising: closes on purpose and never reconnects.
    public func stop() {
        handle(.stop)
    }

    /// Applies an event reported by the owner and performs the resulting actions.
    public func handle(_ event: SIPConnectionSupervisorEvent) {
        for action in machine.handle(event) {
            perform(action)
        }
    }

    private func perform(_ action: SIPConnectionSupervisorAction) {
        switch action {
        case .connect(let index):
            operations.connect(machine.servers[index], index)
        case .startTimer(let timer, let delay):
            arm(timer, after: delay)
        case .cancelTimer(let timer):
            disarm(timer)
        case .sendPing(let kind):
            operations.sendPing(kind)
        case .close(let code, let reason):
            operations.close(code, reason)
        case .emitConnectionChange(let change):
            operations.connectionChanged(change)
        }
    }

    private func arm(_ timer: SIPConnectionSupervisorTimer, after delay: Duration) {
        disarm(timer)
        let generation = generations[timer, default: 0]
        let input = firingInput
        armed[timer] = scheduler.schedule(after: delay) {
            input.yield(Firing(timer: timer, generation: generation))
        }
    }

    private func disarm(_ timer: SIPConnectionSupervisorTimer) {
        generations[timer, default: 0] &+= 1
        armed.removeValue(forKey: timer)?.cancel()
    }

    private func startFiringLoop() {
        guard firingLoop == nil else { return }
        let firings = self.firings
        firingLoop = Task { [weak self] in
            for await firing in firings {
                await self?.fired(firing)
            }
        }
    }

    private func fired(_ firing: Firing) {
        guard generations[firing.timer, default: 0] == firing.generation else { return }
        armed[firing.timer] = nil
        generations[firing.timer, default: 0] &+= 1
        switch firing.timer {
        case .ping: handle(.pingTimerFired)
        case .pingTimeout: handle(.pingTimeoutFired)
        case .reconnect: handle(.reconnectTimerFired)
        }
    }
}
