/// A monotonic clock that can run work at a deadline: the one source of time for the stack.
///
/// Protocol engines never read the system time; they are handed a `StackClock`. Production code
/// uses ``SystemClock``; tests use ``TestClock`` and advance it by hand, asserting exact times.
///
/// Conformers guarantee:
/// - work runs at or after its deadline, in deadline order, ties in scheduling order
///   (``TestClock`` exactly; ``SystemClock`` as closely as the OS allows);
/// - ``cancelWork(_:)`` returns `true` exactly when the work had not started and now never will;
/// - work runs outside the clock's internal lock, so it may schedule or cancel more work.
///
/// Higher-level APIs are built on these two primitives: ``TimerScheduler`` and ``StackTimer``
/// (cancellable, reschedulable timers) and ``sleep(until:)`` for async code and actors.
public protocol StackClock: Sendable {
    /// The current instant.
    var now: StackInstant { get }

    /// Runs `work` once at `deadline` (as soon as possible when the deadline has passed).
    ///
    /// `work` should be short and must not block: it runs on the clock's driver (a ``TestClock``
    /// runs it inside ``TestClock/advance(by:)``). Hand longer work to an actor or a stream.
    @discardableResult
    func scheduleWork(
        at deadline: StackInstant, _ work: @escaping @Sendable () -> Void
    ) -> ScheduledWorkID

    /// Cancels scheduled work. Returns `true` when it had not started and now never will,
    /// `false` when it already ran, is running, or was already cancelled.
    @discardableResult
    func cancelWork(_ id: ScheduledWorkID) -> Bool
}
