import SIPTransport
import SIPUserAgent
import StackCore
import Testing

/// The connection supervisor (Plivo behaviour §4.3 keep-alive, §4.4 reconnection) driven
/// synchronously, with the back-off's jitter fixed.
@Suite struct SIPConnectionSupervisorStateMachineTests {
    private struct Refused: Error {}

    private static let servers = ["wss://a.example", "wss://b.example"]

    private static func machine(
        jitter: Double = 0.5, kind: SIPKeepAliveKind = .options
    ) -> SIPConnectionSupervisorStateMachine {
        SIPConnectionSupervisorStateMachine(
            keepAlive: SIPKeepAliveConfiguration(kind: kind), jitter: { jitter })
    }

    /// A machine that has connected to server 0.
    private static func connected(jitter: Double = 0.5, kind: SIPKeepAliveKind = .options)
        -> SIPConnectionSupervisorStateMachine
    {
        var machine = machine(jitter: jitter, kind: kind)
        _ = machine.handle(.start(servers: servers))
        _ = machine.handle(.connected)
        return machine
    }

    @Test("§4.4: start connects to the first server; connect emits {connected} and arms the 5 s ping")
    func startAndConnect() {
        var machine = Self.machine()
        #expect(machine.handle(.start(servers: Self.servers)) == [.connect(serverIndex: 0)])
        #expect(machine.state == .connecting(server: 0, attempt: 0))
        #expect(machine.handle(.connected) == [
            .emitConnectionChange(.connected), .startTimer(.ping, after: .seconds(5)),
        ])
        #expect(machine.state == .connected(server: 0))
    }

    @Test("start with no servers, or while running, does nothing")
    func startIgnored() {
        var machine = Self.machine()
        #expect(machine.handle(.start(servers: [])).isEmpty)
        #expect(machine.state == .idle)
        _ = machine.handle(.start(servers: Self.servers))
        #expect(machine.handle(.start(servers: ["wss://c.example"])).isEmpty)
        #expect(machine.servers == Self.servers)
    }

    @Test("§4.4: a failed connect fails over to the next server after the back-off, wrapping around")
    func failoverWithBackoff() {
        var machine = Self.machine(jitter: 0.5)
        _ = machine.handle(.start(servers: Self.servers))
        // Failure 1: floor(0.5·2 + 1) = 2 s.
        #expect(machine.handle(.connectFailed(Refused())) == [.startTimer(.reconnect, after: .seconds(2))])
        #expect(machine.state == .waitingToReconnect(server: 1, attempt: 1, delay: .seconds(2)))
        #expect(machine.handle(.reconnectTimerFired) == [.connect(serverIndex: 1)])
        #expect(machine.state == .connecting(server: 1, attempt: 1))
        // Failure 2: floor(0.5·4 + 1) = 3 s, back to server 0.
        #expect(machine.handle(.connectFailed(Refused())) == [.startTimer(.reconnect, after: .seconds(3))])
        #expect(machine.handle(.reconnectTimerFired) == [.connect(serverIndex: 0)])
        // Failure 3 reported as a close while connecting: floor(0.5·8 + 1) = 5 s, server 1.
        #expect(machine.handle(.closed(.abnormal, intentional: false))
            == [.startTimer(.reconnect, after: .seconds(5))])
        #expect(machine.handle(.reconnectTimerFired) == [.connect(serverIndex: 1)])
        #expect(machine.failedAttempts == 3)
    }

    @Test("§4.4: floor(r·2ⁿ + 1) s clamped to [2, 20] s")
    func backoffFormula() {
        let backoff = SIPReconnectBackoff()
        // Never below 2 s, whatever r and n.
        for attempt in 0...40 {
            #expect(backoff.delay(attempt: attempt, random: 0) == .seconds(2))
        }
        #expect(backoff.delay(attempt: 1, random: 0.99) == .seconds(2))
        #expect(backoff.delay(attempt: 2, random: 0.99) == .seconds(4))
        #expect(backoff.delay(attempt: 3, random: 0.99) == .seconds(8))
        #expect(backoff.delay(attempt: 4, random: 0.99) == .seconds(16))
        #expect(backoff.delay(attempt: 5, random: 0.99) == .seconds(20))
        #expect(backoff.delay(attempt: 4, random: 0.25) == .seconds(5))
        // The ceiling doubles from 2 s to the 20 s cap.
        #expect((1...6).map { backoff.ceiling(attempt: $0) }
            == [2, 4, 8, 16, 20, 20].map { Duration.seconds($0) })
        // High attempts clamp at 20 s; absurd counts and out-of-range draws stay finite.
        #expect(backoff.delay(attempt: 30, random: 0.5) == .seconds(20))
        #expect(backoff.delay(attempt: .max, random: 0.5) == .seconds(20))
        #expect(backoff.delay(attempt: 3, random: 7) == .seconds(8))
        #expect(backoff.delay(attempt: 3, random: -.infinity) == .seconds(2))
        #expect(backoff.delay(attempt: 3, random: .nan) == .seconds(2))
    }

    @Test("§4.4: the back-off reaches the 20 s cap and the attempt counter resets on connect")
    func backoffCapsAndResets() {
        var machine = Self.machine(jitter: 0.99)
        _ = machine.handle(.start(servers: Self.servers))
        var delays: [Duration] = []
        for _ in 1...7 {
            guard case .startTimer(.reconnect, let delay)? = machine.handle(.connectFailed(Refused())).last else {
                Issue.record("no reconnect timer")
                return
            }
            delays.append(delay)
            _ = machine.handle(.reconnectTimerFired)
        }
        #expect(delays == [2, 4, 8, 16, 20, 20, 20].map { Duration.seconds($0) })
        _ = machine.handle(.connected)
        #expect(machine.failedAttempts == 0)
        #expect(machine.state == .connected(server: 1))
        // The next drop starts again at attempt 1: 2 s, to the following server.
        #expect(machine.handle(.closed(.abnormal, intentional: false)).last
            == .startTimer(.reconnect, after: .seconds(2)))
        #expect(machine.state == .waitingToReconnect(server: 0, attempt: 1, delay: .seconds(2)))
    }

    @Test("§4.3: each tick sends a ping, arms the 2 s timeout and re-arms the 5 s interval")
    func pingTick() {
        var machine = Self.connected()
        #expect(machine.handle(.pingTimerFired) == [
            .sendPing(.options), .startTimer(.pingTimeout, after: .seconds(2)),
            .startTimer(.ping, after: .seconds(5)),
        ])
        #expect(machine.isPingOutstanding)
        // Any final response is the pong.
        #expect(machine.handle(.pingAnswered) == [.cancelTimer(.pingTimeout)])
        #expect(!machine.isPingOutstanding)
        #expect(machine.handle(.pingAnswered).isEmpty)
        #expect(machine.handle(.pingTimeoutFired).isEmpty)
    }

    @Test("§4.3: a call switches the interval to 4 s and back to 5 s")
    func inCallInterval() {
        var machine = Self.connected()
        #expect(machine.handle(.callStateChanged(inCall: true)) == [.startTimer(.ping, after: .seconds(4))])
        #expect(machine.handle(.callStateChanged(inCall: true)).isEmpty)
        #expect(machine.handle(.pingTimerFired).last == .startTimer(.ping, after: .seconds(4)))
        #expect(machine.handle(.callStateChanged(inCall: false)) == [.startTimer(.ping, after: .seconds(5))])
        // The call state is remembered across a reconnect.
        var idle = Self.machine()
        _ = idle.handle(.callStateChanged(inCall: true))
        _ = idle.handle(.start(servers: Self.servers))
        #expect(idle.handle(.connected).last == .startTimer(.ping, after: .seconds(4)))
    }

    @Test("§4.3: an unanswered ping closes with 'Ping Timed Out' and reconnects to the next server")
    func pingTimeout() {
        var machine = Self.connected(jitter: 0.5)
        _ = machine.handle(.pingTimerFired)
        #expect(machine.handle(.pingTimeoutFired) == [
            .cancelTimer(.ping),
            .close(.normal, reason: "Ping Timed Out"),
            .emitConnectionChange(.disconnected(code: .normal, reason: "Ping Timed Out")),
            .startTimer(.reconnect, after: .seconds(2)),
        ])
        #expect(machine.state == .waitingToReconnect(server: 1, attempt: 1, delay: .seconds(2)))
        // The close we asked for comes back and is ignored; so is a late pong.
        #expect(machine.handle(.closed(.normal, intentional: true)).isEmpty)
        #expect(machine.handle(.pingAnswered).isEmpty)
        #expect(machine.handle(.pingTimerFired).isEmpty)
        #expect(machine.handle(.reconnectTimerFired) == [.connect(serverIndex: 1)])
    }

    @Test("RFC 5626 §4.4.1: CRLF keep-alive on stream transports at the same cadence")
    func crlfKeepAlive() {
        var machine = Self.connected(kind: .crlf)
        #expect(machine.handle(.pingTimerFired).first == .sendPing(.crlf))
        // No second ping while one is outstanding (only if the timeout exceeds the interval).
        #expect(machine.handle(.pingTimerFired) == [.startTimer(.ping, after: .seconds(5))])
        #expect(machine.handle(.pingAnswered) == [.cancelTimer(.pingTimeout)])
    }

    @Test("RFC 6455 §7.4.1: a 1009 close (or any unexpected close) reconnects with {disconnected, 1009}")
    func tooBigReconnects() {
        var machine = Self.connected(jitter: 0.5)
        _ = machine.handle(.pingTimerFired)
        #expect(machine.handle(.closed(.tooBig, intentional: false)) == [
            .cancelTimer(.ping), .cancelTimer(.pingTimeout),
            .emitConnectionChange(.disconnected(code: .tooBig, reason: "Message too big")),
            .startTimer(.reconnect, after: .seconds(2)),
        ])
        #expect(machine.handle(.reconnectTimerFired) == [.connect(serverIndex: 1)])
    }

    @Test("an intentional close while connected emits {disconnected} and does not reconnect")
    func intentionalClose() {
        var machine = Self.connected()
        #expect(machine.handle(.closed(.normal, intentional: true)) == [
            .cancelTimer(.ping), .emitConnectionChange(.disconnected(code: .normal, reason: "Normal closure")),
        ])
        #expect(machine.state == .idle)
        #expect(machine.handle(.reconnectTimerFired).isEmpty)
    }

    @Test("stop closes on purpose, cancels timers and never reconnects")
    func stop() {
        var machine = Self.connected()
        _ = machine.handle(.pingTimerFired)
        #expect(machine.handle(.stop) == [
            .cancelTimer(.ping), .cancelTimer(.pingTimeout),
            .close(.normal, reason: "Stopped"),
            .emitConnectionChange(.disconnected(code: .normal, reason: "Stopped")),
        ])
        #expect(machine.state == .idle)
        #expect(machine.handle(.closed(.normal, intentional: false)).isEmpty)
        #expect(machine.handle(.pingTimeoutFired).isEmpty)
        #expect(machine.handle(.stop).isEmpty)

        var waiting = Self.machine()
        _ = waiting.handle(.start(servers: Self.servers))
        _ = waiting.handle(.connectFailed(Refused()))
        #expect(waiting.handle(.stop) == [.cancelTimer(.reconnect)])
        #expect(waiting.handle(.reconnectTimerFired).isEmpty)

        var connecting = Self.machine()
        _ = connecting.handle(.start(servers: Self.servers))
        #expect(connecting.handle(.stop) == [.close(.normal, reason: "Stopped")])
        #expect(connecting.handle(.connected).isEmpty)
        // Restart begins at the first server again.
        #expect(connecting.handle(.start(servers: Self.servers)) == [.connect(serverIndex: 0)])
    }

    @Test("a single server is retried against itself")
    func singleServer() {
        var machine = Self.machine(jitter: 0)
        _ = machine.handle(.start(servers: ["wss://only.example"]))
        _ = machine.handle(.connectFailed(Refused()))
        #expect(machine.handle(.reconnectTimerFired) == [.connect(serverIndex: 0)])
    }
}
