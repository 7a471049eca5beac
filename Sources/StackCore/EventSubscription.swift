import Synchronization

/// A handle to a callback registered with ``EventBroadcaster/on(_:)``; cancel it to stop
/// receiving events.
///
/// Dropping the handle does not cancel the subscription.
public final class EventSubscription: Sendable {
    private let onCancel: Mutex<(@Sendable () -> Void)?>

    init(onCancel: @escaping @Sendable () -> Void) {
        self.onCancel = Mutex(onCancel)
    }

    /// Stops delivery. Events not yet delivered to this callback — including the one being
    /// delivered to other callbacks when this is called from inside a callback — are skipped.
    public func cancel() {
        let action = onCancel.withLock { action -> (@Sendable () -> Void)? in
            defer { action = nil }
            return action
        }
        action?()
    }
}
