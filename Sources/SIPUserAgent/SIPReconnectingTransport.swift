import SIPCore
import SIPTransport
import StackCore
import Synchronization

/// A `SIPMessageTransport` that stays usable across connection losses: a
/// ``SIPConnectionSupervisor`` reconnects with back-off and failover across the server list
/// (Plivo behaviour §4.4) and pings the server to detect a dead connection (§4.3), while the
/// transaction layer, registration and calls above keep using this one object.
///
/// The owner supplies how to open a connection to server `index` (``Opener``) and how to ping
/// (an OPTIONS through the transaction layer, or a CRLF on a stream transport), and watches
/// ``changes`` for the seed's `onConnectionChange` (and to register again after a reconnect).
///
/// Every message goes to the current server, whatever address the caller gives: the server is
/// the registrar and outbound proxy, and after a failover it is another host. Received messages,
/// keep-alives and parse errors of the current connection are passed on in ``events``; its
/// connection states are not (``changes`` reports the supervised state instead).
public final class SIPReconnectingTransport: SIPMessageTransport, Sendable {
    /// One open connection: the transport and the server address messages go to.
    public struct Link: Sendable {
        /// The open transport.
        public var transport: any SIPMessageTransport
        /// The server's address on it.
        public var server: SIPTransportAddress

        /// Creates a link.
        public init(transport: any SIPMessageTransport, server: SIPTransportAddress) {
            self.transport = transport
            self.server = server
        }
    }

    /// Opens a connection to server `index` of the list; throws when it cannot.
    public typealias Opener = @Sendable (_ index: Int) async throws -> Link
    /// Sends one keep-alive ping; returns whether it was answered (any final response or pong).
    public typealias Pinger = @Sendable (_ kind: SIPKeepAliveKind) async -> Bool

    private struct State {
        var link: Link?
        var linkID = 0
        var adoptPending = false
        var stopped = false
        var pump: Task<Void, Never>?
    }

    /// Received messages, keep-alives and parse errors of whichever connection is current.
    public let events: AsyncStream<SIPTransportEvent>
    /// Connection changes as the supervisor reports them: `connected` on every (re)connect,
    /// `disconnected` with code and reason on every loss of an established connection.
    public let changes: AsyncStream<SIPConnectionChange>
    private let eventSink: AsyncStream<SIPTransportEvent>.Continuation
    private let changeSink: AsyncStream<SIPConnectionChange>.Continuation
    private let state = Mutex(State())
    private let supervisorBox = Mutex<SIPConnectionSupervisor?>(nil)
    private let open: Opener
    private let ping: Pinger
    private let initialKind: SIPTransportKind

    /// Creates a transport over `servers` (names for the supervisor's list, in failover order).
    /// Nothing is opened until ``start(adopting:serverCount:)``.
    /// `jitter` is the back-off's random draw in [0, 1) (injected for tests).
    public init(kind: SIPTransportKind, keepAlive: SIPKeepAliveConfiguration = SIPKeepAliveConfiguration(),
                backoff: SIPReconnectBackoff = SIPReconnectBackoff(), clock: any StackClock,
                jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
                open: @escaping Opener, ping: @escaping Pinger) {
        initialKind = kind
        self.open = open
        self.ping = ping
        (events, eventSink) = AsyncStream.makeStream(of: SIPTransportEvent.self)
        (changes, changeSink) = AsyncStream.makeStream(of: SIPConnectionChange.self)
        let operations = SIPConnectionSupervisor.Operations(
            connect: { [weak self] _, index in self?.connect(index) },
            close: { [weak self] _, _ in self?.closeCurrent() },
            sendPing: { [weak self] kind in self?.sendPing(kind) },
            connectionChanged: { [weak self] change in self?.changeSink.yield(change) })
        let supervisor = SIPConnectionSupervisor(keepAlive: keepAlive, backoff: backoff, jitter: jitter,
                                                 timers: TimerScheduler(clock: clock), operations: operations)
        supervisorBox.withLock { $0 = supervisor }
    }

    /// The kind of the current connection (the first one's before any is open).
    public var kind: SIPTransportKind { state.withLock { $0.link?.transport.kind } ?? initialKind }
    /// The local address of the current connection.
    public var localAddress: SIPTransportAddress? { state.withLock { $0.link?.transport.localAddress } }
    /// The counters of the current connection.
    public var statistics: SIPTransportStatistics {
        state.withLock { $0.link?.transport.statistics } ?? SIPTransportStatistics()
    }
    /// The current server address, when connected.
    public var server: SIPTransportAddress? { state.withLock { $0.link?.server } }

    /// Starts supervising with `link`, an already open connection to server 0 of a list of
    /// `serverCount` servers (the owner's first login used it); later losses reconnect through
    /// the opener.
    public func start(adopting link: Link, serverCount: Int) async {
        // Installed at once, so that requests sent right after this returns find the link.
        install(link)
        state.withLock { $0.adoptPending = true }
        let names = (0..<max(serverCount, 1)).map { "server \($0)" }
        await supervisor?.start(servers: names)
    }

    /// Tells the supervisor whether a call is up (4 s pings instead of 5 s).
    public func callStateChanged(inCall: Bool) async {
        await supervisor?.handle(.callStateChanged(inCall: inCall))
    }

    public func send(_ message: SIPMessage, to address: SIPTransportAddress) throws(SIPTransportError) {
        guard let link = state.withLock({ $0.link }) else { throw .noConnection(address) }
        try link.transport.send(message, to: link.server)
    }

    public func write(_ message: SIPMessage, to address: SIPTransportAddress) async throws(SIPTransportError) {
        guard let link = state.withLock({ $0.link }) else { throw .noConnection(address) }
        try await link.transport.write(message, to: link.server)
    }

    /// Stops supervising, closes the current connection and ends ``events`` and ``changes``.
    public func close() async {
        let already = state.withLock { state in
            defer { state.stopped = true }
            return state.stopped
        }
        guard !already else { return }
        await supervisor?.stop()
        let (link, pump) = state.withLock { state -> (Link?, Task<Void, Never>?) in
            defer {
                state.link = nil
                state.pump = nil
            }
            return (state.link, state.pump)
        }
        await link?.transport.close()
        await pump?.value
        eventSink.finish()
        changeSink.finish()
    }

    // MARK: Supervisor operations

    private var supervisor: SIPConnectionSupervisor? { supervisorBox.withLock { $0 } }

    private func connect(_ index: Int) {
        let adopted = state.withLock { state -> Bool in
            defer { state.adoptPending = false }
            return state.adoptPending
        }
        let open = self.open
        Task {
            if adopted {
                await self.supervisor?.handle(.connected)
                return
            }
            do {
                let link = try await open(index)
                if self.state.withLock({ $0.stopped }) {
                    await link.transport.close()
                    return
                }
                self.install(link)
                await self.supervisor?.handle(.connected)
            } catch {
                await self.supervisor?.handle(.connectFailed(error))
            }
        }
    }

    /// Makes `link` current and pumps its events until it ends.
    private func install(_ link: Link) {
        let id = state.withLock { state -> Int in
            state.linkID += 1
            state.link = link
            return state.linkID
        }
        let sink = eventSink
        let pump = Task { [weak self] in
            for await event in link.transport.events {
                switch event {
                case .message, .parseError:
                    sink.yield(event)
                case .keepAlive(.pong, _):
                    await self?.supervisor?.handle(.pingAnswered)
                case .keepAlive:
                    sink.yield(event)
                case .connectionState(.disconnected(let code), _):
                    guard let self, self.isCurrent(id) else { continue }
                    self.state.withLock { $0.link = nil }
                    await self.supervisor?.handle(.closed(code, intentional: false))
                case .connectionState:
                    break
                }
            }
        }
        state.withLock { $0.pump = pump }
    }

    private func isCurrent(_ id: Int) -> Bool { state.withLock { $0.linkID == id && !$0.stopped } }

    private func closeCurrent() {
        let link = state.withLock { state -> Link? in
            defer { state.link = nil }
            return state.link
        }
        guard let link else { return }
        Task { await link.transport.close() }
    }

    private func sendPing(_ kind: SIPKeepAliveKind) {
        let ping = self.ping
        Task { [weak self] in
            if await ping(kind) { await self?.supervisor?.handle(.pingAnswered) }
        }
    }
}
