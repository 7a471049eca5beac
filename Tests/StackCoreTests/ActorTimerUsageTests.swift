import Testing

@testable import StackCore

/// A miniature retransmitting engine in the shape later protocol engines take: an actor that
/// owns its timers on an injected clock and reports through a broadcaster.
private actor Retransmitter {
    enum Event: Sendable, Equatable {
        case sent(attempt: Int, at: StackInstant)
        case timedOut(at: StackInstant)
    }

    let events = EventBroadcaster<Event>()
    private let timers: TimerScheduler
    private var attempt = 0
    private var interval: Duration
    private var retransmit: StackTimer?
    private var timeout: StackTimer?

    init(clock: any StackClock, t1: Duration) {
        timers = TimerScheduler(clock: clock)
        interval = t1
    }

    /// Sends, then retransmits at T1, 2·T1, 4·T1… until 64·T1 (RFC 3261 §17.1.1.2 timers A/B).
    func start(input: AsyncStream<Input>.Continuation) {
        let deadline = interval * 64
        retransmit = timers.schedule(after: interval) { input.yield(.timerA) }
        timeout = timers.schedule(after: deadline) { input.yield(.timerB) }
        send()
    }

    enum Input: Sendable { case timerA, timerB, response }

    func handle(_ input: Input) {
        switch input {
        case .timerA:
            send()
            interval *= 2
            retransmit?.reschedule(after: interval)
        case .timerB:
            retransmit?.cancel()
            events.emit(.timedOut(at: timers.now))
            events.finish()
        case .response:
            retransmit?.cancel()
            timeout?.cancel()
            events.finish()
        }
    }

    private func send() {
        attempt += 1
        events.emit(.sent(attempt: attempt, at: timers.now))
    }
}

@Suite("Timers used from an actor")
struct ActorTimerUsageTests {
    @Test("Timer A retransmissions and Timer B timeout at exact times")
    func retransmitUntilTimeout() async {
        let clock = TestClock()
        let engine = Retransmitter(clock: clock, t1: .milliseconds(500))
        let events = engine.events.subscribe()
        let (inputs, input) = AsyncStream.makeStream(of: Retransmitter.Input.self)
        let loop = Task {
            for await event in inputs { await engine.handle(event) }
        }
        await engine.start(input: input)
        var iterator = events.makeAsyncIterator()
        var seen: [Retransmitter.Event] = [await iterator.next()!]
        // Step from deadline to deadline; each step waits for the engine's reaction, so the
        // clock never runs ahead of the actor.
        while clock.advanceToNextDeadline() {
            guard let event = await iterator.next() else { break }
            seen.append(event)
            if case .timedOut = event { break }
            await clock.waitForPendingWork(count: 2)
        }
        let ms = { (value: Int64) in StackInstant.zero + .milliseconds(value) }
        #expect(
            seen == [
                .sent(attempt: 1, at: ms(0)),
                .sent(attempt: 2, at: ms(500)),
                .sent(attempt: 3, at: ms(1_500)),
                .sent(attempt: 4, at: ms(3_500)),
                .sent(attempt: 5, at: ms(7_500)),
                .sent(attempt: 6, at: ms(15_500)),
                .sent(attempt: 7, at: ms(31_500)),
                .timedOut(at: ms(32_000)),
            ])
        #expect(await iterator.next() == nil)
        input.finish()
        await loop.value
    }
}
