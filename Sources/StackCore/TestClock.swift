import Synchronization

/// A manual ``StackClock`` for tests: time moves only when the test calls ``advance(by:)`` or
/// ``advance(to:)``, and scheduled work runs synchronously inside that call.
///
/// While advancing to a target, work runs in deadline order (ties in scheduling order) with
/// ``now`` equal to exactly its deadline; work scheduled during the advance whose deadline falls
/// within the window runs in the same call. Work whose deadline had already passed when it was
/// scheduled runs, at the current time, on the next advance (``advance(by:)`` with `.zero`
/// suffices). Advance from one task at a time.
///
/// ```swift
/// let clock = TestClock()
/// let timers = TimerScheduler(clock: clock)
/// timers.schedule(after: .milliseconds(500)) { fired.append(clock.now) }
/// clock.advance(by: .seconds(1))   // fired == [0.5s]; clock.now == 1s
/// ```
public final class TestClock: StackClock {
    private struct State {
        var now: StackInstant
        var queue = ScheduledWorkQueue()
        var waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state: Mutex<State>

    /// Creates a clock reading `now` (``StackInstant/zero`` by default).
    public init(now: StackInstant = .zero) {
        state = Mutex(State(now: now))
    }

    /// The current instant; changes only when the clock is advanced.
    public var now: StackInstant {
        state.withLock { $0.now }
    }

    /// The number of scheduled work items that have neither run nor been cancelled.
    public var pendingWorkCount: Int {
        state.withLock { $0.queue.count }
    }

    /// The earliest deadline among pending work, if any.
    public var nextDeadline: StackInstant? {
        state.withLock { $0.queue.nextDeadline() }
    }

    /// Schedules `work` to run when the clock is advanced to `deadline`.
    @discardableResult
    public func scheduleWork(
        at deadline: StackInstant, _ work: @escaping @Sendable () -> Void
    ) -> ScheduledWorkID {
        let (id, ready) = state.withLock {
            state -> (ScheduledWorkID, [CheckedContinuation<Void, Never>]) in
            let id = state.queue.insert(deadline: deadline, work: work)
            let count = state.queue.count
            var ready: [CheckedContinuation<Void, Never>] = []
            state.waiters.removeAll { waiter in
                guard waiter.count <= count else { return false }
                ready.append(waiter.continuation)
                return true
            }
            return (id, ready)
        }
        for continuation in ready { continuation.resume() }
        return id
    }

    /// Cancels pending work; `true` when it had not run and now never will.
    @discardableResult
    public func cancelWork(_ id: ScheduledWorkID) -> Bool {
        state.withLock { $0.queue.cancel(id) }
    }

    /// Moves time forward by `duration`, running all work due on the way (negative durations
    /// are treated as zero).
    public func advance(by duration: Duration) {
        let target = now.advanced(by: max(duration, .zero))
        advance(to: target)
    }

    /// Moves time forward to `target`, running all work due on the way, each at exactly its
    /// deadline. A target in the past does not move time back but still runs overdue work.
    public func advance(to target: StackInstant) {
        while let entry = state.withLock({ state -> ScheduledWorkQueue.Entry? in
            let limit = max(state.now, target)
            guard let entry = state.queue.popFirst(dueBy: limit) else {
                state.now = limit
                return nil
            }
            state.now = max(state.now, entry.deadline)
            return entry
        }) {
            entry.work()
        }
    }

    /// Advances to the earliest pending deadline and runs the work due then.
    /// Returns `false` (and does nothing) when nothing is pending.
    @discardableResult
    public func advanceToNextDeadline() -> Bool {
        guard let deadline = nextDeadline else { return false }
        advance(to: deadline)
        return true
    }

    /// Suspends until at least `count` work items are pending, e.g. until an actor under test
    /// has armed its timers or a task has entered ``StackClock/sleep(until:)``. No real time
    /// passes; the waiter is resumed by the scheduling call itself.
    public func waitForPendingWork(count: Int = 1) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let satisfied = state.withLock { state -> Bool in
                if state.queue.count >= count { return true }
                state.waiters.append((count, continuation))
                return false
            }
            if satisfied { continuation.resume() }
        }
    }
}
