import Synchronization

/// A cancellable, reschedulable one-shot timer on a ``StackClock``; create it with a
/// ``TimerScheduler``.
///
/// The handler runs at most once per arming. After ``cancel()`` or ``reschedule(after:)``
/// returns, the previous arming's handler will not start (one already running finishes).
/// An armed timer stays alive until it fires or is cancelled, even if its token is dropped;
/// handlers that call back into an owner should capture it weakly.
///
/// Engines use one timer per protocol timer (SIP Timer A, ICE pacing, DTLS retransmit) and
/// ``reschedule(after:)`` it for backoff.
public final class StackTimer: Sendable {
    private struct State {
        var work: ScheduledWorkID?
        var deadline: StackInstant?
        var generation: UInt64 = 0
    }

    /// The clock the timer runs on.
    public let clock: any StackClock
    private let handler: @Sendable () -> Void
    private let state = Mutex(State())

    /// Creates an unarmed timer; arm it with ``reschedule(after:)`` or ``reschedule(at:)``.
    public init(clock: any StackClock, handler: @escaping @Sendable () -> Void) {
        self.clock = clock
        self.handler = handler
    }

    /// The deadline of the pending firing, or `nil` when the timer is not armed.
    public var deadline: StackInstant? {
        state.withLock { $0.deadline }
    }

    /// Whether a firing is pending.
    public var isArmed: Bool {
        deadline != nil
    }

    /// Disarms the timer. Returns `true` when a pending firing was withdrawn.
    @discardableResult
    public func cancel() -> Bool {
        state.withLock { state in
            state.generation &+= 1
            state.deadline = nil
            guard let work = state.work else { return false }
            state.work = nil
            return clock.cancelWork(work)
        }
    }

    /// Arms the timer to fire `delay` from now, replacing any pending firing.
    public func reschedule(after delay: Duration) {
        reschedule(at: clock.now.advanced(by: delay))
    }

    /// Arms the timer to fire at `deadline`, replacing any pending firing.
    public func reschedule(at deadline: StackInstant) {
        // Lock order: timer, then clock. The clock runs work outside its own lock.
        state.withLock { state in
            if let work = state.work {
                clock.cancelWork(work)
            }
            state.generation &+= 1
            let generation = state.generation
            state.deadline = deadline
            state.work = clock.scheduleWork(at: deadline) { [self] in
                self.fire(generation: generation)
            }
        }
    }

    private func fire(generation: UInt64) {
        let current = state.withLock { state -> Bool in
            guard state.generation == generation else { return false }
            state.work = nil
            state.deadline = nil
            return true
        }
        if current {
            handler()
        }
    }
}
