import SIPCore
import SIPTransaction
import SIPUserAgent
import Testing

/// RFC 3261 §13–§15 INVITE sessions: the outgoing side.
@Suite struct SIPCallStateMachineOutgoingTests {
    typealias F = CallFixtures

    /// Dials Bob and returns the machine and the INVITE as the layer sent it (with a branch).
    func dialed(credentials: SIPDigestCredentials? = nil) throws -> (SIPCallStateMachine, SIPMessage) {
        var machine = SIPCallStateMachine(outgoing: F.configuration(credentials: credentials), callID: "c1",
                                          localTag: "atag")
        let actions = machine.handle(.dial(target: F.bobURI, body: F.offer, contentType: "application/sdp",
                                           extraHeaders: [SIPParameter("X-PH-Test", "abc")]))
        let invite = try #require(F.requests(actions).first)
        #expect(F.events(actions) == [.calling(invite: invite)])
        return (machine, try F.withBranch(invite))
    }

    @Test("§13.2.1: the INVITE carries From tag, To, Contact, CSeq 1, Allow, Supported and the offer")
    func inviteShape() throws {
        let (machine, invite) = try dialed()
        let lines = F.lines(invite)
        #expect(lines[0] == "INVITE sip:bob@example.com SIP/2.0")
        #expect(lines.contains("From: <sip:alice@example.com>;tag=atag"))
        #expect(lines.contains("To: <sip:bob@example.com>"))
        #expect(lines.contains("Call-ID: c1"))
        #expect(lines.contains("CSeq: 1 INVITE"))
        #expect(lines.contains("Contact: <sip:k3f8@a1b2.invalid;transport=ws>"))
        #expect(lines.contains("Allow: INVITE,ACK,CANCEL,BYE,OPTIONS,INFO,NOTIFY,MESSAGE"))
        #expect(lines.contains("Supported: outbound"))
        #expect(lines.contains("X-PH-Test: abc"))
        #expect(lines.contains("Content-Type: application/sdp"))
        #expect(invite.body == F.offer)
        #expect(machine.state == .initialized)
    }

    @Test("18x → ringing; 2xx → dialog, ACK through the reversed route set, answered; a 2xx retransmission gets the same ACK")
    func answeredFlow() throws {
        var (machine, invite) = try dialed()
        #expect(F.events(machine.handle(.response(try F.bobAnswer(to: invite, status: 100)))) == [])
        let ringing = try F.bobAnswer(to: invite, status: 180)
        #expect(F.events(machine.handle(.response(ringing))) == [.remoteRinging(ringing)])
        #expect(machine.state == .ringing)
        let ok = try F.bobAnswer(to: invite, status: 200)
        let actions = machine.handle(.response(ok))
        guard case .sendACK(let ack) = actions.first else {
            Issue.record("expected an ACK first, got \(actions)")
            return
        }
        let lines = F.lines(ack)
        #expect(lines[0] == "ACK sip:bob@127.0.0.1:5090 SIP/2.0")
        #expect(lines.contains("Route: <sip:127.0.0.1:5060;r2=on;lr>"))
        #expect(lines.contains("Route: <sip:127.0.0.1:5060;transport=ws;r2=on;lr>"))
        #expect(lines.contains("CSeq: 1 ACK"))
        #expect(lines.contains("To: <sip:bob@example.com>;tag=bobtag"))
        #expect(F.events(actions) == [.accepted(ok), .answered])
        #expect(machine.state == .answered)
        #expect(machine.handle(.response(ok)) == [.sendACK(ack)])
    }

    @Test("JsSIP causes: 486 → failed Busy, 603 → rejected Rejected, 404 → failed Not Found, Reason kept")
    func failures() throws {
        for (status, state, cause) in [(486, SIPCallState.failed, SIPCallCause.busy), (603, .rejected, .rejected),
                                       (404, .failed, .notFound), (480, .failed, .unavailable),
                                       (488, .failed, .incompatibleSDP), (500, .failed, .sipFailureCode)] {
            var (machine, invite) = try dialed()
            let final = try F.bobAnswer(to: invite, status: status,
                                        extra: [SIPParameter("Reason", "Q.850;cause=17;text=\"User busy\"")])
            let events = F.events(machine.handle(.response(final)))
            let expected = SIPCallEnd(state: state, originator: .remote, cause: cause, statusCode: status,
                                      reason: SIPReason(protocolName: "Q.850", cause: 17, text: "User busy"))
            #expect(events == [.failed(expected)])
            #expect(machine.state == state)
            #expect(machine.isFinished)
        }
    }

    @Test("§22.2: a 407 is answered once with Proxy-Authorization and CSeq 2; a second 407 fails the call")
    func proxyAuthentication() throws {
        var (machine, invite) = try dialed(credentials: SIPDigestCredentials(username: "alice", password: "pw"))
        let challenge = try F.bobAnswer(to: invite, status: 407, extra: [
            SIPParameter("Proxy-Authenticate", "Digest realm=\"example.com\", nonce=\"n1\", qop=\"auth\", algorithm=MD5"),
        ])
        let retry = try #require(F.requests(machine.handle(.response(challenge))).first)
        #expect(retry.cseq == SIPCSeq(2, .invite))
        #expect(retry.proxyAuthorization.count == 1)
        #expect(retry.callID == "c1")
        #expect(retry.from?.tag == "atag")
        #expect(retry.topVia?.branch != nil && retry.topVia?.branch != invite.topVia?.branch)
        let retried = retry
        let again = try F.bobAnswer(to: retried, status: 407, extra: [
            SIPParameter("Proxy-Authenticate", "Digest realm=\"example.com\", nonce=\"n2\", qop=\"auth\", algorithm=MD5"),
        ])
        let events = F.events(machine.handle(.response(again)))
        #expect(events == [.failed(SIPCallEnd(state: .failed, originator: .remote, cause: .authenticationError,
                                              statusCode: 407))])
    }

    @Test("§9.1: hangup before any provisional response waits; the first 100 sends CANCEL with the INVITE's branch")
    func cancelBeforeProvisional() throws {
        var (machine, invite) = try dialed()
        let hangup = machine.handle(.hangup)
        #expect(F.requests(hangup).isEmpty)
        #expect(F.events(hangup) == [.failed(SIPCallEnd(state: .canceled, originator: .local, cause: .canceled))])
        let cancel = try #require(F.requests(machine.handle(.response(try F.bobAnswer(to: invite, status: 100)))).first)
        let lines = F.lines(cancel)
        #expect(lines[0] == "CANCEL sip:bob@example.com SIP/2.0")
        #expect(cancel.topVia?.branch == invite.topVia?.branch)
        #expect(cancel.cseq == SIPCSeq(1, .cancel))
        #expect(lines.contains("To: <sip:bob@example.com>"))
        #expect(!machine.isFinished)
        let cancelOK = try SIPMessageBuilder.response(to: cancel, status: 200, toTag: "bobtag")
        #expect(machine.handle(.response(cancelOK)).isEmpty)
        #expect(machine.handle(.response(try F.bobAnswer(to: invite, status: 487))).isEmpty)
        #expect(machine.state == .canceled)
        #expect(machine.isFinished)
    }

    @Test("§9.1 race: a 2xx crossing our CANCEL is acknowledged and ended with BYE")
    func okCrossingCancel() throws {
        var (machine, invite) = try dialed()
        _ = machine.handle(.response(try F.bobAnswer(to: invite, status: 180)))
        #expect(F.requests(machine.handle(.hangup)).first?.method == .cancel)
        let actions = machine.handle(.response(try F.bobAnswer(to: invite, status: 200)))
        #expect(actions.count == 2)
        guard case .sendACK = actions.first else {
            Issue.record("expected ACK, got \(actions)")
            return
        }
        #expect(F.requests(actions).first?.method == .bye)
        #expect(F.events(actions).isEmpty)
        #expect(machine.state == .canceled)
    }

    @Test("§15.1.1: hangup after the answer sends BYE with a Q.850 Reason; the call ends locally")
    func byeFromCaller() throws {
        var (machine, invite) = try dialed()
        _ = machine.handle(.response(try F.bobAnswer(to: invite, status: 200)))
        let actions = machine.handle(.hangup)
        let bye = try #require(F.requests(actions).first)
        let lines = F.lines(bye)
        #expect(lines[0] == "BYE sip:bob@127.0.0.1:5090 SIP/2.0")
        #expect(lines.contains("CSeq: 2 BYE"))
        #expect(lines.contains("Reason: Q.850;cause=16;text=\"Normal call clearing\""))
        #expect(F.events(actions) == [.ended(SIPCallEnd(state: .ended, originator: .local, cause: .terminated))])
        #expect(!machine.isFinished)
        _ = machine.handle(.response(try SIPMessageBuilder.response(to: F.withBranch(bye, "z9hG4bKbye"), status: 200)))
        #expect(machine.isFinished)
    }

    @Test("Timer B: no final answer → failed Request Timeout; a transport error → Connection Error")
    func transactionFailures() throws {
        var (machine, _) = try dialed()
        #expect(F.events(machine.handle(.requestFailed(method: .invite, sequence: 1, timedOut: true)))
            == [.failed(SIPCallEnd(state: .failed, originator: .local, cause: .requestTimeout, statusCode: 408))])
        var (other, _) = try dialed()
        #expect(F.events(other.handle(.requestFailed(method: .invite, sequence: 1, timedOut: false)))
            == [.failed(SIPCallEnd(state: .failed, originator: .local, cause: .connectionError, statusCode: 503))])
    }

    @Test("DTMF: digits go one INFO each (application/dtmf-relay), the next 500 ms after the previous 200")
    func dtmfSending() throws {
        var (machine, invite) = try dialed()
        _ = machine.handle(.response(try F.bobAnswer(to: invite, status: 200)))
        let first = try #require(F.requests(machine.handle(.sendDTMF("1x#"))).first)
        #expect(first.method == .info)
        #expect(first.value(.contentType) == "application/dtmf-relay")
        #expect(first.body == Array("Signal=1\r\nDuration=100\r\n".utf8))
        let ok = try SIPMessageBuilder.response(to: F.withBranch(first, "z9hG4bKinfo1"), status: 200)
        #expect(F.timers(machine.handle(.response(ok))) == ["start dtmfGap 0.5 seconds"])
        let second = try #require(F.requests(machine.handle(.timerFired(.dtmfGap))).first)
        #expect(second.body == Array("Signal=#\r\nDuration=100\r\n".utf8))
        #expect(second.cseq == SIPCSeq(3, .info))
    }
}
