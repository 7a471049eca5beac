import StackCore

/// One ordered source for a client's events: every `events` stream and every `on(name)`
/// callback sees the same events in the same order; callbacks run serially, never
/// re-entrantly. High-rate `volume` events go to their own newest-only streams so a slow
/// reader never queues stale levels.
public final class PlivoEventHub: Sendable {
    private let broadcaster = EventBroadcaster<PlivoEvent>()
    private let volumes = EventBroadcaster<PlivoVolume>()

    private let log: PlivoClientLog?

    /// A hub with no subscribers.
    public init() { log = nil }

    /// A hub that also writes every event (but `volume`) to `log`.
    init(log: PlivoClientLog) { self.log = log }

    /// A stream of every event from now on except `volume` (see ``volumeEvents()``); ends when
    /// the client is closed.
    public func events() -> AsyncStream<PlivoEvent> {
        broadcaster.subscribe()
    }

    /// A newest-only stream of `volume` levels.
    public func volumeEvents() -> AsyncStream<PlivoVolume> {
        volumes.subscribe(bufferingPolicy: .bufferingNewest(1))
    }

    /// Calls `handler` for each event named `name` (for `.volume`, each level), serially and
    /// in order with every other subscriber; keep the subscription to keep listening.
    @discardableResult
    public func on(_ name: PlivoEventName, _ handler: @escaping @Sendable (PlivoEvent) -> Void) -> PlivoSubscription {
        if name == .volume {
            return PlivoSubscription(volumes.on { handler(.volume($0)) })
        }
        return PlivoSubscription(broadcaster.on { event in
            if event.name == name { handler(event) }
        })
    }

    /// Emits `event` to every subscriber (volume levels to the volume subscribers).
    public func emit(_ event: PlivoEvent) {
        log?.event(event)
        if case .volume(let level) = event {
            volumes.emit(level)
        } else {
            broadcaster.emit(event)
        }
    }

    /// Ends every stream and drops every callback.
    public func finish() {
        broadcaster.finish()
        volumes.finish()
    }
}

/// A registered callback; `cancel()` stops it.
public final class PlivoSubscription: Sendable {
    private let subscription: EventSubscription

    init(_ subscription: EventSubscription) {
        self.subscription = subscription
    }

    /// Stops the callback. Idempotent.
    public func cancel() {
        subscription.cancel()
    }
}
