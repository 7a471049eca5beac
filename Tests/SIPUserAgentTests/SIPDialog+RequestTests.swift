import SIPCore
import SIPUserAgent
import Testing

/// RFC 3261 §12.2: requests within a dialog, target refresh, CSeq ordering and typed errors.
@Suite struct SIPDialogRequestTests {
    @Test("§12.2.2: Bob receives Alice's in-dialog requests; a lower CSeq is answered 500")
    func remoteSequenceOrdering() throws {
        var alice = try DialogFixtures.alice()
        var bob = try DialogFixtures.bob()
        let info = try alice.makeRequest(method: .info, via: DialogFixtures.aliceVia)
        #expect(bob.matches(info))
        try bob.receive(info)
        #expect(bob.remoteSequence == 314160)

        var stale = info
        try stale.setHeader("CSeq", value: "314158 INFO")
        #expect(throws: SIPDialogError.cseqOutOfOrder(received: 314158, remote: 314160)) { try bob.receive(stale) }
        #expect(SIPDialogError.cseqOutOfOrder(received: 1, remote: 2).responseStatus == 500)
        #expect(bob.remoteSequence == 314160, "an error leaves the dialog unchanged")
    }

    @Test("§12.2: re-INVITE with a new Contact refreshes Bob's target; its 2xx refreshes Alice's")
    func reInviteTargetRefresh() throws {
        var alice = try DialogFixtures.alice()
        var bob = try DialogFixtures.bob()
        alice.localContact = SIPNameAddress(uri: SIPURI(user: "alice", host: .ipv4("192.0.2.99")))
        let reInvite = try alice.makeRequest(method: .invite, via: DialogFixtures.aliceVia, body: Array("v=0\r\n".utf8),
                                             contentType: "application/sdp")
        #expect(reInvite.cseq == SIPCSeq(314160, .invite))
        #expect(reInvite.value(.contact) == "<sip:alice@192.0.2.99>")
        try bob.receive(reInvite)
        #expect(bob.remoteTarget.description == "sip:alice@192.0.2.99")
        #expect(bob.remoteSequence == 314160)

        let ok = try SIPMessageBuilder.response(to: reInvite, status: 200,
                                                headers: [SIPParameter("Contact", "<sip:bob@192.0.2.50>")])
        try alice.updateFromResponse(ok)
        #expect(alice.remoteTarget.description == "sip:bob@192.0.2.50")
        #expect(alice.state == .confirmed)

        let ack = try alice.makeRequest(method: .ack, via: DialogFixtures.aliceVia)
        #expect(ack.requestURIText == "sip:bob@192.0.2.50")
        #expect(ack.cseq == SIPCSeq(314160, .ack), "§13.2.2.4: the ACK repeats the re-INVITE's number")
        try bob.receive(ack)
        #expect(try alice.makeRequest(method: .bye, via: DialogFixtures.aliceVia).cseq == SIPCSeq(314161, .bye))
    }

    @Test("§12.2: UPDATE from the peer with a Contact refreshes the target; BYE without Contact does not")
    func updateRefreshesTarget() throws {
        var alice = try DialogFixtures.alice()
        var bob = try DialogFixtures.bob()
        bob.localContact = SIPNameAddress(uri: SIPURI(user: "bob", host: .ipv4("192.0.2.77")))
        try alice.receive(try bob.makeRequest(method: .update, via: DialogFixtures.bobVia))
        #expect(alice.remoteTarget.description == "sip:bob@192.0.2.77")
        #expect(alice.remoteSequence == 231)
        let bye = try bob.makeRequest(method: .bye, via: DialogFixtures.bobVia)
        #expect(!bye.contains(.contact))
        try alice.receive(bye)
        #expect(alice.state == .terminated, "§15.1.2: BYE ends the dialog")
        #expect(alice.remoteTarget.description == "sip:bob@192.0.2.77")
        #expect(throws: SIPDialogError.dialogTerminated) { try alice.receive(bye) }
    }

    @Test("§12.2.2: matching needs the Call-ID and both tags; other dialogs are 481")
    func matching() throws {
        var alice = try DialogFixtures.alice()
        #expect(alice.matches(try DialogFixtures.flow("F13")), "Bob's BYE")
        #expect(alice.matches(try DialogFixtures.flow("F9")), "the 200 to our INVITE")
        #expect(!alice.matches(try DialogFixtures.flow("F1")), "the INVITE has no To tag")
        var other = try DialogFixtures.flow("F13")
        try other.setHeader("From", value: "Bob <sip:bob@biloxi.com>;tag=zzz")
        #expect(!alice.matches(other))
        #expect(throws: SIPDialogError.dialogMismatch) { try alice.receive(other) }
        #expect(SIPDialogError.dialogMismatch.responseStatus == 481)
        var upper = try DialogFixtures.flow("F13")
        try upper.setHeader("From", value: "Bob <sip:bob@biloxi.com>;tag=A6C85CF")
        #expect(alice.matches(upper), "tags compare case-insensitively (§7.3.1)")
    }

    @Test("§12.2.1.2: 481 or 408 to an in-dialog request terminates the dialog; 491 to a re-INVITE does not")
    func failuresInConfirmedDialog() throws {
        var alice = try DialogFixtures.alice()
        let reInvite = try alice.makeRequest(method: .invite, via: DialogFixtures.aliceVia)
        try alice.updateFromResponse(try SIPMessageBuilder.response(to: reInvite, status: 491))
        #expect(alice.state == .confirmed)
        let info = try alice.makeRequest(method: .info, via: DialogFixtures.aliceVia)
        try alice.updateFromResponse(try SIPMessageBuilder.response(to: info, status: 481))
        #expect(alice.state == .terminated)
    }

    @Test("§12.1.1: the UAS early dialog is confirmed by the 2xx it sends, ended by a non-2xx")
    func uasEarlyDialog() throws {
        let invite = try DialogFixtures.flow("F1")
        let contact = [SIPParameter("Contact", "<sip:bob@192.0.2.4>")]
        let ringing = try SIPMessageBuilder.response(to: invite, status: 180, toTag: "a6c85cf", headers: contact)
        var bob = try SIPDialog(uasRequest: invite, response: ringing)
        #expect(bob.state == .early)
        try bob.updateFromSentResponse(try SIPMessageBuilder.response(to: invite, status: 200, toTag: "a6c85cf",
                                                                      headers: contact))
        #expect(bob.state == .confirmed)
        var declined = try SIPDialog(uasRequest: invite, response: ringing)
        try declined.updateFromSentResponse(try SIPMessageBuilder.response(to: invite, status: 603, toTag: "a6c85cf"))
        #expect(declined.state == .terminated)
        #expect(throws: SIPDialogError.dialogMismatch) {
            try bob.updateFromSentResponse(try SIPMessageBuilder.response(to: invite, status: 200, toTag: "x"))
        }
    }

    @Test("§12.1: typed errors for messages that cannot create a dialog")
    func creationErrors() throws {
        let invite = try DialogFixtures.flow("F1")
        let noTag = try SIPMessageBuilder.response(to: invite, status: 180,
                                                   headers: [SIPParameter("Contact", "<sip:bob@192.0.2.4>")])
        #expect(throws: SIPDialogError.missingTag(header: "To")) { try SIPDialog(uacRequest: invite, response: noTag) }
        let noContact = try SIPMessageBuilder.response(to: invite, status: 200, toTag: "t")
        #expect(throws: SIPDialogError.missingContact) { try SIPDialog(uacRequest: invite, response: noContact) }
        let trying = try SIPMessageBuilder.response(to: invite, status: 100)
        #expect(throws: SIPDialogError.statusNotDialogCreating(100)) { try SIPDialog(uacRequest: invite, response: trying) }
        let busy = try SIPMessageBuilder.response(to: invite, status: 486, toTag: "t")
        #expect(throws: SIPDialogError.statusNotDialogCreating(486)) { try SIPDialog(uasRequest: invite, response: busy) }
        let wildcard = try SIPMessageBuilder.response(to: invite, status: 200, toTag: "t",
                                                      headers: [SIPParameter("Contact", "*")])
        #expect(throws: SIPDialogError.missingContact) { try SIPDialog(uacRequest: invite, response: wildcard) }
        let badContact = try SIPMessageBuilder.response(to: invite, status: 200, toTag: "t",
                                                        headers: [SIPParameter("Contact", "<sip:bob@>")])
        #expect(performing: { try SIPDialog(uacRequest: invite, response: badContact) }, throws: { error in
            if case SIPDialogError.malformedHeader = error { return true }
            return false
        })
        var otherCall = try DialogFixtures.flow("F9")
        try otherCall.setHeader("Call-ID", value: "elsewhere")
        #expect(throws: SIPDialogError.responseMismatch) { try SIPDialog(uacRequest: invite, response: otherCall) }
        #expect(throws: SIPDialogError.wrongMessageKind) { try SIPDialog(uacRequest: noContact, response: invite) }

        var noRequestContact = invite
        noRequestContact.removeFirst(.contact)
        let ok = try SIPMessageBuilder.response(to: noRequestContact, status: 200, toTag: "t",
                                                headers: [SIPParameter("Contact", "<sip:bob@192.0.2.4>")])
        #expect(throws: SIPDialogError.missingContact) { try SIPDialog(uasRequest: noRequestContact, response: ok) }
        var noFromTag = invite
        try noFromTag.setHeader("From", value: "<sip:alice@atlanta.com>")
        let okNoFromTag = try SIPMessageBuilder.response(to: noFromTag, status: 200, toTag: "t",
                                                         headers: [SIPParameter("Contact", "<sip:bob@192.0.2.4>")])
        #expect(throws: SIPDialogError.missingTag(header: "From")) {
            try SIPDialog(uasRequest: noFromTag, response: okNoFromTag)
        }
    }

    @Test("§9.1, §13.2.2.4: CANCEL is not in-dialog; ACK needs an INVITE; CSeq cannot pass 2³² − 1")
    func requestErrors() throws {
        var alice = try DialogFixtures.alice()
        #expect(throws: SIPDialogError.notInDialog(.cancel)) {
            try alice.makeRequest(method: .cancel, via: DialogFixtures.aliceVia)
        }
        var bob = try DialogFixtures.bob()
        #expect(throws: SIPDialogError.noInviteToAcknowledge) {
            try bob.makeRequest(method: .ack, via: DialogFixtures.bobVia)
        }
        var maxed = try DialogFixtures.bob(localSequence: .max)
        #expect(try maxed.makeRequest(method: .info, via: DialogFixtures.bobVia).cseq == SIPCSeq(.max, .info))
        #expect(throws: SIPDialogError.sequenceExhausted) {
            try maxed.makeRequest(method: .info, via: DialogFixtures.bobVia)
        }
        #expect(performing: {
            try alice.makeRequest(method: .info, via: DialogFixtures.aliceVia,
                                  extraHeaders: [SIPParameter("Subject", "a\r\nb")])
        }, throws: { error in
            if case SIPDialogError.build = error { return true }
            return false
        })
        #expect(alice.localSequence == 314159, "a failed build leaves the CSeq")
    }
}
