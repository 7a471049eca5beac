import Testing

@testable import StackCore

@Suite("TestClock")
struct TestClockTests {
    @Test("time moves only when advanced")
    func manualTime() {
        let clock = TestClock(now: StackInstant(nanoseconds: 7))
        #expect(clock.now.nanoseconds == 7)
        clock.advance(by: .milliseconds(3))
        #expect(clock.now.nanoseconds == 3_000_007)
        clock.advance(to: StackInstant(nanoseconds: 10_000_000))
        #expect(clock.now.nanoseconds == 10_000_000)
        clock.advance(to: .zero)  // never backwards
        #expect(clock.now.nanoseconds == 10_000_000)
        clock.advance(by: .seconds(-1))
        #expect(clock.now.nanoseconds == 10_000_000)
    }

    @Test("work runs in deadline order, ties in scheduling order, at exactly its deadline")
    func ordering() {
        let clock = TestClock()
        let fired = Recorder<(String, StackInstant)>()
        clock.scheduleWork(at: .zero + .milliseconds(300)) { fired.append(("c", clock.now)) }
        clock.scheduleWork(at: .zero + .milliseconds(100)) { fired.append(("a", clock.now)) }
        clock.scheduleWork(at: .zero + .milliseconds(200)) { fired.append(("b1", clock.now)) }
        clock.scheduleWork(at: .zero + .milliseconds(200)) { fired.append(("b2", clock.now)) }
        clock.scheduleWork(at: .zero + .milliseconds(400)) { fired.append(("d", clock.now)) }

        clock.advance(by: .milliseconds(99))
        #expect(fired.values.isEmpty)
        clock.advance(by: .milliseconds(1))
        #expect(fired.values.map(\.0) == ["a"])
        clock.advance(by: .milliseconds(250))
        #expect(fired.values.map(\.0) == ["a", "b1", "b2", "c"])
        #expect(fired.values.map(\.1.nanoseconds) == [100, 200, 200, 300].map { $0 * 1_000_000 })
        #expect(clock.now == .zero + .milliseconds(350))
        #expect(clock.pendingWorkCount == 1)
        #expect(clock.nextDeadline == .zero + .milliseconds(400))
    }

    @Test("work scheduled during an advance fires in the same advance when due")
    func reentrantScheduling() {
        let clock = TestClock()
        let fired = Recorder<(String, Int64)>()
        clock.scheduleWork(at: .zero + .seconds(1)) {
            fired.append(("first", clock.now.nanoseconds))
            clock.scheduleWork(at: clock.now + .seconds(1)) {
                fired.append(("chained", clock.now.nanoseconds))
            }
            clock.scheduleWork(at: clock.now + .seconds(10)) {
                fired.append(("outside", clock.now.nanoseconds))
            }
            clock.scheduleWork(at: clock.now) {
                fired.append(("now", clock.now.nanoseconds))
            }
        }
        clock.scheduleWork(at: .zero + .milliseconds(1500)) {
            fired.append(("between", clock.now.nanoseconds))
        }
        clock.advance(by: .seconds(5))
        #expect(
            fired.values.map(\.0) == ["first", "now", "between", "chained"])
        #expect(
            fired.values.map(\.1) == [1_000_000_000, 1_000_000_000, 1_500_000_000, 2_000_000_000])
        #expect(clock.now == .zero + .seconds(5))
        #expect(clock.pendingWorkCount == 1)
    }

    @Test("cancelled work never runs; cancelling twice or after running returns false")
    func cancellation() {
        let clock = TestClock()
        let fired = Recorder<String>()
        let a = clock.scheduleWork(at: .zero + .seconds(1)) { fired.append("a") }
        let b = clock.scheduleWork(at: .zero + .seconds(2)) { fired.append("b") }
        #expect(clock.cancelWork(a))
        #expect(!clock.cancelWork(a))
        #expect(clock.pendingWorkCount == 1)
        clock.advance(by: .seconds(3))
        #expect(fired.values == ["b"])
        #expect(!clock.cancelWork(b))
        #expect(clock.nextDeadline == nil)
    }

    @Test("work can cancel later work due in the same advance")
    func cancelFromWork() {
        let clock = TestClock()
        let fired = Recorder<String>()
        let box = Recorder<ScheduledWorkID>()
        clock.scheduleWork(at: .zero + .seconds(1)) {
            fired.append("first")
            for id in box.values { clock.cancelWork(id) }
        }
        box.append(clock.scheduleWork(at: .zero + .seconds(1)) { fired.append("tie") })
        box.append(clock.scheduleWork(at: .zero + .seconds(2)) { fired.append("later") })
        clock.advance(by: .seconds(2))
        #expect(fired.values == ["first"])
    }

    @Test("overdue work runs on the next advance at the current time")
    func overdueWork() {
        let clock = TestClock(now: .zero + .seconds(10))
        let fired = Recorder<Int64>()
        clock.scheduleWork(at: .zero + .seconds(1)) { fired.append(clock.now.nanoseconds) }
        #expect(fired.values.isEmpty)
        clock.advance(by: .zero)
        #expect(fired.values == [10_000_000_000])
    }

    @Test("advanceToNextDeadline steps one deadline at a time")
    func stepping() {
        let clock = TestClock()
        let fired = Recorder<Int64>()
        for ms in [30, 10, 20] as [Int64] {
            clock.scheduleWork(at: .zero + .milliseconds(ms)) { fired.append(ms) }
        }
        #expect(clock.advanceToNextDeadline())
        #expect(fired.values == [10])
        #expect(clock.now == .zero + .milliseconds(10))
        #expect(clock.advanceToNextDeadline())
        #expect(clock.advanceToNextDeadline())
        #expect(fired.values == [10, 20, 30])
        #expect(!clock.advanceToNextDeadline())
    }

    @Test("many cancellations compact the queue without losing live work")
    func compaction() {
        let clock = TestClock()
        let fired = Recorder<Int>()
        var ids: [ScheduledWorkID] = []
        for index in 0..<500 {
            ids.append(clock.scheduleWork(at: .zero + .milliseconds(Int64(index))) { fired.append(index) })
        }
        for (index, id) in ids.enumerated() where index % 10 != 0 {
            #expect(clock.cancelWork(id))
        }
        #expect(clock.pendingWorkCount == 50)
        clock.advance(by: .seconds(1))
        #expect(fired.values == Array(stride(from: 0, to: 500, by: 10)))
    }

    @Test("waitForPendingWork resumes once enough work is scheduled")
    func waitForPendingWork() async {
        let clock = TestClock()
        await clock.waitForPendingWork(count: 0)
        let waiter = Task { await clock.waitForPendingWork(count: 2) }
        clock.scheduleWork(at: .zero + .seconds(1)) {}
        clock.scheduleWork(at: .zero + .seconds(2)) {}
        await waiter.value
        #expect(clock.pendingWorkCount == 2)
    }
}
