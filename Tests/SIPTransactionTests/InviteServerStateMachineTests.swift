import SIPCore
import Testing
@testable import SIPTransaction

@Suite("INVITE server transaction (RFC 3261 §17.2.1 Figure 7, RFC 6026 §7.1)")
struct InviteServerStateMachineTests {
    static func driver(reliable: Bool) throws -> MachineDriver<InviteServerStateMachine> {
        let invite = try TestMessages.request(.invite, transport: reliable ? "TCP" : "UDP")
        let driver = MachineDriver(InviteServerStateMachine(request: invite, reliable: reliable))
        driver.handle(.start)
        return driver
    }

    static func ack(for invite: SIPMessage, _ response: SIPMessage) throws -> SIPMessage {
        try #require(InviteClientStateMachine.makeACK(for: invite, response: response))
    }

    @Test("the INVITE goes to the TU; 100 Trying after exactly 200 ms; a retransmitted INVITE gets it again")
    func hundredTrying() throws {
        let d = try Self.driver(reliable: false)
        #expect(d.log.toTU.map(\.ms) == [0])
        d.advance(toMs: 199)
        #expect(d.sentTimes.isEmpty)
        d.advance(toMs: 200)
        #expect(d.sentTimes == [200])
        #expect(d.log.sent.first?.message.statusCode == 100)
        d.advance(toMs: 500)
        d.handle(.requestRetransmitted)
        #expect(d.sentTimes == [200, 500])
        #expect(d.log.sent[1].message.statusCode == 100)
    }

    @Test("no 100 Trying when the TU answers within 200 ms")
    func tuAnswersFirst() throws {
        let d = try Self.driver(reliable: false)
        d.advance(toMs: 50)
        d.handle(.tuResponse(try TestMessages.response(180, to: d.machine.request)))
        d.advance(toMs: 1_000)
        #expect(d.log.sent.map { $0.message.statusCode } == [180])
    }

    @Test("UDP, 486 and no ACK: Timer G at +500, 1000, 2000, 4000 then every T2; Timer H at 64·T1")
    func noAck() throws {
        let d = try Self.driver(reliable: false)
        d.advance(toMs: 1_000)
        d.handle(.tuResponse(try TestMessages.response(486, to: d.machine.request)))
        #expect(d.machine.state == .completed)
        d.advance(toMs: 32_999)
        #expect(d.sentTimes == [200, 1_000, 1_500, 2_500, 4_500, 8_500, 12_500, 16_500, 20_500, 24_500, 28_500, 32_500])
        #expect(d.log.timeouts.isEmpty)
        d.advance(toMs: 33_000)
        #expect(d.log.timeouts == [33_000])
        #expect(d.log.terminatedAt == 33_000)
        #expect(d.armedTimers.isEmpty)
    }

    @Test("UDP, 486 then ACK → Confirmed: G stops, ACKs absorbed, Timer I = T4")
    func confirmed() throws {
        let d = try Self.driver(reliable: false)
        let invite = d.machine.request
        let busy = try TestMessages.response(486, to: invite)
        d.handle(.tuResponse(busy))
        d.advance(toMs: 700)
        d.handle(.requestRetransmitted)
        #expect(d.sentTimes == [0, 500, 700])
        let ack = try Self.ack(for: invite, busy)
        d.handle(.ackReceived(ack))
        #expect(d.machine.state == .confirmed)
        d.advance(toMs: 1_000)
        d.handle(.ackReceived(ack))
        #expect(d.log.toTU.count == 1)
        d.advance(toMs: 5_699)
        #expect(d.sentTimes == [0, 500, 700])
        #expect(d.log.terminatedAt == nil)
        d.advance(toMs: 5_700)
        #expect(d.log.terminatedAt == 5_700)
        #expect(d.armedTimers.isEmpty)
    }

    @Test("TCP, 486 then ACK: no Timer G, terminated at once (Timer I = 0)")
    func tcpConfirmed() throws {
        let d = try Self.driver(reliable: true)
        let invite = d.machine.request
        let busy = try TestMessages.response(486, to: invite)
        d.handle(.tuResponse(busy))
        d.advance(toMs: 2_000)
        #expect(d.sentTimes == [0])
        d.handle(.ackReceived(try Self.ack(for: invite, busy)))
        #expect(d.log.terminatedAt == 2_000)
        #expect(d.armedTimers.isEmpty)
    }

    @Test("2xx → Accepted: INVITE retransmissions absorbed, TU 2xx retransmissions sent, ACKs to the TU, Timer L")
    func accepted() throws {
        let d = try Self.driver(reliable: false)
        let invite = d.machine.request
        d.advance(toMs: 1_000)
        let ok = try TestMessages.response(200, to: invite)
        d.handle(.tuResponse(ok))
        #expect(d.machine.state == .accepted)
        d.advance(toMs: 1_500)
        d.handle(.requestRetransmitted)
        d.handle(.tuResponse(ok))
        #expect(d.sentTimes == [200, 1_000, 1_500])
        d.advance(toMs: 1_600)
        var ack = try Self.ack(for: invite, ok)
        try ack.setHeader("Via", value: "SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8")
        d.handle(.ackReceived(ack))
        #expect(d.log.toTU.map(\.ms) == [0, 1_600])
        #expect(d.log.toTU.last?.message.method == .ack)
        d.advance(toMs: 32_999)
        #expect(d.log.terminatedAt == nil)
        d.advance(toMs: 33_000)
        #expect(d.log.terminatedAt == 33_000)
        #expect(d.log.timeouts.isEmpty)
    }

    @Test("a transport error in Completed informs the TU and terminates (§17.2.4)")
    func transportError() throws {
        let d = try Self.driver(reliable: false)
        d.handle(.tuResponse(try TestMessages.response(500, to: d.machine.request)))
        d.advance(toMs: 800)
        d.handle(.transportError)
        #expect(d.log.transportErrors == [800])
        #expect(d.log.terminatedAt == 800)
        #expect(d.armedTimers.isEmpty)
    }
}
