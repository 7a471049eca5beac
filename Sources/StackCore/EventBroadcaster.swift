import Synchronization

/// Fans one ordered stream of events out to any number of `AsyncStream` and callback
/// subscribers, all of which see the same events in the same order.
///
/// Delivery is serial: while one event is being delivered, events emitted meanwhile (from
/// other threads, or from inside a callback) are queued and delivered afterwards by the same
/// deliverer, so callbacks never run concurrently, never re-entrantly, and always in emission
/// order. Callbacks run on the emitting thread and should be short.
///
/// ```swift
/// let events = EventBroadcaster<CallEvent>()
/// let stream = events.subscribe()                 // for await event in stream { … }
/// let token = events.on { event in log(event) }   // callback, serial
/// events.emit(.ringing)
/// token.cancel()
/// events.finish()                                 // ends every stream
/// ```
public final class EventBroadcaster<Event: Sendable>: Sendable {
    private struct State {
        var streams: [UInt64: AsyncStream<Event>.Continuation] = [:]
        var callbacks: [UInt64: @Sendable (Event) -> Void] = [:]
        /// Subscriber identifiers in subscription order (streams and callbacks interleaved).
        var order: [UInt64] = []
        var nextID: UInt64 = 0
        var pending: [Pending] = []
        var pendingHead = 0
        var delivering = false
        var finished = false

        /// Removes every subscriber, returning the streams so they can be finished.
        mutating func detachAll() -> [Target] {
            let targets = order.compactMap { streams[$0].map(Target.stream) }
            streams.removeAll()
            callbacks.removeAll()
            order.removeAll()
            return targets
        }

        mutating func remove(_ id: UInt64) {
            if streams.removeValue(forKey: id) != nil || callbacks.removeValue(forKey: id) != nil {
                order.removeAll { $0 == id }
            }
        }
    }

    private enum Pending {
        case event(Event)
        case finish
    }

    private enum Target {
        case stream(AsyncStream<Event>.Continuation)
        case callback(UInt64, @Sendable (Event) -> Void)
    }

    private let state = Mutex(State())

    /// Creates a broadcaster with no subscribers.
    public init() {}

    deinit {
        finish()
    }

    /// The number of live stream and callback subscribers.
    public var subscriberCount: Int {
        state.withLock { $0.order.count }
    }

    /// Whether ``finish()`` has been called.
    public var isFinished: Bool {
        state.withLock { $0.finished }
    }

    /// Returns a stream of every event emitted from now on. The stream ends at ``finish()``;
    /// a stream requested after that is already finished. Cancelling the consuming task or
    /// dropping the stream unsubscribes it.
    public func subscribe(
        bufferingPolicy: AsyncStream<Event>.Continuation.BufferingPolicy = .unbounded
    ) -> AsyncStream<Event> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: Event.self, bufferingPolicy: bufferingPolicy)
        let id = state.withLock { state -> UInt64? in
            guard !state.finished else { return nil }
            let id = state.nextID
            state.nextID += 1
            state.streams[id] = continuation
            state.order.append(id)
            return id
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { $0.remove(id) }
        }
        return stream
    }

    /// Registers `handler` to be called with every event emitted from now on, serially and in
    /// emission order. Returns a handle whose ``EventSubscription/cancel()`` unregisters it.
    @discardableResult
    public func on(_ handler: @escaping @Sendable (Event) -> Void) -> EventSubscription {
        let id = state.withLock { state -> UInt64? in
            guard !state.finished else { return nil }
            let id = state.nextID
            state.nextID += 1
            state.callbacks[id] = handler
            state.order.append(id)
            return id
        }
        guard let id else { return EventSubscription(onCancel: {}) }
        return EventSubscription { [weak self] in
            self?.state.withLock { $0.remove(id) }
        }
    }

    /// Delivers `event` to every current subscriber, after any events emitted before it.
    /// Ignored after ``finish()``.
    public func emit(_ event: Event) {
        let becameDeliverer = state.withLock { state -> Bool in
            guard !state.finished else { return false }
            state.pending.append(.event(event))
            guard !state.delivering else { return false }
            state.delivering = true
            return true
        }
        guard becameDeliverer else { return }
        deliverPending()
    }

    /// Drains the queue of pending events; only the single current deliverer calls this.
    private func deliverPending() {
        while let (next, targets) = state.withLock({ state -> (Pending, [Target])? in
            guard state.pendingHead < state.pending.count else {
                state.pending.removeAll(keepingCapacity: true)
                state.pendingHead = 0
                state.delivering = false
                return nil
            }
            let next = state.pending[state.pendingHead]
            state.pendingHead += 1
            if case .finish = next {
                return (next, state.detachAll())
            }
            let targets = state.order.compactMap { id -> Target? in
                if let continuation = state.streams[id] { return .stream(continuation) }
                if let callback = state.callbacks[id] { return .callback(id, callback) }
                return nil
            }
            return (next, targets)
        }) {
            switch next {
            case .finish:
                finishStreams(targets)
            case .event(let event):
                deliver(event, to: targets)
            }
        }
    }

    private func deliver(_ event: Event, to targets: [Target]) {
        for target in targets {
            switch target {
            case .stream(let continuation):
                continuation.yield(event)
            case .callback(let id, let callback):
                // Skip a callback cancelled by an earlier callback for this same event.
                if state.withLock({ $0.callbacks[id] != nil }) {
                    callback(event)
                }
            }
        }
    }

    private func finishStreams(_ targets: [Target]) {
        for case .stream(let continuation) in targets {
            continuation.finish()
        }
    }

    /// Ends every stream, drops every callback and ignores later emits. Events emitted before
    /// this call are still delivered first, even when it is called from inside a callback.
    public func finish() {
        let targets = state.withLock { state -> [Target] in
            guard !state.finished else { return [] }
            state.finished = true
            if state.delivering {
                state.pending.append(.finish)  // the current deliverer finishes in order
                return []
            }
            return state.detachAll()
        }
        finishStreams(targets)
    }
}
