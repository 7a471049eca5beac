import SIPCore
import SIPUserAgent
import Testing

/// `SIPUserAgentRequestResponder`: the answer a UA gives to a request the server starts
/// (RFC 3261 §8.2, §11.2).
@Suite struct SIPUserAgentRequestResponderTests {
    private static let allow = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, NOTIFY, MESSAGE"

    /// A request from Kamailio at 127.0.0.1:5060 to the phone; `extra` lines go before
    /// Content-Length.
    private static func request(_ method: String, cseqMethod: String? = nil, uri: String = "sip:alice@10.0.0.2:5070",
                                toTag: String? = nil, extra: [String] = [], body: String = "") throws -> SIPMessage {
        var lines = [
            "\(method) \(uri) SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-k1",
            "Max-Forwards: 70",
            "From: <sip:kamailio@127.0.0.1>;tag=k-from",
            "To: <sip:alice@127.0.0.1>" + (toTag.map { ";tag=\($0)" } ?? ""),
            "Call-ID: ping-1@127.0.0.1",
            "CSeq: 10 \(cseqMethod ?? method)",
        ]
        lines += extra
        lines += ["Content-Length: \(body.utf8.count)", "", body]
        return try SIPMessage(parsing: lines.joined(separator: "\r\n"))
    }

    /// The response of a `.respond` decision, recording an issue otherwise.
    private static func response(_ decision: SIPUserAgentRequestResponder.Decision,
                                 sourceLocation: SourceLocation = #_sourceLocation) -> SIPMessage? {
        guard case .respond(let response) = decision else {
            Issue.record("expected a response, got \(decision)", sourceLocation: sourceLocation)
            return nil
        }
        return response
    }

    @Test("RFC 3261 §11.2: OPTIONS → 200 with Allow, Accept application/sdp, Supported; §8.2.6 copies and To tag")
    func optionsAnswered() throws {
        let request = try Self.request("OPTIONS")
        let responder = SIPUserAgentRequestResponder()
        let response = try #require(Self.response(responder.decide(request, toTag: "t1")))
        #expect(response.statusCode == 200)
        #expect(response.reasonPhrase == "OK")
        #expect(response.value(.allow) == Self.allow)
        #expect(response.value(.accept) == "application/sdp")
        #expect(response.value(.supported) == "outbound")
        #expect(response.value(.via) == "SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-k1")
        #expect(response.value(.cseq) == "10 OPTIONS")
        #expect(response.value(.callID) == "ping-1@127.0.0.1")
        #expect(response.value(.to) == "<sip:alice@127.0.0.1>;tag=t1")
        #expect(response.value("Content-Length") == "0")
        #expect(SIPValidator().validate(response).isAccepted)
    }

    @Test("OPTIONS: Supported lists the configured tags (path when used); an existing To tag is kept")
    func optionsSupportedAndToTag() throws {
        let responder = SIPUserAgentRequestResponder(supported: ["path", "outbound"])
        let response = try #require(Self.response(responder.decide(try Self.request("OPTIONS", toTag: "dlg"), toTag: "t1")))
        #expect(response.value(.supported) == "path, outbound")
        #expect(response.value(.to) == "<sip:alice@127.0.0.1>;tag=dlg")
        let bare = SIPUserAgentRequestResponder(supported: [])
        let plain = try #require(Self.response(bare.decide(try Self.request("OPTIONS"), toTag: "t1")))
        #expect(plain.value(.supported) == nil)
        #expect(plain.statusCode == 200)
    }

    @Test("RFC 3261 §8.2: a request the validator rejects gets its rejection (400 CSeq mismatch, 416 scheme, 420)")
    func validatorRejections() throws {
        let responder = SIPUserAgentRequestResponder()
        let mismatch = try #require(Self.response(responder.decide(try Self.request("OPTIONS", cseqMethod: "INVITE"), toTag: "t1")))
        #expect(mismatch.statusCode == 400)
        let scheme = try #require(Self.response(responder.decide(try Self.request("OPTIONS", uri: "mailto:alice@example.com"), toTag: "t1")))
        #expect(scheme.statusCode == 416)
        let require = try Self.request("OPTIONS", extra: ["Require: foo"])
        let unsupported = try #require(Self.response(responder.decide(require, toTag: "t1")))
        #expect(unsupported.statusCode == 420)
        #expect(unsupported.value(.unsupported) == "foo")
        #expect(unsupported.value(.to) == "<sip:alice@127.0.0.1>;tag=t1")
        let outbound = try Self.request("OPTIONS", extra: ["Require: outbound"])
        #expect(Self.response(responder.decide(outbound, toTag: "t1"))?.statusCode == 200)
    }

    @Test("RFC 3261 §8.2.3: OPTIONS with a body type the UA does not read → 415 with Accept")
    func optionsUnsupportedBody() throws {
        let request = try Self.request("OPTIONS", extra: ["Content-Type: text/plain"], body: "hello")
        let response = try #require(Self.response(SIPUserAgentRequestResponder().decide(request, toTag: "t1")))
        #expect(response.statusCode == 415)
        #expect(response.value(.accept) == "application/sdp")
    }

    @Test("RFC 3261 §8.2.1: a known method not allowed → 405 with Allow; an unknown method → 501")
    func methodInspection() throws {
        let responder = SIPUserAgentRequestResponder()
        for method in ["SUBSCRIBE", "REFER", "UPDATE", "PRACK", "PUBLISH", "REGISTER"] {
            let response = try #require(Self.response(responder.decide(try Self.request(method), toTag: "t1")))
            #expect(response.statusCode == 405, "\(method)")
            #expect(response.reasonPhrase == "Method Not Allowed")
            #expect(response.value(.allow) == Self.allow)
        }
        let unknown = try #require(Self.response(responder.decide(try Self.request("FROBNICATE"), toTag: "t1")))
        #expect(unknown.statusCode == 501)
        #expect(unknown.reasonPhrase == "Not Implemented")
        #expect(unknown.value(.cseq) == "10 FROBNICATE")
    }

    @Test("RFC 6665 §4.1.3: NOTIFY without a subscription → 481, whatever its body; with one it goes to the app")
    func notifyWithoutSubscription() throws {
        let responder = SIPUserAgentRequestResponder()
        let notify = try Self.request("NOTIFY", extra: ["Event: message-summary"])
        let response = try #require(Self.response(responder.decide(notify, toTag: "t1")))
        #expect(response.statusCode == 481)
        #expect(response.reasonPhrase == "Call/Transaction Does Not Exist")
        let withBody = try Self.request("NOTIFY", extra: ["Event: refer", "Content-Type: message/sipfrag"],
                                        body: "SIP/2.0 200 OK")
        #expect(Self.response(responder.decide(withBody, toTag: "t1"))?.statusCode == 481)
        let subscribed = SIPUserAgentRequestResponder(handledMethods: [.notify])
        #expect(subscribed.decide(notify, toTag: "t1") == .application)
    }

    @Test("INVITE with no call handler → 486 Busy Here (480 when configured); with one it goes to the app")
    func inviteWithoutHandler() throws {
        let sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n"
        let invite = try Self.request("INVITE", extra: ["Contact: <sip:kamailio@127.0.0.1>", "Content-Type: application/sdp"],
                                      body: sdp)
        let busy = try #require(Self.response(SIPUserAgentRequestResponder().decide(invite, toTag: "t1")))
        #expect(busy.statusCode == 486)
        #expect(busy.reasonPhrase == "Busy Here")
        #expect(busy.value(.to) == "<sip:alice@127.0.0.1>;tag=t1")
        let unavailable = SIPUserAgentRequestResponder(inviteRejectionStatus: 480)
        #expect(Self.response(unavailable.decide(invite, toTag: "t1"))?.statusCode == 480)
        let handled = SIPUserAgentRequestResponder(handledMethods: [.invite])
        #expect(handled.decide(invite, toTag: "t1") == .application)
        let textInvite = try Self.request("INVITE", extra: ["Content-Type: text/plain"], body: "hi")
        let unreadable = try #require(Self.response(handled.decide(textInvite, toTag: "t1")))
        #expect(unreadable.statusCode == 415)
        #expect(unreadable.value(.accept) == "application/sdp")
    }

    @Test("MESSAGE without a handler → 480; BYE, INFO, CANCEL outside a dialog/transaction → 481; ACK unanswered")
    func otherMethods() throws {
        let responder = SIPUserAgentRequestResponder()
        let message = try Self.request("MESSAGE")
        #expect(Self.response(responder.decide(message, toTag: "t1"))?.statusCode == 480)
        for method in ["BYE", "INFO", "CANCEL"] {
            let response = try #require(Self.response(responder.decide(try Self.request(method, toTag: "x"), toTag: "t1")))
            #expect(response.statusCode == 481, "\(method)")
            #expect(response.value(.to) == "<sip:alice@127.0.0.1>;tag=x")
        }
        #expect(responder.decide(try Self.request("ACK"), toTag: "t1") == .noResponse)
        let okay = try SIPMessageBuilder.response(to: try Self.request("OPTIONS"), status: 200, toTag: "t1")
        #expect(responder.decide(okay) == .noResponse)
    }

    @Test("without a given tag, a random token To tag is added")
    func randomToTag() throws {
        let response = try #require(Self.response(SIPUserAgentRequestResponder().decide(try Self.request("OPTIONS"))))
        let tag = try #require(response.to?.tag)
        #expect(tag.count == 16)
    }
}
