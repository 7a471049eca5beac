import Testing

@testable import StackCore

@Suite("TimerScheduler and StackTimer")
struct TimerSchedulerTests {
    @Test("a timer fires once at exactly its deadline")
    func firesOnce() {
        let clock = TestClock()
        let timers = TimerScheduler(clock: clock)
        let fired = Recorder<Int64>()
        let timer = timers.schedule(after: .milliseconds(500)) { fired.append(clock.now.nanoseconds) }
        #expect(timer.isArmed)
        #expect(timer.deadline == .zero + .milliseconds(500))
        clock.advance(by: .milliseconds(499))
        #expect(fired.values.isEmpty)
        clock.advance(by: .milliseconds(1))
        #expect(fired.values == [500_000_000])
        #expect(!timer.isArmed)
        clock.advance(by: .seconds(10))
        #expect(fired.values == [500_000_000])
    }

    @Test("cancel withdraws a pending firing")
    func cancel() {
        let clock = TestClock()
        let timers = TimerScheduler(clock: clock)
        let fired = Recorder<String>()
        let timer = timers.schedule(after: .seconds(1)) { fired.append("x") }
        #expect(timer.cancel())
        #expect(!timer.cancel())
        #expect(!timer.isArmed)
        clock.advance(by: .seconds(2))
        #expect(fired.values.isEmpty)
        #expect(clock.pendingWorkCount == 0)
    }

    @Test("reschedule replaces the pending firing (SIP Timer A doubling from T1)")
    func timerABackoff() {
        let clock = TestClock()
        let timers = TimerScheduler(clock: clock)
        let fired = Recorder<Int64>()
        let interval = Recorder<Duration>()
        interval.append(.milliseconds(500))
        // RFC 3261 §17.1.1.2: Timer A starts at T1 and doubles on each retransmission.
        let timerA = Recorder<StackTimer>()
        let timer = timers.makeTimer {
            fired.append(clock.now.nanoseconds / 1_000_000)
            let next = interval.values.last! * 2
            interval.append(next)
            timerA.values.first?.reschedule(after: next)
        }
        timerA.append(timer)
        #expect(!timer.isArmed)
        timer.reschedule(after: .milliseconds(500))
        clock.advance(by: .milliseconds(7_500))
        #expect(fired.values == [500, 1_500, 3_500, 7_500])
        #expect(timer.deadline == .zero + .milliseconds(15_500))
        timer.cancel()
    }

    @Test("rescheduling earlier or later moves the single firing")
    func rescheduleMoves() {
        let clock = TestClock()
        let timers = TimerScheduler(clock: clock)
        let fired = Recorder<Int64>()
        let timer = timers.schedule(after: .seconds(5)) { fired.append(clock.now.nanoseconds) }
        timer.reschedule(after: .seconds(1))
        timer.reschedule(at: .zero + .seconds(2))
        #expect(clock.pendingWorkCount == 1)
        clock.advance(by: .seconds(10))
        #expect(fired.values == [2_000_000_000])
    }

    @Test("timers on one clock fire in deadline order, ties in creation order")
    func ordering() {
        let clock = TestClock()
        let timers = TimerScheduler(clock: clock)
        let fired = Recorder<String>()
        let tokens = [
            timers.schedule(after: .milliseconds(20)) { fired.append("late") },
            timers.schedule(after: .milliseconds(10)) { fired.append("tie-1") },
            timers.schedule(after: .milliseconds(10)) { fired.append("tie-2") },
            timers.schedule(at: clock.now + .milliseconds(5)) { fired.append("early") },
        ]
        clock.advance(by: .milliseconds(20))
        #expect(fired.values == ["early", "tie-1", "tie-2", "late"])
        #expect(tokens.allSatisfy { !$0.isArmed })
    }

    @Test("a handler can cancel another timer due at the same instant")
    func cancelSibling() {
        let clock = TestClock()
        let timers = TimerScheduler(clock: clock)
        let fired = Recorder<String>()
        let victim = timers.makeTimer { fired.append("victim") }
        let killer = timers.schedule(after: .seconds(1)) {
            fired.append("killer")
            victim.cancel()
        }
        victim.reschedule(after: .seconds(1))
        clock.advance(by: .seconds(1))
        #expect(fired.values == ["killer"])
        #expect(!killer.isArmed)
    }

    @Test("scheduler sleep resumes at the deadline")
    func schedulerSleep() async throws {
        let clock = TestClock()
        let timers = TimerScheduler(clock: clock)
        let task = Task {
            try await timers.sleep(for: .seconds(3))
            return clock.now
        }
        await clock.waitForPendingWork()
        clock.advance(by: .seconds(3))
        #expect(try await task.value == .zero + .seconds(3))
    }
}
