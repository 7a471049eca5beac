import SIPCore
import SIPTransaction
import SIPUserAgent
import Testing

/// RFC 3261 §13–§15 INVITE sessions: the incoming side and in-dialog requests.
@Suite struct SIPCallStateMachineIncomingTests {
    typealias F = CallFixtures

    func ringing(reliable: Bool = true) throws -> (SIPCallStateMachine, SIPMessage, [SIPCallAction]) {
        let invite = try F.bobInvite()
        var machine = SIPCallStateMachine(incoming: invite, configuration: F.configuration(reliable: reliable),
                                          localTag: "atag")
        let actions = machine.handle(.receiveInvite(invite, key: F.key(invite)))
        return (machine, invite, actions)
    }

    func answered(reliable: Bool = true) throws -> SIPCallStateMachine {
        var (machine, _, _) = try ringing(reliable: reliable)
        let ok = machine.handle(.answer(body: F.answer, contentType: "application/sdp"))
        guard F.responses(ok) == ["200 INVITE"] else { throw CallTestError.unexpected("\(F.responses(ok))") }
        _ = machine.handle(.ack(try F.bobInDialog(.ack, cseq: 7)))
        return machine
    }

    @Test("§13.3.1.1: a new INVITE is answered 180 with our tag and Contact, rings, arms the 60 s no-answer timer")
    func incomingRinging() throws {
        let (machine, invite, actions) = try ringing()
        #expect(F.responses(actions) == ["180 INVITE"])
        guard case .respond(let ringing, _) = actions.first else { return }
        let lines = F.lines(ringing)
        #expect(lines.contains("To: <sip:alice@example.com>;tag=atag"))
        #expect(lines.contains("Contact: <sip:k3f8@a1b2.invalid;transport=ws>"))
        #expect(lines.contains("Record-Route: <sip:127.0.0.1:5060;transport=ws;r2=on;lr>, <sip:127.0.0.1:5060;r2=on;lr>"))
        #expect(F.timers(actions) == ["start noAnswer 60.0 seconds"])
        #expect(F.events(actions) == [.incoming(invite: invite)])
        #expect(machine.state == .ringing)
        #expect(machine.dialog?.state == .early)
    }

    @Test("§13.3.1.4: answer sends 200 with the answer; over UDP it is resent at 0.5, 1, 2, 4, 4 s until the ACK")
    func answerRetransmitsOverUDP() throws {
        var (machine, _, _) = try ringing(reliable: false)
        let actions = machine.handle(.answer(body: F.answer, contentType: "application/sdp"))
        #expect(F.responses(actions) == ["200 INVITE"])
        #expect(F.timers(actions) == ["cancel noAnswer", "start okRetransmit 0.5 seconds", "start ackWait 32.0 seconds"])
        var intervals: [String] = []
        for _ in 0..<5 {
            let step = machine.handle(.timerFired(.okRetransmit))
            #expect(F.responses(step) == ["200 INVITE"])
            intervals += F.timers(step)
        }
        #expect(intervals == ["start okRetransmit 1.0 seconds", "start okRetransmit 2.0 seconds",
                              "start okRetransmit 4.0 seconds", "start okRetransmit 4.0 seconds",
                              "start okRetransmit 4.0 seconds"])
        let ack = machine.handle(.ack(try F.bobInDialog(.ack, cseq: 7)))
        #expect(F.timers(ack) == ["cancel okRetransmit", "cancel ackWait"])
        #expect(F.events(ack) == [.answered])
        #expect(machine.state == .answered)
    }

    @Test("§13.3.1.4: no ACK within 64·T1 ends the call with BYE, cause No ACK")
    func noACK() throws {
        var (machine, _, _) = try ringing()
        _ = machine.handle(.answer(body: F.answer, contentType: "application/sdp"))
        let actions = machine.handle(.timerFired(.ackWait))
        #expect(F.requests(actions).map(\.method) == [.bye])
        #expect(F.events(actions) == [.failed(SIPCallEnd(state: .failed, originator: .local, cause: .noACK))])
    }

    @Test("reject → 486 Busy Here, state rejected; the no-answer timer is disarmed")
    func reject() throws {
        var (machine, _, _) = try ringing()
        let actions = machine.handle(.reject())
        #expect(F.responses(actions) == ["486 INVITE"])
        #expect(F.timers(actions).first == "cancel noAnswer")
        #expect(F.events(actions) == [.failed(SIPCallEnd(state: .rejected, originator: .local, cause: .rejected,
                                                         statusCode: 486))])
        #expect(machine.isFinished)
    }

    @Test("ignore sends nothing; the no-answer timer later answers 408 silently")
    func ignore() throws {
        var (machine, _, _) = try ringing()
        let actions = machine.handle(.ignore)
        #expect(actions == [.emit(.ignored)])
        #expect(machine.state == .ignored)
        #expect(!machine.isFinished)
        let timeout = machine.handle(.timerFired(.noAnswer))
        #expect(F.responses(timeout) == ["408 INVITE"])
        #expect(F.events(timeout).isEmpty)
        #expect(machine.isFinished)
    }

    @Test("60 s without an answer → 408 and failed No Answer")
    func noAnswer() throws {
        var (machine, _, _) = try ringing()
        let actions = machine.handle(.timerFired(.noAnswer))
        #expect(F.responses(actions) == ["408 INVITE"])
        #expect(F.events(actions) == [.failed(SIPCallEnd(state: .failed, originator: .local, cause: .noAnswer,
                                                         statusCode: 408))])
    }

    @Test("§9.2: CANCEL → 200 to the CANCEL, 487 to the INVITE, canceled by the remote side")
    func remoteCancel() throws {
        var (machine, invite, _) = try ringing()
        var cancel = try SIPMessageBuilder.request(method: .cancel, uri: F.aliceContact, headers: [
            SIPParameter("Via", "SIP/2.0/WSS 127.0.0.1:5060;branch=z9hG4bKproxy1"),
            SIPParameter("Max-Forwards", "70"),
            SIPParameter("From", "\"Bob B\" <sip:bob@example.com>;tag=bobtag"),
            SIPParameter("To", "<sip:alice@example.com>"),
            SIPParameter("Call-ID", "call-1@bob"),
            SIPParameter("CSeq", "7 CANCEL"),
        ])
        try cancel.append(header: "Reason", value: "SIP;cause=200;text=\"Call completed elsewhere\"")
        let actions = machine.handle(.request(cancel, key: F.key(cancel)))
        #expect(F.responses(actions) == ["200 CANCEL", "487 INVITE"])
        #expect(F.events(actions) == [.failed(SIPCallEnd(
            state: .canceled, originator: .remote, cause: .canceled,
            reason: SIPReason(protocolName: "SIP", cause: 200, text: "Call completed elsewhere")))])
        _ = invite
        #expect(machine.isFinished)
    }

    @Test("§15.1.2: BYE from the peer → 200, ended by the remote side with its Reason")
    func remoteBye() throws {
        var machine = try answered()
        let bye = try F.bobInDialog(.bye, cseq: 8, extra: [SIPParameter("Reason", "Q.850;cause=16")])
        let actions = machine.handle(.request(bye, key: F.key(bye)))
        #expect(F.responses(actions) == ["200 BYE"])
        #expect(F.events(actions) == [.ended(SIPCallEnd(state: .ended, originator: .remote, cause: .terminated,
                                                        reason: SIPReason(protocolName: "Q.850", cause: 16, text: nil)))])
        #expect(machine.isFinished)
        let late = try F.bobInDialog(.info, cseq: 9)
        #expect(F.responses(machine.handle(.request(late, key: F.key(late)))) == ["481 INFO"])
    }

    @Test("INFO with application/dtmf-relay → 200 and dtmfReceived; other INFO → infoReceived")
    func dtmfReceived() throws {
        var machine = try answered()
        let info = try F.bobInDialog(.info, cseq: 8, body: Array("Signal=5\r\nDuration=160\r\n".utf8),
                                     contentType: "application/dtmf-relay")
        let actions = machine.handle(.request(info, key: F.key(info)))
        #expect(F.responses(actions) == ["200 INFO"])
        #expect(F.events(actions) == [.dtmfReceived(tone: "5", duration: 160)])
        let other = try F.bobInDialog(.info, cseq: 9, body: Array("remote-party-ringing".utf8), contentType: "text/plain")
        #expect(F.events(machine.handle(.request(other, key: F.key(other)))) == [.infoReceived(other)])
    }

    @Test("§14.2: a re-INVITE is answered 200 with our session description; §12.2.2: a lower CSeq gets 500")
    func reinviteAndOrder() throws {
        var machine = try answered()
        let reinvite = try F.bobInDialog(.invite, cseq: 9, extra: [SIPParameter("Contact", "<sip:bob@127.0.0.1:5092>")],
                                         body: F.offer, contentType: "application/sdp")
        let actions = machine.handle(.request(reinvite, key: F.key(reinvite)))
        #expect(F.responses(actions) == ["200 INVITE"])
        guard case .respond(let ok, _) = actions.first else { return }
        #expect(ok.body == F.answer)
        #expect(machine.dialog?.remoteTarget == SIPURI(user: "bob", host: .ipv4("127.0.0.1"), port: 5092))
        let old = try F.bobInDialog(.info, cseq: 8)
        #expect(F.responses(machine.handle(.request(old, key: F.key(old)))) == ["500 INFO"])
    }

    @Test("hangup of an answered incoming call: BYE to the caller's Contact through the route set, CSeq 1")
    func byeFromCallee() throws {
        var machine = try answered()
        let bye = try #require(F.requests(machine.handle(.hangup)).first)
        let lines = F.lines(bye)
        #expect(lines[0] == "BYE sip:bob@127.0.0.1:5090 SIP/2.0")
        #expect(lines.contains("Route: <sip:127.0.0.1:5060;transport=ws;r2=on;lr>"))
        #expect(lines.contains("From: <sip:alice@example.com>;tag=atag"))
        #expect(lines.contains("To: \"Bob B\" <sip:bob@example.com>;tag=bobtag"))
        #expect(lines.contains("CSeq: 1 BYE"))
        #expect(machine.state == .ended)
    }
}

/// The DTMF body and X-PH header rules.
@Suite struct SIPCallHelpersTests {
    @Test("application/dtmf-relay bodies parse; junk does not")
    func dtmfParse() {
        func parse(_ type: String, _ text: String) -> String? {
            SIPDTMFRelay.parse(contentType: type, body: Array(text.utf8)).map { "\($0.tone) \($0.duration)" }
        }
        #expect(parse("application/dtmf-relay", "Signal=*\r\nDuration=250\r\n") == "* 250")
        #expect(parse("application/dtmf-relay", "signal= a\n") == "A 100")
        #expect(parse("application/dtmf", "7") == "7 100")
        #expect(parse("application/dtmf-relay", "Signal=xyz\r\n") == nil)
        #expect(parse("text/plain", "Signal=1") == nil)
    }

    @Test("seed rule: X-PH- names of 1–19 [A-Za-z0-9-], values of 1–120 [A-Za-z0-9+-_()]")
    func extraHeaders() {
        let filtered = SIPExtraHeaders.filter([
            SIPParameter("X-PH-Test1", "test1"), SIPParameter("x-ph-Lower", "a+b-c_d(e)"),
            SIPParameter("X-PH-", "empty-name"), SIPParameter("X-PH-Bad", "has space"),
            SIPParameter("X-PH-Dot", "a.b"), SIPParameter("X-Other", "x"),
            SIPParameter("X-PH-" + String(repeating: "a", count: 20), "long"),
            SIPParameter("X-PH-Long", String(repeating: "v", count: 121)),
        ])
        #expect(filtered.kept == [SIPParameter("X-PH-Test1", "test1"), SIPParameter("x-ph-Lower", "a+b-c_d(e)")])
        #expect(filtered.dropped.count == 6)
    }
}

enum CallTestError: Error {
    case unexpected(String)
}
