import SIPCore
import StackCore

/// The transaction layer (RFC 3261 §17): owns every client and server transaction of one
/// endpoint, sends through an injected ``SIPTransactionTransport`` and arms timers on an
/// injected `StackClock`.
///
/// The protocol logic lives in ``SIPTransactionCore`` and the four state machines; this actor
/// performs their actions. Client transactions report on their own stream
/// (``SIPClientTransaction/updates``); new requests, ACKs for 2xx, stray responses and server
/// failures arrive on ``events``.
///
/// Timer firings are queued by the clock in deadline order and handled by
/// ``runDueTimers()``, which the layer schedules itself; a test that advances a `TestClock`
/// calls it after each step so that sends happen at exactly the advanced instant. A timer is
/// re-armed relative to the deadline it fired at, so retransmission schedules (500, 1500,
/// 3500 ms, …) do not drift when the actor runs late.
public actor SIPTransactionLayer {
    private struct Arming {
        let timer: SIPTransactionTimer
        let generation: UInt64
        let work: ScheduledWorkID
    }

    /// New requests, ACKs for 2xx, stray responses and server transaction failures, in order.
    public nonisolated let events: AsyncStream<SIPTransactionLayerEvent>
    private let eventSink: AsyncStream<SIPTransactionLayerEvent>.Continuation
    private let clock: any StackClock
    private let transport: any SIPTransactionTransport
    private var core: SIPTransactionCore
    private var branches = SIPBranchGenerator()
    private var armed: [SIPTransactionKey: [Arming]] = [:]
    private var generation: UInt64 = 0
    private var clients: [SIPTransactionKey: AsyncStream<SIPClientTransactionUpdate>.Continuation] = [:]
    private let inbox = SIPTimerInbox()

    /// Creates a layer that sends through `transport` and times with `clock`.
    public init(clock: any StackClock, transport: any SIPTransactionTransport, timers: SIPTimerValues = .rfc3261) {
        self.clock = clock
        self.transport = transport
        self.core = SIPTransactionCore(timers: timers)
        (events, eventSink) = AsyncStream.makeStream(of: SIPTransactionLayerEvent.self)
    }

    /// How many transactions are live.
    public var transactionCount: Int { core.count }

    /// Whether transaction `key` is live (for example the INVITE a CANCEL targets, RFC 3261 §9.2).
    public func contains(_ key: SIPTransactionKey) -> Bool { core.contains(key) }

    /// A fresh, unique branch: `z9hG4bK` + 32 hex digits (RFC 3261 §8.1.1.7).
    public func nextBranch() -> String { branches.next() }

    /// Starts a client transaction (RFC 3261 §17.1): sends `request` to `destination` and
    /// retransmits it as the transport requires. When the top Via has no `branch`, a fresh one
    /// is added. ACK is refused: send it with ``sendWithoutTransaction(_:to:)``.
    public func sendRequest(_ request: SIPMessage, to destination: SIPTransactionDestination)
        throws(SIPTransactionError) -> SIPClientTransaction {
        let request = try withBranch(request)
        let (updates, sink) = AsyncStream.makeStream(of: SIPClientTransactionUpdate.self)
        var outputs: [SIPTransactionOutput] = []
        let key = try core.sendRequest(request, to: destination, into: &outputs)
        clients[key] = sink
        perform(outputs, base: clock.now)
        return SIPClientTransaction(key: key, request: request, updates: updates)
    }

    /// Sends the TU's `response` through server transaction `key` (RFC 3261 §17.2).
    public func respond(_ response: SIPMessage, to key: SIPTransactionKey) throws(SIPTransactionError) {
        var outputs: [SIPTransactionOutput] = []
        try core.respond(response, to: key, into: &outputs)
        perform(outputs, base: clock.now)
    }

    /// Sends a message outside any transaction: the ACK for a 2xx (RFC 3261 §13.2.2.4) or a 2xx
    /// retransmission after its transaction ended. Throws what the transport throws.
    public func sendWithoutTransaction(_ message: SIPMessage, to destination: SIPTransactionDestination) throws {
        try transport.send(message, to: destination)
    }

    /// Dispatches a message the transport received from `source` (RFC 3261 §17.1.3, §17.2.3).
    public func receive(_ message: SIPMessage, from source: SIPTransactionDestination) {
        var outputs: [SIPTransactionOutput] = []
        core.receive(message, from: source, into: &outputs)
        perform(outputs, base: clock.now)
    }

    /// Handles the timer firings the clock has delivered, in deadline order. The layer
    /// schedules this after every firing; tests on a `TestClock` call it after each advance.
    public func runDueTimers() {
        for firing in inbox.takeAll() {
            guard var list = armed[firing.key],
                  let index = list.firstIndex(where: { $0.generation == firing.generation }) else { continue }
            list.remove(at: index)
            armed[firing.key] = list.isEmpty ? nil : list
            var outputs: [SIPTransactionOutput] = []
            core.timerFired(firing.timer, key: firing.key, into: &outputs)
            perform(outputs, base: StackInstant(nanoseconds: firing.deadline))
        }
    }

    // MARK: Performing the core's outputs

    private func perform(_ initial: [SIPTransactionOutput], base: StackInstant) {
        var outputs = initial
        var index = 0
        while index < outputs.count {
            switch outputs[index] {
            case let .send(message, destination, key):
                do {
                    try transport.send(message, to: destination)
                } catch {
                    core.transportFailed(key: key, into: &outputs)
                }
            case let .startTimer(timer, duration, key):
                arm(timer, at: base.advanced(by: duration), key: key)
            case let .cancelTimer(timer, key):
                disarm(timer, key: key)
            case let .passToTU(message, key, from):
                if key.role == .client {
                    clients[key]?.yield(.response(message))
                } else if message.method == .ack {
                    eventSink.yield(.ack(message, from: from))
                } else {
                    eventSink.yield(.request(message, key: key, from: from))
                }
            case let .timeout(key):
                if key.role == .client { clients[key]?.yield(.timeout) } else { eventSink.yield(.timeout(key)) }
            case let .transportError(key):
                if key.role == .client {
                    clients[key]?.yield(.transportError)
                } else {
                    eventSink.yield(.transportError(key))
                }
            case let .terminated(key):
                clients.removeValue(forKey: key)?.finish()
                for arming in armed.removeValue(forKey: key) ?? [] { clock.cancelWork(arming.work) }
                // An idle layer (a logged-in client between calls) gives its tables' storage back.
                if clients.isEmpty { clients = [:] }
                if armed.isEmpty { armed = [:] }
                core.compactIfEmpty()
            case let .stray(message, from):
                eventSink.yield(message.isRequest ? .ack(message, from: from) : .strayResponse(message, from: from))
            }
            index += 1
        }
    }

    private func arm(_ timer: SIPTransactionTimer, at deadline: StackInstant, key: SIPTransactionKey) {
        disarm(timer, key: key)
        generation &+= 1
        let firing = SIPTimerInbox.Firing(key: key, timer: timer, generation: generation,
                                          deadline: deadline.nanoseconds)
        let inbox = self.inbox
        let work = clock.scheduleWork(at: deadline) { [weak self] in
            inbox.push(firing)
            guard let self else { return }
            Task { await self.runDueTimers() }
        }
        armed[key, default: []].append(Arming(timer: timer, generation: generation, work: work))
    }

    private func disarm(_ timer: SIPTransactionTimer, key: SIPTransactionKey) {
        guard var list = armed[key], let index = list.firstIndex(where: { $0.timer == timer }) else { return }
        clock.cancelWork(list[index].work)
        list.remove(at: index)
        armed[key] = list.isEmpty ? nil : list
    }

    /// `request` with a fresh branch on its top Via when it has none (RFC 3261 §8.1.1.7).
    private func withBranch(_ request: SIPMessage) throws(SIPTransactionError) -> SIPMessage {
        guard request.isRequest else { throw .notKeyable }
        var vias = request.via
        guard let top = vias.first else { throw .notKeyable }
        if let branch = top.branch, !branch.isEmpty { return request }
        vias[0].parameters.append(SIPParameter("branch", branches.next()))
        var copy = request
        copy.removeHeaders(.via)
        do {
            for (position, via) in vias.enumerated() {
                try copy.insert(header: "Via", value: via.description, at: position)
            }
        } catch {
            throw .notKeyable
        }
        return copy
    }
}
