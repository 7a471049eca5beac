import Testing
@testable import STUN

/// RFC 8489 §6.2.1 retransmissions at exact times: the test plays the clock by summing the
/// timer durations the machine asks for.
@Suite struct STUNClientTransactionStateMachineTests {
    let request = STUNMessage(.request, method: .binding, transactionID: STUNVectors.shortTermTransactionID)
    let bytes: [UInt8] = [1, 2, 3, 4]

    /// Runs the machine from `start` with no response; returns the send times and the time of
    /// the timeout, in milliseconds.
    func run(_ configuration: STUNClientTransactionConfiguration) -> (sends: [Int64], timeout: Int64?) {
        var machine = STUNClientTransactionStateMachine(request: request, bytes: bytes, configuration: configuration)
        var now = Duration.zero
        var sends: [Int64] = []
        var timeout: Int64?
        var pending: Duration?
        var actions = machine.handle(.start)
        for _ in 0..<100 {
            for action in actions {
                switch action {
                case .send(let sent):
                    #expect(sent == bytes)
                    sends.append(now.milliseconds)
                case .startTimer(let after): pending = after
                case .cancelTimer: pending = nil
                case .complete: Issue.record("completed without a response")
                case .timeout: timeout = now.milliseconds
                }
            }
            guard let wait = pending else { break }
            pending = nil
            now += wait
            actions = machine.handle(.timerFired)
        }
        return (sends, timeout)
    }

    @Test("RFC 8489 §6.2.1: requests at 0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s, timeout at 39.5 s")
    func defaultSchedule() {
        let result = run(.default)
        #expect(result.sends == [0, 500, 1500, 3500, 7500, 15500, 31500])
        #expect(result.timeout == 39500)
        let schedule = STUNClientTransactionConfiguration.default.schedule
        #expect(schedule.sends.map(\.milliseconds) == result.sends)
        #expect(schedule.timeout.milliseconds == 39500)
    }

    @Test("a capped RTO stops doubling; the last wait stays Rm × the initial RTO")
    func cappedRTO() {
        let result = run(STUNClientTransactionConfiguration(maximumRTO: .seconds(3)))
        #expect(result.sends == [0, 500, 1500, 3500, 6500, 9500, 12500])
        #expect(result.timeout == 20500)
    }

    @Test("ICE pacing: another initial RTO, Rc and Rm (RFC 8445 §14.3)")
    func configured() {
        let result = run(STUNClientTransactionConfiguration(initialRTO: .milliseconds(250), maximumRequests: 3,
                                                            lastWaitMultiplier: 4))
        #expect(result.sends == [0, 250, 750])
        #expect(result.timeout == 1750)
        let single = run(STUNClientTransactionConfiguration(maximumRequests: 1, lastWaitMultiplier: 16))
        #expect(single.sends == [0])
        #expect(single.timeout == 8000)
    }

    @Test("RFC 8489 §6.2.2: over a reliable transport one request and a timeout at Ti = 39.5 s")
    func reliable() {
        let result = run(STUNClientTransactionConfiguration(isReliable: true))
        #expect(result.sends == [0])
        #expect(result.timeout == 39500)
    }

    @Test("a response with the transaction ID completes it; others are ignored (RFC 8489 §6.3.3)")
    func matching() {
        var machine = STUNClientTransactionStateMachine(request: request, bytes: bytes)
        #expect(machine.handle(.timerFired).isEmpty)
        #expect(machine.handle(.response(request.successResponse())).isEmpty)  // not started
        #expect(machine.handle(.start) == [.send(bytes), .startTimer(after: .milliseconds(500))])
        #expect(machine.handle(.start).isEmpty)
        #expect(machine.handle(.timerFired) == [.send(bytes), .startTimer(after: .seconds(1))])
        let stranger = STUNMessage(.successResponse, method: .binding, transactionID: STUNTransactionID(high: 1, low: 2))
        #expect(machine.handle(.response(stranger)).isEmpty)
        var sameIDRequest = request
        sameIDRequest.attributes = [.priority(1)]
        #expect(machine.handle(.response(sameIDRequest)).isEmpty)
        let indication = STUNMessage(.indication, method: .binding, transactionID: request.transactionID)
        #expect(machine.handle(.response(indication)).isEmpty)
        let error = request.errorResponse(.roleConflict)
        #expect(machine.handle(.response(error)) == [.cancelTimer, .complete(error)])
        #expect(machine.state == .completed)
        #expect(machine.isFinished)
        #expect(machine.requestsSent == 2)
        #expect(machine.handle(.timerFired).isEmpty)
        #expect(machine.handle(.response(request.successResponse())).isEmpty)
    }

    @Test("after cancelRetransmissions nothing is sent, a response still completes, the timeout still comes")
    func cancel() {
        var machine = STUNClientTransactionStateMachine(request: request, bytes: bytes)
        _ = machine.handle(.start)
        _ = machine.handle(.timerFired)  // 0.5 s: second request
        #expect(machine.handle(.cancelRetransmissions).isEmpty)
        #expect(machine.retransmissionsCancelled)
        var now = Duration.milliseconds(500) + .seconds(1)
        var actions = machine.handle(.timerFired)
        #expect(actions == [.startTimer(after: .seconds(2))])
        while case .startTimer(let after)? = actions.last {
            now += after
            actions = machine.handle(.timerFired)
            #expect(!actions.contains { if case .send = $0 { return true } else { return false } })
        }
        #expect(actions == [.timeout])
        #expect(now == .milliseconds(39500))
        #expect(machine.state == .timedOut)

        var answered = STUNClientTransactionStateMachine(request: request, bytes: bytes)
        _ = answered.handle(.start)
        _ = answered.handle(.cancelRetransmissions)
        let response = request.successResponse()
        #expect(answered.handle(.response(response)) == [.cancelTimer, .complete(response)])
    }
}

extension Duration {
    /// Whole milliseconds.
    var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
