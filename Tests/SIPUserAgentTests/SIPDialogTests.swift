import Foundation
import SIPCore
import SIPUserAgent
import Testing

/// Messages of the RFC 3261 §24.2 flow (Fixtures/SIP/rfc3261) and variants for dialog tests.
enum DialogFixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/SIP/rfc3261")

    /// One §24.2 message, e.g. `flow("F1")`.
    static func flow(_ name: String) throws -> SIPMessage {
        let bytes = [UInt8](try Data(contentsOf: root.appendingPathComponent("3261-24.2-\(name).sip")))
        return try SIPMessage(parsing: bytes)
    }

    /// `message` with extra header fields appended.
    static func adding(_ fields: [(String, String)], to message: SIPMessage) throws -> SIPMessage {
        var copy = message
        for (name, value) in fields { try copy.append(header: name, value: value) }
        return copy
    }

    /// The proxies of §24.2 record-routing: the request reaching Bob lists biloxi's proxy first.
    static let recordRoute = "<sip:server10.biloxi.com;lr>, <sip:bigbox3.site3.atlanta.com;lr>"

    static let aliceVia = SIPVia(transport: "UDP", host: .domain("pc33.atlanta.com"),
                                 parameters: [SIPParameter("branch", "z9hG4bKnashds9")])
    static let bobVia = SIPVia(transport: "UDP", host: .ipv4("192.0.2.4"),
                               parameters: [SIPParameter("branch", "z9hG4bKnashds10")])

    /// Alice's confirmed dialog from F1 and F9 (200 OK, optionally record-routed).
    static func alice(recordRoute: String? = nil) throws -> SIPDialog {
        var ok = try flow("F9")
        if let recordRoute { ok = try adding([("Record-Route", recordRoute)], to: ok) }
        return try SIPDialog(uacRequest: try flow("F1"), response: ok)
    }

    /// Bob's confirmed dialog from F1 as received (optionally record-routed) and his 200 OK.
    static func bob(recordRoute: String? = nil, localSequence: UInt32 = 231) throws -> SIPDialog {
        var invite = try flow("F1")
        if let recordRoute { invite = try adding([("Record-Route", recordRoute)], to: invite) }
        let ok = try SIPMessageBuilder.response(to: invite, status: 200, toTag: "a6c85cf",
                                                headers: [SIPParameter("Contact", "<sip:bob@192.0.2.4>")])
        return try SIPDialog(uasRequest: invite, response: ok, localSequence: localSequence)
    }

    /// Lines of a message as text, for exact comparisons.
    static func lines(_ message: SIPMessage) -> [String] {
        message.text.components(separatedBy: "\r\n")
    }
}

/// RFC 3261 §12: dialog creation as UAC and UAS, routing and request construction.
@Suite struct SIPDialogTests {
    @Test("§12.1.2: UAC dialog from F1 + record-routed 200: reversed route set, Contact target")
    func uacFromRecordRouted200() throws {
        let dialog = try DialogFixtures.alice(recordRoute: DialogFixtures.recordRoute)
        #expect(dialog.state == .confirmed)
        #expect(dialog.role == .uac)
        #expect(dialog.id == SIPDialogID(callID: "a84b4c76e66710", localTag: "1928301774", remoteTag: "a6c85cf"))
        #expect(dialog.routeSet.map(\.uri.description)
                == ["sip:bigbox3.site3.atlanta.com;lr", "sip:server10.biloxi.com;lr"])
        #expect(dialog.remoteTarget.description == "sip:bob@192.0.2.4")
        #expect(dialog.localURI.description == "sip:alice@atlanta.com")
        #expect(dialog.remoteURI.description == "sip:bob@biloxi.com")
        #expect(dialog.localContact.description == "<sip:alice@pc33.atlanta.com>")
        #expect(dialog.localSequence == 314159)
        #expect(dialog.remoteSequence == nil)
        #expect(!dialog.isSecure)
    }

    @Test("§12.2.1.1: Alice's BYE, loose routing: R-URI = Bob's Contact, Route = route set")
    func uacByeLooseRouting() throws {
        var dialog = try DialogFixtures.alice(recordRoute: DialogFixtures.recordRoute)
        let bye = try dialog.makeRequest(method: .bye, via: DialogFixtures.aliceVia)
        #expect(DialogFixtures.lines(bye) == [
            "BYE sip:bob@192.0.2.4 SIP/2.0",
            "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds9",
            "Max-Forwards: 70",
            "Route: <sip:bigbox3.site3.atlanta.com;lr>",
            "Route: <sip:server10.biloxi.com;lr>",
            "From: \"Alice\" <sip:alice@atlanta.com>;tag=1928301774",
            "To: \"Bob\" <sip:bob@biloxi.com>;tag=a6c85cf",
            "Call-ID: a84b4c76e66710",
            "CSeq: 314160 BYE",
            "Content-Length: 0",
            "", "",
        ])
        #expect(dialog.localSequence == 314160)
    }

    @Test("§24.2 F12: Alice's ACK without Record-Route equals the fixture's fields")
    func uacAckMatchesF12() throws {
        var dialog = try DialogFixtures.alice()
        let ack = try dialog.makeRequest(method: .ack, via: DialogFixtures.aliceVia)
        let f12 = try DialogFixtures.flow("F12")
        #expect(ack.requestURIText == f12.requestURIText)
        #expect(ack.cseq == f12.cseq)
        #expect(ack.from == f12.from)
        #expect(ack.to == f12.to)
        #expect(ack.callID == f12.callID)
        #expect(ack.maxForwards == 70)
        #expect(ack.via == f12.via)
        #expect(!ack.contains(.route) && !ack.contains(.contact))
        #expect(dialog.localSequence == 314159, "ACK does not advance the CSeq")
        #expect(try dialog.makeRequest(method: .bye, via: DialogFixtures.aliceVia).cseq == SIPCSeq(314160, .bye))
    }

    @Test("§12.1.1 + §24.2 F13: Bob's dialog from F1 and his BYE equal the fixture")
    func uasByeMatchesF13() throws {
        var dialog = try DialogFixtures.bob()
        #expect(dialog.role == .uas)
        #expect(dialog.state == .confirmed)
        #expect(dialog.id == SIPDialogID(callID: "a84b4c76e66710", localTag: "a6c85cf", remoteTag: "1928301774"))
        #expect(dialog.remoteTarget.description == "sip:alice@pc33.atlanta.com")
        #expect(dialog.remoteSequence == 314159)
        #expect(dialog.localSequence == nil)
        #expect(dialog.routeSet.isEmpty)
        let bye = try dialog.makeRequest(method: .bye, via: DialogFixtures.bobVia)
        let f13 = try DialogFixtures.flow("F13")
        #expect(bye.requestURIText == f13.requestURIText)
        #expect(bye.via == f13.via)
        #expect(bye.from == f13.from)
        #expect(bye.to == f13.to)
        #expect(bye.callID == f13.callID)
        #expect(bye.cseq == f13.cseq)
        #expect(dialog.localSequence == 231)
        #expect(dialog.matches(try DialogFixtures.flow("F14")), "the 200 to the BYE belongs to Bob's dialog")
        try dialog.updateFromResponse(try DialogFixtures.flow("F14"))
        #expect(dialog.state == .terminated, "§15.1.1: a final response to BYE ends the dialog")
    }

    @Test("§12.1.1: UAS route set is the request's Record-Route in order")
    func uasRouteSetInOrder() throws {
        var dialog = try DialogFixtures.bob(recordRoute: DialogFixtures.recordRoute)
        #expect(dialog.routeSet.map(\.uri.description)
                == ["sip:server10.biloxi.com;lr", "sip:bigbox3.site3.atlanta.com;lr"])
        let bye = try dialog.makeRequest(method: .bye, via: DialogFixtures.bobVia)
        #expect(DialogFixtures.lines(bye) == [
            "BYE sip:alice@pc33.atlanta.com SIP/2.0",
            "Via: SIP/2.0/UDP 192.0.2.4;branch=z9hG4bKnashds10",
            "Max-Forwards: 70",
            "Route: <sip:server10.biloxi.com;lr>",
            "Route: <sip:bigbox3.site3.atlanta.com;lr>",
            "From: \"Bob\" <sip:bob@biloxi.com>;tag=a6c85cf",
            "To: \"Alice\" <sip:alice@atlanta.com>;tag=1928301774",
            "Call-ID: a84b4c76e66710",
            "CSeq: 231 BYE",
            "Content-Length: 0",
            "", "",
        ])
    }

    @Test("§12.2.1.1: strict routing: R-URI = first route (method stripped), target appended to Route")
    func strictRouting() throws {
        var dialog = try DialogFixtures.alice(
            recordRoute: "<sip:p2.example.com;lr>, <sip:p1.example.com;method=INVITE;transport=tcp>")
        let target = dialog.requestTarget()
        #expect(target.requestURI.description == "sip:p1.example.com;transport=tcp")
        #expect(target.routes.map(\.description) == ["<sip:p2.example.com;lr>", "<sip:bob@192.0.2.4>"])
        let info = try dialog.makeRequest(method: .info, via: DialogFixtures.aliceVia, body: Array("x".utf8),
                                          contentType: "text/plain", extraHeaders: [SIPParameter("Subject", "hi")])
        #expect(DialogFixtures.lines(info) == [
            "INFO sip:p1.example.com;transport=tcp SIP/2.0",
            "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds9",
            "Max-Forwards: 70",
            "Route: <sip:p2.example.com;lr>",
            "Route: <sip:bob@192.0.2.4>",
            "From: \"Alice\" <sip:alice@atlanta.com>;tag=1928301774",
            "To: \"Bob\" <sip:bob@biloxi.com>;tag=a6c85cf",
            "Call-ID: a84b4c76e66710",
            "CSeq: 314160 INFO",
            "Subject: hi",
            "Content-Type: text/plain",
            "Content-Length: 1",
            "",
            "x",
        ])
    }

    @Test("§12.1.2: a 180 with a To tag makes an early dialog; the 200 confirms it and sets the route set")
    func earlyThenConfirmed() throws {
        var dialog = try SIPDialog(uacRequest: try DialogFixtures.flow("F1"), response: try DialogFixtures.flow("F8"))
        #expect(dialog.state == .early)
        #expect(dialog.remoteTag == "a6c85cf")
        #expect(dialog.routeSet.isEmpty)
        try dialog.updateFromResponse(try DialogFixtures.flow("F8"))
        #expect(dialog.state == .early, "a provisional response changes nothing")
        let ok = try DialogFixtures.adding([("Record-Route", DialogFixtures.recordRoute)],
                                           to: try DialogFixtures.flow("F9"))
        try dialog.updateFromResponse(ok)
        #expect(dialog.state == .confirmed)
        #expect(dialog.routeSet.map(\.uri.description)
                == ["sip:bigbox3.site3.atlanta.com;lr", "sip:server10.biloxi.com;lr"])
    }

    @Test("§13.2.2.3: a non-2xx final answer to the INVITE ends the early dialog, whatever its To tag")
    func nonSuccessFinalTerminatesEarly() throws {
        let invite = try DialogFixtures.flow("F1")
        var dialog = try SIPDialog(uacRequest: invite, response: try DialogFixtures.flow("F8"))
        let busy = try SIPMessageBuilder.response(to: invite, status: 486, toTag: "other")
        try dialog.updateFromResponse(busy)
        #expect(dialog.state == .terminated)
        #expect(throws: SIPDialogError.dialogTerminated) {
            try dialog.makeRequest(method: .bye, via: DialogFixtures.aliceVia)
        }
    }

    @Test("§13.2.2.4: a 2xx for another To tag is another dialog (forking)")
    func forkedTwoHundredIsMismatch() throws {
        let invite = try DialogFixtures.flow("F1")
        var dialog = try SIPDialog(uacRequest: invite, response: try DialogFixtures.flow("F8"))
        let other = try SIPMessageBuilder.response(to: invite, status: 200, toTag: "fork2",
                                                   headers: [SIPParameter("Contact", "<sip:bob@192.0.2.5>")])
        #expect(!dialog.matches(other))
        #expect(throws: SIPDialogError.dialogMismatch) { try dialog.updateFromResponse(other) }
        #expect(dialog.state == .early)
        let forked = try SIPDialog(uacRequest: invite, response: other)
        #expect(forked.remoteTag == "fork2" && forked.state == .confirmed)
    }

    @Test("§12.1.1, §12.1.2: the secure flag follows a SIPS Request-URI over TLS")
    func secureFlag() throws {
        let text = [
            "INVITE sips:bob@biloxi.com SIP/2.0",
            "Via: SIP/2.0/TLS pc33.atlanta.com;branch=z9hG4bKnashds8",
            "Max-Forwards: 70",
            "To: <sips:bob@biloxi.com>",
            "From: <sips:alice@atlanta.com>;tag=1",
            "Call-ID: c1",
            "CSeq: 1 INVITE",
            "Contact: <sips:alice@pc33.atlanta.com>",
            "Content-Length: 0", "", "",
        ].joined(separator: "\r\n")
        let invite = try SIPMessage(parsing: text)
        let ok = try SIPMessageBuilder.response(to: invite, status: 200, toTag: "2",
                                                headers: [SIPParameter("Contact", "<sips:bob@192.0.2.4>")])
        #expect(try SIPDialog(uacRequest: invite, response: ok).isSecure)
        #expect(try !SIPDialog(uacRequest: invite, response: ok, secureTransport: false).isSecure)
        #expect(try SIPDialog(uasRequest: invite, response: ok).isSecure)
        #expect(try !DialogFixtures.alice().isSecure)
    }
}
