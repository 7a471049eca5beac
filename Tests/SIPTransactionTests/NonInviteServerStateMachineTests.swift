import SIPCore
import Testing
@testable import SIPTransaction

@Suite("Non-INVITE server transaction (RFC 3261 §17.2.2 Figure 8)")
struct NonInviteServerStateMachineTests {
    static func driver(reliable: Bool) throws -> MachineDriver<NonInviteServerStateMachine> {
        let request = try TestMessages.request(.register, transport: reliable ? "TCP" : "UDP")
        let driver = MachineDriver(NonInviteServerStateMachine(request: request, reliable: reliable))
        driver.handle(.start)
        return driver
    }

    @Test("Trying absorbs retransmissions; Proceeding and Completed answer them; Timer J = 64·T1")
    func udpPath() throws {
        let d = try Self.driver(reliable: false)
        let request = d.machine.request
        #expect(d.log.toTU.map(\.ms) == [0])
        d.advance(toMs: 100)
        d.handle(.requestRetransmitted)
        #expect(d.sentTimes.isEmpty)
        d.handle(.tuResponse(try TestMessages.response(100, to: request)))
        #expect(d.machine.state == .proceeding)
        d.advance(toMs: 600)
        d.handle(.requestRetransmitted)
        #expect(d.log.sent.map { $0.message.statusCode } == [100, 100])
        d.advance(toMs: 1_000)
        d.handle(.tuResponse(try TestMessages.response(200, to: request)))
        #expect(d.machine.state == .completed)
        d.advance(toMs: 2_000)
        d.handle(.requestRetransmitted)
        d.handle(.tuResponse(try TestMessages.response(500, to: request)))
        #expect(d.log.sent.map { $0.message.statusCode } == [100, 100, 200, 200])
        #expect(d.sentTimes == [100, 600, 1_000, 2_000])
        d.advance(toMs: 32_999)
        #expect(d.log.terminatedAt == nil)
        d.advance(toMs: 33_000)
        #expect(d.log.terminatedAt == 33_000)
        #expect(d.log.toTU.count == 1)
    }

    @Test("TCP: the final response terminates at once (Timer J = 0)")
    func tcpPath() throws {
        let d = try Self.driver(reliable: true)
        d.advance(toMs: 10)
        d.handle(.tuResponse(try TestMessages.response(200, to: d.machine.request)))
        #expect(d.sentTimes == [10])
        #expect(d.log.terminatedAt == 10)
        #expect(d.armedTimers.isEmpty)
    }

    @Test("a transport error in Proceeding informs the TU and terminates (§17.2.4)")
    func transportError() throws {
        let d = try Self.driver(reliable: false)
        d.handle(.tuResponse(try TestMessages.response(180, to: d.machine.request)))
        d.handle(.transportError)
        #expect(d.log.transportErrors == [0])
        #expect(d.log.terminatedAt == 0)
    }
}
