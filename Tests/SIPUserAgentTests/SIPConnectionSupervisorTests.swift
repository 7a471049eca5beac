import SIPTransport
import SIPUserAgent
import StackCore
import Testing

/// The connection supervisor actor on a ``TestClock``: exact ping, timeout and back-off times
/// (Plivo behaviour §4.3, §4.4).
@Suite struct SIPConnectionSupervisorTests {
    /// Every operation, as a line stamped with the clock time.
    private struct Harness {
        let clock = TestClock()
        let supervisor: SIPConnectionSupervisor
        let log: AsyncStream<String>.Continuation
        var lines: AsyncStream<String>.AsyncIterator

        init(jitter: Double) {
            let clock = self.clock
            let (stream, log) = AsyncStream.makeStream(of: String.self)
            self.log = log
            lines = stream.makeAsyncIterator()
            supervisor = SIPConnectionSupervisor(
                jitter: { jitter },
                timers: TimerScheduler(clock: clock),
                operations: .init(
                    connect: { server, index in log.yield("\(clock.now) connect \(index) \(server)") },
                    close: { code, reason in log.yield("\(clock.now) close \(code) \(reason)") },
                    sendPing: { kind in log.yield("\(clock.now) ping \(kind)") },
                    connectionChanged: { change in log.yield("\(clock.now) \(change)") }))
        }

        /// The next operation performed.
        mutating func next() async -> String? { await lines.next() }

        /// Waits until the actor has finished the turn that produced the last line.
        func settle() async { _ = await supervisor.state }
    }

    private static func s(_ seconds: Int64) -> StackInstant {
        StackInstant(nanoseconds: seconds * 1_000_000_000)
    }

    @Test("§4.3/§4.4: ping at 5 s, timeout at exactly 7 s, failover reconnect at 9 s")
    func pingTimeoutReconnects() async {
        var harness = Harness(jitter: 0.5)
        let clock = harness.clock
        let supervisor = harness.supervisor
        await supervisor.start(servers: ["wss://a.example", "wss://b.example"])
        #expect(await harness.next() == "0.000000000s connect 0 wss://a.example")
        await supervisor.handle(.connected)
        #expect(await harness.next() == "0.000000000s connected")
        #expect(clock.nextDeadline == Self.s(5))

        clock.advance(by: .seconds(5))
        #expect(await harness.next() == "5.000000000s ping options")
        await harness.settle()
        #expect(clock.nextDeadline == Self.s(7))

        // Unanswered: the timeout fires at exactly +2 s.
        clock.advance(by: .seconds(2))
        #expect(await harness.next() == "7.000000000s close 1000 Ping Timed Out")
        #expect(await harness.next() == "7.000000000s disconnected(1000, Ping Timed Out)")
        await harness.settle()
        #expect(clock.pendingWorkCount == 1)
        #expect(clock.nextDeadline == Self.s(9))

        clock.advance(by: .seconds(2))
        #expect(await harness.next() == "9.000000000s connect 1 wss://b.example")
        #expect(await supervisor.state == .connecting(server: 1, attempt: 1))
    }

    @Test("§4.3: an answered ping keeps the connection; a call switches to 4 s")
    func answeredPingAndCall() async {
        var harness = Harness(jitter: 0.5)
        let clock = harness.clock
        let supervisor = harness.supervisor
        await supervisor.start(servers: ["wss://a.example"])
        _ = await harness.next()
        await supervisor.handle(.connected)
        _ = await harness.next()

        clock.advance(by: .seconds(5))
        #expect(await harness.next() == "5.000000000s ping options")
        await supervisor.handle(.pingAnswered)
        #expect(clock.pendingWorkCount == 1)
        await supervisor.handle(.callStateChanged(inCall: true))
        #expect(clock.nextDeadline == Self.s(9))

        clock.advance(by: .seconds(4))
        #expect(await harness.next() == "9.000000000s ping options")
        await supervisor.handle(.pingAnswered)
        clock.advance(by: .seconds(4))
        #expect(await harness.next() == "13.000000000s ping options")
        await harness.settle()
        #expect(await supervisor.state == .connected(server: 0))
    }

    @Test("RFC 6455 §7.4.1: a 1009 close reconnects after 2 s; stop then never reconnects")
    func tooBigThenStop() async {
        var harness = Harness(jitter: 0.5)
        let clock = harness.clock
        let supervisor = harness.supervisor
        await supervisor.start(servers: ["wss://a.example", "wss://b.example"])
        _ = await harness.next()
        await supervisor.handle(.connected)
        _ = await harness.next()

        clock.advance(by: .seconds(1))
        await supervisor.handle(.closed(.tooBig, intentional: false))
        #expect(await harness.next() == "1.000000000s disconnected(1009, Message too big)")
        #expect(clock.nextDeadline == Self.s(3))
        clock.advance(by: .seconds(2))
        #expect(await harness.next() == "3.000000000s connect 1 wss://b.example")
        await supervisor.handle(.connected)
        #expect(await harness.next() == "3.000000000s connected")

        await supervisor.stop()
        #expect(await harness.next() == "3.000000000s close 1000 Stopped")
        #expect(await harness.next() == "3.000000000s disconnected(1000, Stopped)")
        await supervisor.handle(.closed(.normal, intentional: true))
        #expect(clock.pendingWorkCount == 0)
        clock.advance(by: .seconds(60))
        harness.log.yield("end")
        #expect(await harness.next() == "end")
        #expect(await supervisor.state == .idle)
    }
}
