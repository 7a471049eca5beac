import SIPCore
import Testing
@testable import SIPTransaction

@Suite("Non-INVITE client transaction (RFC 3261 §17.1.2 Figure 6)")
struct NonInviteClientStateMachineTests {
    static func driver(reliable: Bool) throws -> MachineDriver<NonInviteClientStateMachine> {
        let options = try TestMessages.request(.options, transport: reliable ? "TCP" : "UDP")
        let driver = MachineDriver(NonInviteClientStateMachine(request: options, reliable: reliable))
        driver.handle(.start)
        return driver
    }

    @Test("UDP, no answer: Timer E at 500, 1500, 3500, 7500 then every T2 = 4 s; Timer F at 32 s")
    func udpTimeout() throws {
        let d = try Self.driver(reliable: false)
        d.advance(toMs: 31_999)
        #expect(d.sentTimes == [0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500])
        d.advance(toMs: 32_000)
        #expect(d.log.timeouts == [32_000])
        #expect(d.log.terminatedAt == 32_000)
        #expect(d.armedTimers.isEmpty)
        d.advance(toMs: 60_000)
        #expect(d.sentTimes.count == 11)
    }

    @Test("TCP, no answer: no retransmissions, Timer F at 32 s")
    func tcpTimeout() throws {
        let d = try Self.driver(reliable: true)
        d.advance(toMs: 40_000)
        #expect(d.sentTimes == [0])
        #expect(d.log.timeouts == [32_000])
    }

    @Test("Proceeding retransmits every T2; a final response → Completed, Timer K = T4 absorbs retransmissions")
    func proceedingCompleted() throws {
        let d = try Self.driver(reliable: false)
        let options = d.machine.request
        d.advance(toMs: 200)
        d.handle(.responseReceived(try TestMessages.response(100, to: options)))
        #expect(d.machine.state == .proceeding)
        d.advance(toMs: 10_000)
        // E was armed for 500 in Trying; in Proceeding it is reset to T2 each time.
        #expect(d.sentTimes == [0, 500, 4_500, 8_500])
        let ok = try TestMessages.response(200, to: options)
        d.handle(.responseReceived(ok))
        #expect(d.machine.state == .completed)
        #expect(d.log.toTU.map { $0.message.statusCode } == [100, 200])
        d.advance(toMs: 12_000)
        d.handle(.responseReceived(ok))
        #expect(d.log.toTU.count == 2)
        #expect(d.sentTimes.count == 4)
        d.advance(toMs: 14_999)
        #expect(d.log.terminatedAt == nil)
        d.advance(toMs: 15_000)
        #expect(d.log.terminatedAt == 15_000)
        #expect(d.armedTimers.isEmpty)
    }

    @Test("TCP: a final response terminates at once (Timer K = 0)")
    func tcpCompleted() throws {
        let d = try Self.driver(reliable: true)
        d.advance(toMs: 50)
        d.handle(.responseReceived(try TestMessages.response(404, to: d.machine.request)))
        #expect(d.log.toTU.map(\.ms) == [50])
        #expect(d.log.terminatedAt == 50)
        #expect(d.armedTimers.isEmpty)
    }

    @Test("a transport error informs the TU and terminates (§17.1.4)")
    func transportError() throws {
        let d = try Self.driver(reliable: false)
        d.handle(.transportError)
        #expect(d.log.transportErrors == [0])
        #expect(d.log.terminatedAt == 0)
        #expect(d.armedTimers.isEmpty)
    }
}
