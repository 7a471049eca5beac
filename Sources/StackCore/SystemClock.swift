import Synchronization

/// The production ``StackClock``: monotonic time from `ContinuousClock`, with scheduled work run
/// by one driver task that sleeps until the earliest deadline.
///
/// Instants count nanoseconds from a process-wide origin (the first use of any `SystemClock`),
/// so instants from different instances compare. Work runs on the driver task in deadline order
/// (ties in scheduling order); it must be short and must not block.
public final class SystemClock: StackClock {
    /// A shared instance; separate instances are equivalent but schedule independently.
    public static let shared = SystemClock()

    private static let origin = ContinuousClock.now

    private struct State {
        var queue = ScheduledWorkQueue()
        /// Bumped whenever a new driver replaces the old one; a stale driver exits.
        var generation: UInt64 = 0
        /// The deadline the current driver is sleeping toward, `nil` when no driver runs.
        var driverDeadline: StackInstant?
        var driver: Task<Void, Never>?
    }

    private let state = Mutex(State())

    /// Creates a clock; most code can use ``shared``.
    public init() {
        _ = Self.origin
    }

    /// The current monotonic instant.
    public var now: StackInstant {
        StackInstant(nanoseconds: (ContinuousClock.now - Self.origin).saturatingNanoseconds)
    }

    /// Schedules `work` to run on the driver task at `deadline`.
    @discardableResult
    public func scheduleWork(
        at deadline: StackInstant, _ work: @escaping @Sendable () -> Void
    ) -> ScheduledWorkID {
        state.withLock { state in
            let id = state.queue.insert(deadline: deadline, work: work)
            if let current = state.driverDeadline, current <= deadline {
                return id  // the running driver wakes early enough
            }
            state.driver?.cancel()
            state.generation &+= 1
            state.driverDeadline = deadline
            let generation = state.generation
            state.driver = Task.detached { [self] in
                await self.drive(generation: generation)
            }
            return id
        }
    }

    /// Cancels pending work; `true` when it had not started and now never will.
    @discardableResult
    public func cancelWork(_ id: ScheduledWorkID) -> Bool {
        state.withLock { $0.queue.cancel(id) }
    }

    /// The driver loop: sleep until the earliest deadline, run what is due, repeat until the
    /// queue is empty or a newer driver takes over.
    private func drive(generation: UInt64) async {
        while true {
            let deadline = state.withLock { state -> StackInstant? in
                guard state.generation == generation else { return nil }
                guard let next = state.queue.nextDeadline() else {
                    state.driverDeadline = nil
                    state.driver = nil
                    return nil
                }
                state.driverDeadline = next
                return next
            }
            guard let deadline else { return }
            let wait = now.duration(to: deadline)
            if wait > .zero {
                do {
                    try await Task.sleep(for: wait)
                } catch {
                    return  // cancelled: a driver for an earlier deadline replaced this one
                }
            }
            while let entry = state.withLock({ state -> ScheduledWorkQueue.Entry? in
                guard state.generation == generation else { return nil }
                return state.queue.popFirst(dueBy: now)
            }) {
                entry.work()
            }
        }
    }
}
