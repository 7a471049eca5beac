import NIOCore
import NIOPosix
import StackCore
import STUN

/// A full ICE agent on UDP sockets (RFC 8445): gathers host and server-reflexive candidates
/// (with the Plivo SDK's parallel STUN race and 2 s cut-off), runs connectivity checks and
/// consent freshness, and carries the media datagrams of the selected pair.
///
/// The protocol logic lives in ``ICEGatheringStateMachine`` and ``ICEAgentStateMachine``; this
/// actor owns the ``ICEUDPSocket``s, encodes and authenticates STUN (short-term credentials,
/// FINGERPRINT), runs one ``STUNClientTransactionStateMachine`` per request, arms timers on the
/// injected clock and reports on ``events``. Datagrams are demultiplexed as RFC 7983 says:
/// STUN is handled here; everything else from a known remote address goes to the data handler
/// (DTLS, SRTP, RTP, RTCP). Malformed or unauthenticated STUN is dropped and counted.
public actor ICEAgent {
    /// The agent's settings.
    public struct Configuration: Sendable {
        /// Local IP addresses to gather host candidates on (tests use loopback only).
        public var interfaces: [String]
        /// STUN servers for server-reflexive candidates.
        public var stunServers: [ICETransportAddress]
        /// The seed's `usePlivoStunServers`: gathering ends at the first server-reflexive answer.
        public var stunRace: Bool
        /// The seed's `dscp`: mark packets DSCP EF.
        public var dscp: Bool
        /// The gathering cut-off after the first candidate (2 s).
        public var gatheringCutoff: Duration
        /// The check and consent settings.
        public var agent: ICEAgentStateMachine.Configuration
        /// Retransmissions of checks and Binding requests (RFC 8489 §6.2.1 defaults).
        public var stunTransaction: STUNClientTransactionConfiguration
        /// SOFTWARE in our requests, or nil for none.
        public var software: String?
        /// Whether consent checks are spaced by a random 0.8–1.2 × the interval (RFC 7675 §5.1;
        /// off only for tests that want exact times).
        public var randomizeConsentInterval = true

        /// Creates settings.
        public init(interfaces: [String] = ["127.0.0.1"], stunServers: [ICETransportAddress] = [], stunRace: Bool = false,
                    dscp: Bool = false, gatheringCutoff: Duration = ICEGatheringStateMachine.defaultCutoff,
                    agent: ICEAgentStateMachine.Configuration = .init(),
                    stunTransaction: STUNClientTransactionConfiguration = .default, software: String? = nil) {
            self.interfaces = interfaces
            self.stunServers = stunServers
            self.stunRace = stunRace
            self.dscp = dscp
            self.gatheringCutoff = gatheringCutoff
            self.agent = agent
            self.stunTransaction = stunTransaction
            self.software = software
        }
    }

    /// What the agent reports.
    public enum Event: Sendable, Hashable {
        /// A local candidate was gathered, `elapsed` after gathering started; `server` names
        /// the STUN server of a server-reflexive candidate.
        case candidate(ICECandidate, server: ICETransportAddress?, elapsed: Duration)
        /// Gathering ended; `timedOut` when the cut-off ended it (the `ice_timeout` metric).
        case gatheringComplete(timedOut: Bool, elapsed: Duration)
        /// The connectivity state machine reported something.
        case agent(ICEAgentEvent)
    }

    /// Counters of dropped input.
    public struct Statistics: Sendable, Hashable {
        /// STUN that did not decode.
        public var malformedSTUN = 0
        /// STUN requests or responses that failed authentication (USERNAME, MESSAGE-INTEGRITY,
        /// FINGERPRINT) and were dropped or answered 400/401.
        public var unauthenticatedSTUN = 0
        /// Responses that matched no transaction.
        public var strayResponses = 0
        /// Non-STUN datagrams from addresses that are not remote candidates.
        public var unknownSourceData = 0
    }

    /// The event loop every socket of the agent runs on (so one media engine per call can be
    /// confined to it).
    public nonisolated let eventLoop: any EventLoop
    /// Events in order; finishes after ``close()``.
    public nonisolated let events: AsyncStream<Event>
    let eventSink: AsyncStream<Event>.Continuation
    /// The settings.
    public let configuration: Configuration
    var machine: ICEAgentStateMachine
    var gathering: ICEGatheringStateMachine
    var sockets: [ICETransportAddress: ICEUDPSocket] = [:]
    var transactions: [STUNTransactionID: PendingTransaction] = [:]
    var agentTimers: [ICEAgentTimer: (StackTimer, UInt64)] = [:]
    var cutoffTimer: StackTimer?
    var generation: UInt64 = 0
    let timers: TimerScheduler
    var gatherStart: StackInstant?
    var gatherWaiters: [CheckedContinuation<Void, Never>] = []
    var dataHandler: (@Sendable ([UInt8], ICETransportAddress) -> Void)?
    /// Dropped-input counters.
    public internal(set) var statistics = Statistics()
    let inbox: AsyncStream<Datagram>.Continuation
    let datagrams: AsyncStream<Datagram>
    var inboxTask: Task<Void, Never>?
    var closed = false
    /// Short-term integrity keys by password (ours and the peer's; a restart adds new ones).
    var keys: [String: STUNIntegrityKey] = [:]

    struct Datagram: Sendable {
        var bytes: [UInt8]
        var source: ICETransportAddress
        var local: ICETransportAddress
    }

    /// What a STUN client transaction is for.
    enum Purpose: Sendable {
        case check(ICECheck)
        case binding(server: ICETransportAddress, base: ICETransportAddress)
    }

    struct PendingTransaction: Sendable {
        var machine: STUNClientTransactionStateMachine
        var purpose: Purpose
        var from: ICETransportAddress
        var to: ICETransportAddress
        var timer: StackTimer?
        var timerGeneration: UInt64
    }

    /// Creates an agent; nothing is bound until ``gather()``.
    public init(role: ICERole, credentials: ICECredentials = .random(), tieBreaker: UInt64 = .random(in: 0 ... .max),
                configuration: Configuration = Configuration(), clock: any StackClock,
                eventLoop: (any EventLoop)? = nil) {
        self.configuration = configuration
        self.eventLoop = eventLoop ?? MultiThreadedEventLoopGroup.singleton.next()
        machine = ICEAgentStateMachine(role: role, credentials: credentials, tieBreaker: tieBreaker,
                                       configuration: configuration.agent)
        gathering = ICEGatheringStateMachine(cutoff: configuration.gatheringCutoff)
        timers = TimerScheduler(clock: clock)
        (events, eventSink) = AsyncStream.makeStream(of: Event.self)
        (datagrams, inbox) = AsyncStream.makeStream(of: Datagram.self)
    }

    /// Our credentials (for the SDP `a=ice-ufrag` / `a=ice-pwd`).
    public var localCredentials: ICECredentials { machine.localCredentials }
    /// Our role.
    public var role: ICERole { machine.role }
    /// Our candidates gathered so far.
    public var localCandidates: [ICECandidate] { gathering.candidates + machine.localCandidates.filter { $0.type == .peerReflexive } }
    /// The connection state.
    public var state: ICEConnectionState { machine.state }
    /// The selected pair.
    public var selectedPair: ICECandidatePair? { machine.selected }

    /// The bound sockets by local address (the base of each host candidate), for a media engine
    /// that taps them (``ICEUDPSocket/setMediaTap(_:)``) and sends over the selected pair's base.
    public var mediaSockets: [ICETransportAddress: ICEUDPSocket] { sockets }

    /// Sets the handler of non-STUN datagrams (DTLS, SRTP) from known remote addresses.
    public func setDataHandler(_ handler: @escaping @Sendable ([UInt8], ICETransportAddress) -> Void) {
        dataHandler = handler
    }

    /// Binds one socket per interface and gathers candidates; returns when gathering completes
    /// (server-reflexive answer in the race, every server answered, or the cut-off).
    @discardableResult
    public func gather() async throws(ICEError) -> [ICECandidate] {
        guard !closed else { throw .closed }
        if gatherStart == nil {
            gatherStart = timers.now
            let datagrams = self.datagrams
            inboxTask = Task { [weak self] in
                for await datagram in datagrams { await self?.receive(datagram) }
            }
            var hosts: [ICECandidate] = []
            for (index, interface) in configuration.interfaces.enumerated() {
                let inbox = self.inbox
                let socket = try await ICEUDPSocket.bind(host: interface, dscp: configuration.dscp, group: eventLoop) { bytes, source, local in
                    inbox.yield(Datagram(bytes: bytes, source: source, local: local))
                }
                sockets[socket.localAddress] = socket
                // Earlier interfaces are preferred (RFC 8445 §5.1.2.1 local preference).
                let preference = UInt32(max(0, 65_535 - index))
                hosts.append(ICECandidate(
                    foundation: ICECandidate.foundation(type: .host, baseHost: socket.localAddress.host),
                    priority: ICECandidate.priority(type: .host, localPreference: preference),
                    address: socket.localAddress, type: .host))
            }
            performGathering(gathering.handle(.start(hosts: hosts, servers: configuration.stunServers,
                                                     race: configuration.stunRace)))
        }
        if !gathering.isComplete {
            await withCheckedContinuation { gatherWaiters.append($0) }
        }
        return localCandidates
    }

    /// Gives the peer's credentials and candidates (from its SDP).
    public func setRemote(credentials: ICECredentials, candidates: [ICECandidate], isLite: Bool = false,
                          complete: Bool = true) {
        perform(machine.handle(.remoteDescription(credentials, candidates, isLite: isLite, complete: complete)))
    }

    /// Adds a trickled remote candidate.
    public func addRemoteCandidate(_ candidate: ICECandidate) {
        perform(machine.handle(.remoteCandidate(candidate)))
    }

    /// The peer sent end-of-candidates.
    public func endOfRemoteCandidates() {
        perform(machine.handle(.endOfRemoteCandidates))
    }

    /// Starts connectivity checks (call after ``gather()`` and ``setRemote(credentials:candidates:isLite:complete:)``).
    public func start() {
        perform(machine.handle(.localCandidates(gathering.candidates)))
        perform(machine.handle(.start))
    }

    /// Begins an ICE restart (RFC 8445 §9): new local credentials, returned for the new offer.
    public func restart() -> ICECredentials {
        let fresh = ICECredentials.random()
        perform(machine.handle(.restart(fresh)))
        return fresh
    }

    /// Sends a media datagram over the selected pair; false when no pair is selected.
    @discardableResult
    public func send(_ bytes: [UInt8]) -> Bool {
        guard let pair = machine.selected, machine.state != .failed, let socket = sockets[pair.local.base] else {
            return false
        }
        socket.send(bytes, to: pair.remote.address)
        return true
    }

    /// Closes the agent: timers, sockets and ``events``.
    public func close() async {
        guard !closed else { return }
        closed = true
        perform(machine.handle(.close))
        for (timer, _) in agentTimers.values { timer.cancel() }
        agentTimers = [:]
        cutoffTimer?.cancel()
        for pending in transactions.values { pending.timer?.cancel() }
        transactions = [:]
        for socket in sockets.values { await socket.close() }
        sockets = [:]
        inbox.finish()
        for waiter in gatherWaiters { waiter.resume() }
        gatherWaiters = []
        eventSink.finish()
    }

    // MARK: Performing machine actions

    func perform(_ actions: [ICEAgentStateMachine.Action]) {
        for action in actions {
            switch action {
            case .sendCheck(let check):
                startCheck(check)
            case let .respond(request, response):
                respond(to: request, with: response)
            case let .startTimer(timer, duration):
                armAgentTimer(timer, after: duration)
            case .cancelTimer(let timer):
                agentTimers.removeValue(forKey: timer)?.0.cancel()
            case .emit(let event):
                eventSink.yield(.agent(event))
            }
        }
    }

    func performGathering(_ actions: [ICEGatheringStateMachine.Action]) {
        let elapsed = gatherStart.map { $0.duration(to: timers.now) } ?? .zero
        for action in actions {
            switch action {
            case let .sendBinding(from, to):
                startBinding(from: from, to: to)
            case .startCutoff(let duration):
                cutoffTimer?.cancel()
                cutoffTimer = timers.schedule(after: duration) { [weak self] in
                    Task { await self?.cutoffFired() }
                }
            case .cancelCutoff:
                cutoffTimer?.cancel()
                cutoffTimer = nil
            case let .candidate(candidate, server):
                eventSink.yield(.candidate(candidate, server: server, elapsed: elapsed))
                if started { perform(machine.handle(.localCandidates([candidate]))) }
            case .complete(let timedOut):
                eventSink.yield(.gatheringComplete(timedOut: timedOut, elapsed: elapsed))
                for waiter in gatherWaiters { waiter.resume() }
                gatherWaiters = []
            }
        }
    }

    var started: Bool { machine.state != .new }

    private func cutoffFired() {
        cutoffTimer = nil
        performGathering(gathering.handle(.cutoff))
    }

    private func armAgentTimer(_ timer: ICEAgentTimer, after duration: Duration) {
        agentTimers.removeValue(forKey: timer)?.0.cancel()
        var duration = duration
        if timer == .consent, configuration.randomizeConsentInterval {
            // RFC 7675 §5.1: each interval uniformly random in [0.8, 1.2] × the base interval.
            duration = duration * Double.random(in: 0.8...1.2)
        }
        generation &+= 1
        let current = generation
        let scheduled = timers.schedule(after: duration) { [weak self] in
            Task { await self?.agentTimerFired(timer, generation: current) }
        }
        agentTimers[timer] = (scheduled, current)
    }

    private func agentTimerFired(_ timer: ICEAgentTimer, generation: UInt64) {
        guard let entry = agentTimers[timer], entry.1 == generation else { return }
        agentTimers[timer] = nil
        perform(machine.handle(.timer(timer)))
    }
}
