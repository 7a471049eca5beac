import Synchronization

extension StackClock {
    /// Suspends until the clock reaches `deadline`; returns at once if it already has.
    ///
    /// On a ``TestClock`` this resumes only when the test advances the clock to the deadline —
    /// nothing sleeps in real time. Throws `CancellationError` if the task is cancelled first
    /// (the scheduled wake-up is withdrawn).
    ///
    /// From an actor, a one-shot timer is therefore:
    /// ```swift
    /// retransmitTask = Task {            // inherits the actor's isolation
    ///     try await clock.sleep(until: deadline)
    ///     try Task.checkCancellation()   // cancelled while waiting for the actor?
    ///     self.retransmit()
    /// }
    /// ```
    public func sleep(until deadline: StackInstant) async throws {
        if now >= deadline { return }
        let sleeper = Sleeper()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                sleeper.start(clock: self, deadline: deadline, continuation: continuation)
            }
        } onCancel: {
            sleeper.cancel(clock: self)
        }
    }

    /// Suspends for `duration` of this clock's time (see ``sleep(until:)``).
    public func sleep(for duration: Duration) async throws {
        try await sleep(until: now.advanced(by: duration))
    }
}

/// Coordinates one ``StackClock/sleep(until:)`` between its wake-up and task cancellation so
/// that the continuation is resumed exactly once.
private final class Sleeper: Sendable {
    private enum State {
        case idle
        case scheduled(ScheduledWorkID, CheckedContinuation<Void, any Error>)
        case cancelled
        case done
    }

    private let state = Mutex<State>(.idle)

    func start(
        clock: some StackClock, deadline: StackInstant,
        continuation: CheckedContinuation<Void, any Error>
    ) {
        // Lock order: sleeper, then clock. The clock never calls back under its own lock.
        let alreadyCancelled = state.withLock { state -> Bool in
            guard case .idle = state else { return true }
            let id = clock.scheduleWork(at: deadline) { [self] in
                self.wake()
            }
            state = .scheduled(id, continuation)
            return false
        }
        if alreadyCancelled {
            continuation.resume(throwing: CancellationError())
        }
    }

    private func wake() {
        let continuation = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            guard case .scheduled(_, let continuation) = state else { return nil }
            state = .done
            return continuation
        }
        continuation?.resume()
    }

    func cancel(clock: some StackClock) {
        let continuation = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            switch state {
            case .idle:
                state = .cancelled
                return nil
            case .scheduled(let id, let continuation):
                guard clock.cancelWork(id) else { return nil }  // wake-up already running
                state = .done
                return continuation
            case .cancelled, .done:
                return nil
            }
        }
        continuation?.resume(throwing: CancellationError())
    }
}
