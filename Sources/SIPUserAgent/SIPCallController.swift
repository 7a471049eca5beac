import SIPCore
import SIPTransaction
import StackCore

/// Owns the calls of one user agent on one transaction layer: places outgoing calls, takes
/// incoming INVITEs, routes every request, ACK and response to its call's
/// ``SIPCallStateMachine``, performs the machines' actions (client transactions, responses,
/// timers on the injected clock) and reports each call's events on ``events``.
///
/// It is the single reader of the layer's `events`: requests that belong to no call go to the
/// ``SIPUserAgentRequestResponder`` (OPTIONS → 200, a stray BYE → 481, …). Every request is
/// sent to `destination`, the registrar/outbound proxy the user agent is connected to (the
/// way SIP-over-WebSocket clients and phones behind a proxy work; RFC 3261 §8.1.2).
///
/// Incoming INVITEs while a call is active or ringing are answered 486 Busy Here unless
/// `allowMultipleIncomingCalls` (the seed's option) is set; at most 50 calls ring at once
/// (the Plivo SDK's limit).
public actor SIPCallController {
    /// One event of one call.
    public struct Update: Sendable, Equatable {
        /// The call's Call-ID (its handle in this API).
        public var callID: String
        /// Outgoing or incoming.
        public var direction: SIPCallStateMachine.Direction
        /// The call's state after the event.
        public var state: SIPCallState
        /// What happened.
        public var event: SIPCallEvent
    }

    /// Why a call operation was refused.
    public enum Failure: Error, Sendable, Hashable {
        /// No call with this Call-ID is known (ended and forgotten, or never existed).
        case unknownCall(String)
        /// The target URI could not be used.
        case invalidTarget(String)
    }

    /// The limit of ringing incoming calls (Plivo SDK `NUMBER_OF_SIMULTANEOUS_INCOMING_CALLS_ALLOWED`).
    public static let maxRingingCalls = 50

    /// Every call's events, in order; finishes after ``close()``.
    public nonisolated let events: AsyncStream<Update>
    private let sink: AsyncStream<Update>.Continuation
    private let layer: SIPTransactionLayer
    private let destination: SIPTransactionDestination
    private let timers: TimerScheduler
    private let responder: SIPUserAgentRequestResponder
    /// The configuration of new calls (credentials, Contact, Via, timers).
    public var configuration: SIPCallConfiguration
    /// Whether a new INVITE may ring while another call is active or ringing (seed option).
    public var allowMultipleIncomingCalls: Bool
    /// Whether incoming INVITEs become calls; when false the responder answers them (486).
    public var acceptsIncomingCalls = true
    private var calls: [String: SIPCallStateMachine] = [:]
    private var armed: [String: [SIPCallTimer: (StackTimer, UInt64)]] = [:]
    private var generation: UInt64 = 0
    private var closed = false
    private var answeredCalls: Set<String> = []
    private var activityHandler: (@Sendable (Bool) -> Void)?

    /// Creates a controller on `layer` that sends to `destination` and times with `clock`.
    public init(layer: SIPTransactionLayer, destination: SIPTransactionDestination, configuration: SIPCallConfiguration,
                clock: any StackClock, responder: SIPUserAgentRequestResponder = SIPUserAgentRequestResponder(),
                allowMultipleIncomingCalls: Bool = false) {
        self.layer = layer
        self.destination = destination
        self.configuration = configuration
        self.timers = TimerScheduler(clock: clock)
        self.responder = responder
        self.allowMultipleIncomingCalls = allowMultipleIncomingCalls
        (events, sink) = AsyncStream.makeStream(of: Update.self)
    }

    /// Reads the layer's events until they end (the layer's transport closed) or the task is
    /// cancelled. Run it once, in its own task.
    public func run() async {
        for await event in layer.events {
            if Task.isCancelled || closed { break }
            await dispatch(event)
        }
    }

    /// The calls that are not finished, by Call-ID.
    public var activeCallIDs: [String] { Array(calls.keys) }

    /// The state of a call, or nil when it is unknown.
    public func state(of callID: String) -> SIPCallState? { calls[callID]?.state }

    /// The machine of a call (read-only snapshot), or nil when it is unknown.
    public func call(_ callID: String) -> SIPCallStateMachine? { calls[callID] }

    /// Places a call to `target` with an offer; returns its Call-ID. Extra headers should
    /// already be filtered (``SIPExtraHeaders``).
    public func dial(_ target: SIPURI, body: [UInt8], contentType: String = "application/sdp",
                     extraHeaders: [SIPParameter] = []) async -> String {
        var machine = SIPCallStateMachine(outgoing: configuration)
        let callID = machine.callID
        let actions = machine.handle(.dial(target: target, body: body, contentType: contentType,
                                           extraHeaders: extraHeaders))
        calls[callID] = machine
        await perform(actions, callID: callID)
        return callID
    }

    /// Answers an incoming call with `body`.
    public func answer(_ callID: String, body: [UInt8], contentType: String = "application/sdp") async throws(Failure) {
        try await feed(.answer(body: body, contentType: contentType), to: callID)
    }

    /// Rejects an incoming call (486 Busy Here, or `status`).
    public func reject(_ callID: String, status: Int = 486) async throws(Failure) {
        try await feed(.reject(status: status), to: callID)
    }

    /// Ignores an incoming call (no response; 408 when the no-answer timer fires).
    public func ignore(_ callID: String) async throws(Failure) {
        try await feed(.ignore, to: callID)
    }

    /// Hangs up: CANCEL, BYE or 480 as the call's state requires.
    public func hangup(_ callID: String) async throws(Failure) {
        try await feed(.hangup, to: callID)
    }

    /// Sends DTMF digits as SIP INFO (`application/dtmf-relay`), one per INFO.
    public func sendDTMF(_ callID: String, digits: String) async throws(Failure) {
        try await feed(.sendDTMF(digits), to: callID)
    }

    /// Sends a re-INVITE with a new session description.
    public func reinvite(_ callID: String, body: [UInt8], contentType: String = "application/sdp") async throws(Failure) {
        try await feed(.reinvite(body: body, contentType: contentType), to: callID)
    }

    /// Hangs up every call (CANCEL/BYE/480 as needed).
    public func hangupAll() async {
        for callID in calls.keys { try? await feed(.hangup, to: callID) }
    }

    /// Replaces the configuration of calls created from now on (e.g. a new Contact and Via after
    /// the connection was reopened); calls in progress keep theirs.
    public func updateConfiguration(_ configuration: SIPCallConfiguration) {
        self.configuration = configuration
    }

    /// Calls `handler` with `true` when the first answered call of the moment is up and with
    /// `false` when the last one ended (the keep-alive switches to its in-call interval, Plivo
    /// behaviour §4.3).
    public func setActivityHandler(_ handler: @escaping @Sendable (Bool) -> Void) {
        activityHandler = handler
    }

    /// Turns taking incoming calls on or off (off: the responder answers INVITEs, 486).
    public func setAcceptsIncomingCalls(_ accepts: Bool) {
        acceptsIncomingCalls = accepts
    }

    /// Stops all call timers and finishes ``events``; ``run()`` returns at the next event.
    public func close() {
        closed = true
        for (_, list) in armed { for (timer, _) in list.values { timer.cancel() } }
        armed = [:]
        sink.finish()
    }

    // MARK: Routing

    private func dispatch(_ event: SIPTransactionLayerEvent) async {
        switch event {
        case let .request(request, key, from):
            await route(request, key: key, from: from)
        case let .ack(ack, _):
            if let callID = ack.callID, calls[callID] != nil { await feedExisting(.ack(ack), to: callID) }
        case let .strayResponse(response, _):
            if let callID = response.callID, calls[callID] != nil { await feedExisting(.response(response), to: callID) }
        case .timeout, .transportError:
            break
        }
    }

    private func route(_ request: SIPMessage, key: SIPTransactionKey, from: SIPTransactionDestination) async {
        let method = request.method
        let callID = request.callID ?? ""
        if let existing = calls[callID] {
            let isNewInvite = method == .invite && request.to?.tag == nil
            if !isNewInvite || existing.direction == .outgoing {
                if method == .invite, request.to?.tag == nil {
                    // A loop or a retransmission that missed its transaction: answer 482.
                    await respondDirectly(request, key: key, status: 482)
                    return
                }
                await feedExisting(.request(request, key: key), to: callID)
                return
            }
        }
        guard method == .invite, request.to?.tag == nil, !callID.isEmpty, acceptsIncomingCalls else {
            if case .respond(let response) = responder.decide(request) { try? await layer.respond(response, to: key) }
            return
        }
        let ringing = calls.values.filter { $0.direction == .incoming && $0.state == .ringing }.count
        let busy = calls.values.contains { !$0.state.isFinal }
        if (busy && !allowMultipleIncomingCalls) || ringing >= Self.maxRingingCalls {
            await respondDirectly(request, key: key, status: 486)
            return
        }
        var machine = SIPCallStateMachine(incoming: request, configuration: configuration)
        let actions = machine.handle(.receiveInvite(request, key: key))
        calls[callID] = machine
        await perform(actions, callID: callID)
    }

    private func respondDirectly(_ request: SIPMessage, key: SIPTransactionKey, status: Int) async {
        if let response = try? SIPMessageBuilder.response(to: request, status: status,
                                                          toTag: SIPRegistrationStateMachine.randomHex(16)) {
            try? await layer.respond(response, to: key)
        }
    }

    private func feed(_ input: SIPCallStateMachine.Input, to callID: String) async throws(Failure) {
        guard calls[callID] != nil else { throw .unknownCall(callID) }
        await feedExisting(input, to: callID)
    }

    private func feedExisting(_ input: SIPCallStateMachine.Input, to callID: String) async {
        guard var machine = calls[callID] else { return }
        let actions = machine.handle(input)
        calls[callID] = machine
        await perform(actions, callID: callID)
    }

    // MARK: Performing actions

    private func perform(_ actions: [SIPCallAction], callID: String) async {
        for action in actions {
            switch action {
            case .sendRequest(let request):
                await startTransaction(request, callID: callID)
            case .sendACK(let ack):
                try? await layer.sendWithoutTransaction(ack, to: destination)
            case let .respond(response, key):
                try? await layer.respond(response, to: key)
            case let .startTimer(timer, duration):
                arm(timer, after: duration, callID: callID)
            case .cancelTimer(let timer):
                disarm(timer, callID: callID)
            case .emit(let event):
                guard let machine = calls[callID] else { continue }
                sink.yield(Update(callID: callID, direction: machine.direction, state: machine.state, event: event))
                switch event {
                case .answered: trackActivity(callID, up: true)
                case .ended, .failed: trackActivity(callID, up: false)
                default: break
                }
            }
        }
        if let machine = calls[callID], machine.isFinished {
            forget(callID)
            sink.yield(Update(callID: callID, direction: machine.direction, state: machine.state, event: .released))
        }
    }

    private func startTransaction(_ request: SIPMessage, callID: String) async {
        guard let cseq = request.cseq else { return }
        let transaction: SIPClientTransaction
        do {
            transaction = try await layer.sendRequest(request, to: destination)
        } catch {
            await feedExisting(.requestFailed(method: cseq.method, sequence: cseq.sequence, timedOut: false), to: callID)
            return
        }
        let updates = transaction.updates
        Task { [weak self] in
            for await update in updates {
                guard let self else { return }
                switch update {
                case .response(let response):
                    await self.feedExisting(.response(response), to: callID)
                case .timeout:
                    await self.feedExisting(.requestFailed(method: cseq.method, sequence: cseq.sequence, timedOut: true),
                                            to: callID)
                case .transportError:
                    await self.feedExisting(.requestFailed(method: cseq.method, sequence: cseq.sequence, timedOut: false),
                                            to: callID)
                }
            }
        }
    }

    private func arm(_ timer: SIPCallTimer, after duration: Duration, callID: String) {
        disarm(timer, callID: callID)
        generation &+= 1
        let current = generation
        let scheduled = timers.schedule(after: duration) { [weak self] in
            guard let self else { return }
            Task { await self.fired(timer, callID: callID, generation: current) }
        }
        armed[callID, default: [:]][timer] = (scheduled, current)
    }

    private func disarm(_ timer: SIPCallTimer, callID: String) {
        if let (scheduled, _) = armed[callID]?.removeValue(forKey: timer) { scheduled.cancel() }
    }

    private func fired(_ timer: SIPCallTimer, callID: String, generation: UInt64) async {
        guard let entry = armed[callID]?[timer], entry.1 == generation else { return }
        armed[callID]?[timer] = nil
        await feedExisting(.timerFired(timer), to: callID)
    }

    private func trackActivity(_ callID: String, up: Bool) {
        let before = answeredCalls.isEmpty
        if up { answeredCalls.insert(callID) } else { answeredCalls.remove(callID) }
        if before != answeredCalls.isEmpty { activityHandler?(!answeredCalls.isEmpty) }
    }

    private func forget(_ callID: String) {
        trackActivity(callID, up: false)
        calls[callID] = nil
        for (timer, _) in (armed.removeValue(forKey: callID) ?? [:]).values { timer.cancel() }
    }
}
