import SIPConformance
import StackCore
import Testing

/// Load mode's pacing (calls due on a clock, the concurrency cap) and its FIFO timer queues,
/// driven by a TestClock: no sleeps.
@Suite struct LoadPacerTests {
    @Test("1000 calls/s: one call at the start, then one per millisecond, never a whole second in a burst")
    func steadyRate() {
        let clock = TestClock(now: StackInstant(nanoseconds: 5_000_000_000))
        var pacer = LoadPacer(rate: 1000, total: 5000, concurrency: 100_000, start: clock.now)
        #expect(pacer.take(at: clock.now, open: 0) == 1)
        clock.advance(by: .microseconds(999))
        #expect(pacer.take(at: clock.now, open: 1) == 0)
        clock.advance(by: .microseconds(1))
        #expect(pacer.take(at: clock.now, open: 1) == 1)
        clock.advance(by: .milliseconds(10))
        #expect(pacer.take(at: clock.now, open: 2) == 10)   // a late tick catches up
        #expect(pacer.started == 12)
        #expect(pacer.nextDeadline == StackInstant(nanoseconds: 5_012_000_000))
        clock.advance(by: .seconds(10))
        #expect(pacer.take(at: clock.now, open: 0) == 4988)  // never more than the total
        #expect(pacer.isFinished)
        #expect(pacer.nextDeadline == nil)
        #expect(pacer.take(at: clock.now, open: 0) == 0)
    }

    @Test("a fractional rate: 2.5 calls/s starts calls at 0, 0.4, 0.8, 1.2 s")
    func fractionalRate() {
        let clock = TestClock()
        let pacer = LoadPacer(rate: 2.5, total: 10, concurrency: 10, start: clock.now)
        #expect(pacer.due(at: clock.now) == 1)
        #expect(pacer.due(at: clock.now.advanced(by: .milliseconds(399))) == 1)
        #expect(pacer.due(at: clock.now.advanced(by: .milliseconds(400))) == 2)
        #expect(pacer.due(at: clock.now.advanced(by: .milliseconds(1200))) == 4)
        #expect(pacer.due(at: StackInstant(nanoseconds: -1)) == 0)
    }

    @Test("the concurrency cap holds calls back and lets them start as calls end")
    func concurrencyCap() {
        let clock = TestClock()
        var pacer = LoadPacer(rate: 100, total: 50, concurrency: 3, start: clock.now)
        clock.advance(by: .milliseconds(100))     // 11 due
        #expect(pacer.take(at: clock.now, open: 0) == 3)
        #expect(pacer.take(at: clock.now, open: 3) == 0)
        #expect(pacer.take(at: clock.now, open: 1) == 2)
        #expect(pacer.started == 5)
        clock.advance(by: .seconds(1))
        #expect(pacer.take(at: clock.now, open: 0) == 3)
    }

    @Test("timer queue: deadlines come out in order at their time; stale entries are the owner's to skip")
    func timerQueue() {
        var queue = LoadTimerQueue(interval: 500_000_000)
        for slot in 0..<5000 { queue.push(now: Int64(slot) * 1000, slot: Int32(slot), serial: 1) }
        #expect(queue.count == 5000)
        #expect(queue.popDue(now: 499_999_999) == nil)
        var popped: [Int32] = []
        while let entry = queue.popDue(now: 500_000_000 + 4_999_000) { popped.append(entry.slot) }
        #expect(popped == Array(0..<5000))
        #expect(queue.count == 0)
        queue.push(now: 10, slot: 7, serial: 3)
        #expect(queue.popDue(now: 500_000_010) == LoadTimerQueue.Entry(deadline: 500_000_010, slot: 7, serial: 3))
    }
}
