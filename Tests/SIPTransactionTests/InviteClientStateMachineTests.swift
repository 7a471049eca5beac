import SIPCore
import Testing
@testable import SIPTransaction

@Suite("INVITE client transaction (RFC 3261 §17.1.1 Figure 5, RFC 6026 §7.2)")
struct InviteClientStateMachineTests {
    static func driver(reliable: Bool, routes: [String] = []) throws -> MachineDriver<InviteClientStateMachine> {
        let invite = try TestMessages.request(.invite, transport: reliable ? "TCP" : "UDP", routes: routes)
        let driver = MachineDriver(InviteClientStateMachine(request: invite, reliable: reliable))
        driver.handle(.start)
        return driver
    }

    @Test("UDP, no answer: Timer A at 0, 500, 1500, 3500, 7500, 15500, 31500 ms; Timer B at 32 s")
    func udpTimeout() throws {
        let d = try Self.driver(reliable: false)
        d.advance(toMs: 31_999)
        #expect(d.sentTimes == [0, 500, 1500, 3500, 7500, 15500, 31500])
        #expect(d.log.timeouts.isEmpty)
        d.advance(toMs: 32_000)
        #expect(d.log.timeouts == [32_000])
        #expect(d.log.terminatedAt == 32_000)
        #expect(d.machine.state == .terminated)
        #expect(d.armedTimers.isEmpty)
        d.advance(toMs: 100_000)
        #expect(d.sentTimes.count == 7)
    }

    @Test("TCP, no answer: one send, no Timer A, timeout at 32 s")
    func tcpTimeout() throws {
        let d = try Self.driver(reliable: true)
        d.advance(toMs: 40_000)
        #expect(d.sentTimes == [0])
        #expect(d.log.timeouts == [32_000])
        #expect(d.log.terminatedAt == 32_000)
    }

    @Test("Calling → Proceeding on 1xx stops retransmissions and Timer B; 486 → Completed, ACK, Timer D 32 s")
    func proceedingThenFailure() throws {
        let d = try Self.driver(reliable: false)
        let invite = d.machine.request
        d.advance(toMs: 700)
        d.handle(.responseReceived(try TestMessages.response(180, to: invite)))
        #expect(d.machine.state == .proceeding)
        d.advance(toMs: 5_000)
        #expect(d.sentTimes == [0, 500])
        #expect(d.log.toTU.map { $0.message.statusCode } == [180])
        let busy = try TestMessages.response(486, to: invite)
        d.handle(.responseReceived(busy))
        #expect(d.machine.state == .completed)
        #expect(d.log.toTU.map { $0.message.statusCode } == [180, 486])
        #expect(d.log.sent.last?.message.method == .ack)
        #expect(d.log.sent.last?.ms == 5_000)
        // A retransmitted 486 is answered with the same ACK and not passed up (§17.1.1.2).
        d.advance(toMs: 6_000)
        d.handle(.responseReceived(busy))
        #expect(d.log.sent.map(\.ms) == [0, 500, 5_000, 6_000])
        #expect(d.log.sent[3].message == d.log.sent[2].message)
        #expect(d.log.toTU.count == 2)
        d.advance(toMs: 36_999)
        #expect(d.log.terminatedAt == nil)
        d.advance(toMs: 37_000)
        #expect(d.log.terminatedAt == 37_000)
        #expect(d.log.timeouts.isEmpty)
    }

    @Test("TCP: a 486 is ACKed and the transaction terminates at once (Timer D = 0)")
    func tcpFailure() throws {
        let d = try Self.driver(reliable: true)
        d.advance(toMs: 100)
        d.handle(.responseReceived(try TestMessages.response(486, to: d.machine.request)))
        #expect(d.log.sent.map { $0.message.method } == [.invite, .ack])
        #expect(d.log.terminatedAt == 100)
        #expect(d.armedTimers.isEmpty)
    }

    @Test("2xx → Accepted: passed to the TU, no ACK from the transaction, 2xx retransmissions to the TU until Timer M")
    func accepted() throws {
        let d = try Self.driver(reliable: false)
        let invite = d.machine.request
        d.advance(toMs: 300)
        let ok = try TestMessages.response(200, to: invite)
        d.handle(.responseReceived(ok))
        #expect(d.machine.state == .accepted)
        d.advance(toMs: 1_000)
        d.handle(.responseReceived(ok))
        d.handle(.responseReceived(try TestMessages.response(486, to: invite)))
        #expect(d.log.toTU.map(\.ms) == [300, 1_000])
        #expect(d.sentTimes == [0])
        d.advance(toMs: 32_299)
        #expect(d.log.terminatedAt == nil)
        d.advance(toMs: 32_300)
        #expect(d.log.terminatedAt == 32_300)
        #expect(d.log.timeouts.isEmpty)
    }

    @Test("a transport error in Calling informs the TU and terminates (§17.1.4)")
    func transportError() throws {
        let d = try Self.driver(reliable: false)
        d.advance(toMs: 600)
        d.handle(.transportError)
        #expect(d.log.transportErrors == [600])
        #expect(d.log.terminatedAt == 600)
        #expect(d.armedTimers.isEmpty)
    }

    @Test("the ACK for a 486 has the request's URI, Via, From, Call-ID, CSeq number and Route, and the response's To (§17.1.1.3)")
    func ackBytes() throws {
        let invite = try TestMessages.request(.invite, cseq: 314159,
                                              routes: ["<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"])
        var busy = try TestMessages.response(486, to: invite, toTag: "a6c85cf")
        try busy.append(header: "Via", value: "SIP/2.0/UDP extra.example.com;branch=z9hG4bKextra")
        let ack = try #require(InviteClientStateMachine.makeACK(for: invite, response: busy))
        #expect(ack.text == """
            ACK sip:bob@biloxi.example.com SIP/2.0\r
            Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8\r
            Max-Forwards: 70\r
            From: "Alice" <sip:alice@atlanta.example.com>;tag=9fxced76sl\r
            To: "Bob" <sip:bob@biloxi.example.com>;tag=a6c85cf\r
            Call-ID: 3848276298220188511\r
            CSeq: 314159 ACK\r
            Route: <sip:p1.example.com;lr>\r
            Route: <sip:p2.example.com;lr>\r
            Content-Length: 0\r
            \r

            """)
        #expect(SIPTransactionKey.server(ack) == SIPTransactionKey.server(invite))
    }
}
