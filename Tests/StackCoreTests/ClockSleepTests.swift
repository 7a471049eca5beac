import Testing

@testable import StackCore

@Suite("StackClock.sleep")
struct ClockSleepTests {
    @Test("returns at once when the deadline has passed")
    func pastDeadline() async throws {
        let clock = TestClock(now: .zero + .seconds(5))
        try await clock.sleep(until: .zero + .seconds(5))
        try await clock.sleep(until: .zero + .seconds(1))
        try await clock.sleep(for: .zero)
        #expect(clock.pendingWorkCount == 0)
    }

    @Test("resumes only when the clock reaches the deadline")
    func resumesAtDeadline() async throws {
        let clock = TestClock()
        let task = Task {
            try await clock.sleep(until: .zero + .seconds(1))
            return clock.now
        }
        await clock.waitForPendingWork()
        clock.advance(by: .milliseconds(999))
        #expect(clock.pendingWorkCount == 1)  // the wake-up has not run
        clock.advance(by: .milliseconds(1))
        #expect(try await task.value == .zero + .seconds(1))
    }

    @Test("cancelling a sleeping task throws CancellationError and withdraws the wake-up")
    func cancelWhileSleeping() async {
        let clock = TestClock()
        let task = Task { try await clock.sleep(for: .seconds(1)) }
        await clock.waitForPendingWork()
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(clock.pendingWorkCount == 0)
    }

    @Test("an already-cancelled task does not sleep")
    func alreadyCancelled() async {
        let clock = TestClock()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await clock.sleep(for: .seconds(1))
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(clock.pendingWorkCount == 0)
    }

    @Test("many sleepers all resume when their deadlines pass")
    func manySleepers() async throws {
        let clock = TestClock()
        let tasks = (1...20).map { index in
            Task { () throws -> Int in
                try await clock.sleep(until: .zero + .milliseconds(Int64(index)))
                return index
            }
        }
        await clock.waitForPendingWork(count: 20)
        clock.advance(by: .milliseconds(10))
        #expect(clock.pendingWorkCount == 10)
        clock.advance(by: .milliseconds(10))
        var resumed: [Int] = []
        for task in tasks { resumed.append(try await task.value) }
        #expect(resumed == Array(1...20))
    }
}
