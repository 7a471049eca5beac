import Testing

@testable import StackCore

/// Smoke tests on the real clock. They wait on completions, never on fixed sleeps, and use
/// deadlines of a few milliseconds at most.
@Suite("SystemClock")
struct SystemClockTests {
    @Test("now is monotonic and shared across instances")
    func monotonic() {
        let a = SystemClock()
        let first = a.now
        let second = SystemClock.shared.now
        let third = a.now
        #expect(first <= second)
        #expect(second <= third)
    }

    @Test("scheduled work runs no earlier than its deadline, in deadline order")
    func runsAtDeadline() async {
        let clock = SystemClock()
        let start = clock.now
        let fired = Recorder<(String, StackInstant)>()
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            clock.scheduleWork(at: start + .milliseconds(3)) {
                fired.append(("late", clock.now))
                done.resume()
            }
            clock.scheduleWork(at: start + .milliseconds(1)) { fired.append(("early", clock.now)) }
            clock.scheduleWork(at: start + .milliseconds(1)) { fired.append(("early-tie", clock.now)) }
        }
        #expect(fired.values.map(\.0) == ["early", "early-tie", "late"])
        #expect(fired.values[0].1 >= start + .milliseconds(1))
        #expect(fired.values[2].1 >= start + .milliseconds(3))
    }

    @Test("an earlier deadline scheduled later still fires first")
    func earlierDeadlineReplacesDriver() async {
        let clock = SystemClock()
        let start = clock.now
        let fired = Recorder<String>()
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            clock.scheduleWork(at: start + .milliseconds(20)) {
                fired.append("far")
                done.resume()
            }
            clock.scheduleWork(at: start + .milliseconds(2)) { fired.append("near") }
        }
        #expect(fired.values == ["near", "far"])
    }

    @Test("cancelled work does not run; sleep and timers work on the real clock")
    func cancelAndSleep() async throws {
        let clock = SystemClock.shared
        let fired = Recorder<String>()
        let id = clock.scheduleWork(at: clock.now + .milliseconds(1)) { fired.append("cancelled") }
        #expect(clock.cancelWork(id))
        let timers = TimerScheduler(clock: clock)
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            timers.schedule(after: .milliseconds(2)) {
                fired.append("timer")
                done.resume()
            }
        }
        let before = clock.now
        try await clock.sleep(for: .milliseconds(2))
        #expect(clock.now >= before + .milliseconds(2))
        #expect(fired.values == ["timer"])
    }
}
