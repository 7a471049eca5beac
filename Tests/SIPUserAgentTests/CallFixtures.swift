import SIPCore
import SIPTransaction
import SIPUserAgent

/// Messages and helpers for the call state machine tests.
enum CallFixtures {
    static let alice = SIPNameAddress(uri: SIPURI(user: "alice", host: .domain("example.com")))
    static let aliceContact = SIPURI(user: "k3f8", host: .domain("a1b2.invalid"),
                                     parameters: [SIPParameter("transport", "ws")])
    static let aliceVia = SIPVia(transport: "WS", host: .domain("a1b2.invalid"))
    static let bobURI = SIPURI(user: "bob", host: .domain("example.com"))
    static let offer = Array("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n".utf8)
    static let answer = Array("v=0\r\no=- 2 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 5000 RTP/AVP 0\r\n".utf8)
    static let proxyRR = "<sip:127.0.0.1:5060;transport=ws;r2=on;lr>, <sip:127.0.0.1:5060;r2=on;lr>"

    static func configuration(reliable: Bool = true, credentials: SIPDigestCredentials? = nil) -> SIPCallConfiguration {
        SIPCallConfiguration(localAddress: alice, contact: aliceContact, via: aliceVia, userAgent: "test-ua",
                             reliableTransport: reliable, credentials: credentials)
    }

    /// `request` with a top Via branch, as the transaction layer sends it.
    static func withBranch(_ request: SIPMessage, _ branch: String = "z9hG4bKtest1") throws -> SIPMessage {
        var copy = request
        var via = copy.via
        guard !via.isEmpty else { return copy }
        if via[0].branch == nil { via[0].parameters.append(SIPParameter("branch", branch)) }
        copy.removeHeaders(.via)
        for (index, value) in via.enumerated() { try copy.insert(header: "Via", value: value.description, at: index) }
        return copy
    }

    /// Bob's answer to our INVITE, with his tag, Contact and the proxy's Record-Route.
    static func bobAnswer(to invite: SIPMessage, status: Int, tag: String = "bobtag",
                          extra: [SIPParameter] = []) throws -> SIPMessage {
        var headers = extra
        if status > 100 && status < 300 {
            headers.insert(SIPParameter("Record-Route", proxyRR), at: 0)
            headers.append(SIPParameter("Contact", "<sip:bob@127.0.0.1:5090>"))
        }
        let body = status >= 200 && status < 300 ? answer : []
        return try SIPMessageBuilder.response(to: invite, status: status, toTag: status > 100 ? tag : nil,
                                              headers: headers, body: body,
                                              contentType: body.isEmpty ? nil : "application/sdp")
    }

    /// An INVITE from Bob to Alice through the proxy (record-routed).
    static func bobInvite(cseq: UInt32 = 7, extra: [SIPParameter] = []) throws -> SIPMessage {
        try SIPMessageBuilder.request(
            method: .invite, uri: aliceContact,
            headers: [
                SIPParameter("Via", "SIP/2.0/WSS 127.0.0.1:5060;branch=z9hG4bKproxy1"),
                SIPParameter("Via", "SIP/2.0/UDP 127.0.0.1:5090;branch=z9hG4bKbob1"),
                SIPParameter("Record-Route", proxyRR),
                SIPParameter("Max-Forwards", "69"),
                SIPParameter("From", "\"Bob B\" <sip:bob@example.com>;tag=bobtag"),
                SIPParameter("To", "<sip:alice@example.com>"),
                SIPParameter("Call-ID", "call-1@bob"),
                SIPParameter("CSeq", "\(cseq) INVITE"),
                SIPParameter("Contact", "<sip:bob@127.0.0.1:5090>"),
            ] + extra,
            body: offer, contentType: "application/sdp")
    }

    /// A request from Bob inside the dialog he created with `bobInvite` (Alice's tag `atag`).
    static func bobInDialog(_ method: SIPMethod, cseq: UInt32, localTag: String = "atag",
                            extra: [SIPParameter] = [], body: [UInt8] = [], contentType: String? = nil) throws -> SIPMessage {
        try SIPMessageBuilder.request(
            method: method, uri: aliceContact,
            headers: [
                SIPParameter("Via", "SIP/2.0/WSS 127.0.0.1:5060;branch=z9hG4bKproxy\(cseq)\(method.rawValue)"),
                SIPParameter("Max-Forwards", "69"),
                SIPParameter("From", "<sip:bob@example.com>;tag=bobtag"),
                SIPParameter("To", "<sip:alice@example.com>;tag=\(localTag)"),
                SIPParameter("Call-ID", "call-1@bob"),
                SIPParameter("CSeq", "\(cseq) \(method.rawValue)"),
            ] + extra,
            body: body, contentType: contentType)
    }

    static func key(_ request: SIPMessage) -> SIPTransactionKey {
        SIPTransactionKey.server(request) ?? SIPTransactionKey.client(request)!
    }

    /// The requests among `actions`.
    static func requests(_ actions: [SIPCallAction]) -> [SIPMessage] {
        actions.compactMap { if case .sendRequest(let request) = $0 { request } else { nil } }
    }

    /// The responses among `actions` as `status method` strings.
    static func responses(_ actions: [SIPCallAction]) -> [String] {
        actions.compactMap {
            if case .respond(let response, _) = $0 {
                "\(response.statusCode ?? 0) \(response.cseq?.method.rawValue ?? "")"
            } else { nil }
        }
    }

    static func events(_ actions: [SIPCallAction]) -> [SIPCallEvent] {
        actions.compactMap { if case .emit(let event) = $0 { event } else { nil } }
    }

    static func timers(_ actions: [SIPCallAction]) -> [String] {
        actions.compactMap {
            switch $0 {
            case let .startTimer(timer, duration): "start \(timer) \(duration)"
            case let .cancelTimer(timer): "cancel \(timer)"
            default: nil
            }
        }
    }

    static func lines(_ message: SIPMessage) -> [String] { message.text.components(separatedBy: "\r\n") }
}
