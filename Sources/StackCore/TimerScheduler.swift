/// Creates ``StackTimer``s and sleeps on one injected ``StackClock``; the handle that protocol
/// engines keep.
///
/// Handlers run on the clock's driver (inside ``TestClock/advance(by:)`` in tests), so they must
/// be short. An actor typically forwards a firing into its own serial input, which keeps the
/// firing order:
///
/// ```swift
/// actor ClientTransaction {
///     private let timers: TimerScheduler
///     private let (inputs, input) = AsyncStream.makeStream(of: Input.self)
///     private var timerA: StackTimer?
///
///     func start() {
///         let input = self.input
///         timerA = timers.schedule(after: t1) { input.yield(.timerFired(.a)) }
///         // a loop elsewhere: for await event in inputs { handle(event) }
///     }
/// }
/// ```
public struct TimerScheduler: Sendable {
    /// The clock every timer and sleep uses.
    public let clock: any StackClock

    /// Creates a scheduler on `clock`.
    public init(clock: any StackClock) {
        self.clock = clock
    }

    /// The clock's current instant.
    public var now: StackInstant { clock.now }

    /// Starts a timer that runs `handler` once, `delay` from now.
    @discardableResult
    public func schedule(
        after delay: Duration, _ handler: @escaping @Sendable () -> Void
    ) -> StackTimer {
        schedule(at: clock.now.advanced(by: delay), handler)
    }

    /// Starts a timer that runs `handler` once at `deadline`.
    @discardableResult
    public func schedule(
        at deadline: StackInstant, _ handler: @escaping @Sendable () -> Void
    ) -> StackTimer {
        let timer = StackTimer(clock: clock, handler: handler)
        timer.reschedule(at: deadline)
        return timer
    }

    /// Creates a timer that is not yet armed, for engines that arm and re-arm one timer.
    public func makeTimer(_ handler: @escaping @Sendable () -> Void) -> StackTimer {
        StackTimer(clock: clock, handler: handler)
    }

    /// Suspends until the clock reaches `deadline` (see ``StackClock/sleep(until:)``).
    public func sleep(until deadline: StackInstant) async throws {
        try await clock.sleep(until: deadline)
    }

    /// Suspends for `duration` of the clock's time.
    public func sleep(for duration: Duration) async throws {
        try await clock.sleep(for: duration)
    }
}
