import Testing
@testable import SIPCore

@Suite("Building requests and responses (RFC 3261 §8.1.1, §8.2.6)")
struct SIPMessageBuilderTests {
    static let alice = SIPNameAddress(displayName: "Alice", uri: SIPURI(user: "alice", host: .domain("atlanta.example.com")),
                                      parameters: [SIPParameter("tag", "1928301774")])
    static let bob = SIPNameAddress(displayName: "Bob", uri: SIPURI(user: "bob", host: .domain("biloxi.example.com")))

    static func invite() throws -> SIPMessage {
        try SIPMessageBuilder.request(
            method: .invite, uri: bob.uri,
            via: SIPVia(transport: "ws", host: .domain("df7jal23ls0d.invalid"), parameters: [SIPParameter("branch", "z9hG4bK776asdhds")]),
            from: alice, to: bob, callID: "a84b4c76e66710", cseq: 314159,
            contact: SIPNameAddress(uri: SIPURI(user: "alice", host: .domain("df7jal23ls0d.invalid"), parameters: [SIPParameter("transport", "ws")])),
            extraHeaders: [SIPParameter("X-PH-Test", "1")], body: Array("v=0\r\n".utf8), contentType: "application/sdp")
    }

    @Test("a request has exactly the mandatory headers, in order, and Content-Length")
    func request() throws {
        let m = try Self.invite()
        #expect(m.text == """
            INVITE sip:bob@biloxi.example.com SIP/2.0\r
            Via: SIP/2.0/WS df7jal23ls0d.invalid;branch=z9hG4bK776asdhds\r
            Max-Forwards: 70\r
            From: "Alice" <sip:alice@atlanta.example.com>;tag=1928301774\r
            To: "Bob" <sip:bob@biloxi.example.com>\r
            Call-ID: a84b4c76e66710\r
            CSeq: 314159 INVITE\r
            Contact: <sip:alice@df7jal23ls0d.invalid;transport=ws>\r
            X-PH-Test: 1\r
            Content-Type: application/sdp\r
            Content-Length: 5\r
            \r
            v=0\r

            """)
        #expect(SIPValidator().validate(m).isAccepted)
    }

    @Test("a response copies Via, From, Call-ID, CSeq; adds the To tag; copies Record-Route for 2xx to INVITE")
    func response() throws {
        var invite = try Self.invite()
        try invite.insert(header: "Via", value: "SIP/2.0/UDP proxy.example.com;branch=z9hG4bKp1", at: 0)
        try invite.append(header: "Record-Route", value: "<sip:proxy.example.com;lr>")
        let ok = try SIPMessageBuilder.response(to: invite, status: 200, toTag: "a6c85cf")
        #expect(ok.statusCode == 200)
        #expect(ok.reasonPhrase == "OK")
        #expect(ok.via.map(\.branch) == ["z9hG4bKp1", "z9hG4bK776asdhds"])
        #expect(ok.to?.tag == "a6c85cf")
        #expect(ok.from?.tag == "1928301774")
        #expect(ok.callID == "a84b4c76e66710")
        #expect(ok.cseq == SIPCSeq(314159, .invite))
        #expect(ok.recordRoutes.count == 1)
        #expect(ok.contentLength == 0)
        let trying = try SIPMessageBuilder.response(to: invite, status: 100, toTag: "x")
        #expect(trying.to?.tag == nil)
        #expect(trying.recordRoutes.isEmpty)
        let busy = try SIPMessageBuilder.response(to: invite, status: 486, toTag: "x")
        #expect(busy.reasonPhrase == "Busy Here")
        #expect(busy.recordRoutes.isEmpty)
    }

    @Test("values that would break the framing are refused")
    func injection() throws {
        #expect(throws: SIPParseError.self) {
            try SIPMessageBuilder.request(method: .options, uri: Self.bob.uri, headers: [SIPParameter("X", "a\r\nVia: evil")])
        }
        #expect(throws: SIPParseError.self) {
            try SIPMessageBuilder.response(to: try Self.invite(), status: 200, reason: "OK\r\nX: 1")
        }
        #expect(throws: SIPParseError(.invalidStatusCode, offset: 0)) {
            try SIPMessageBuilder.response(to: try Self.invite(), status: 1000)
        }
    }

    @Test("the rejection response for a validator verdict carries the headers RFC 3261 asks for")
    func rejection() throws {
        var invite = try Self.invite()
        try invite.append(header: "Require", value: "100rel, foo")
        let result = SIPValidator(supportedOptionTags: ["100rel"]).validate(invite)
        let response = try #require(SIPMessageBuilder.rejection(for: invite, result, toTag: "t1"))
        #expect(response.statusCode == 420)
        #expect(response.value("Unsupported") == "foo")
        #expect(response.to?.tag == "t1")
    }

    @Test("built messages equal their own re-parse, whatever white space the values carry")
    func builtRoundTrip() throws {
        let request = try SIPMessageBuilder.request(
            method: .message, uri: Self.bob.uri,
            headers: [SIPParameter("Via", "SIP/2.0/TCP h.example;branch=z9hG4bK9"), SIPParameter("To", "<sip:bob@biloxi.example.com>"),
                      SIPParameter("X-Pad", "  padded\t "),
                      SIPParameter("X-Empty", ""), SIPParameter("Content-Length", "999")],
            body: Array("hi".utf8), contentType: "text/plain")
        #expect(try SIPMessage(parsing: request.serialized()) == request)
        #expect(request.value("X-Pad") == "padded")
        #expect(request.contentLength == 2)
        let response = try SIPMessageBuilder.response(to: request, status: 200, toTag: "abc")
        #expect(try SIPMessage(parsing: response.serialized()) == response)
        #expect(throws: SIPParseError.self) { try SIPMessageBuilder.response(to: request, status: 200, toTag: "a b") }
        #expect(throws: SIPParseError.self) {
            try SIPMessageBuilder.request(method: "BAD METHOD", uri: Self.bob.uri, headers: [])
        }
        #expect(throws: SIPParseError.self) {
            try SIPMessageBuilder.request(method: .options, uri: SIPURI(user: "a b", host: .domain("x.example")), headers: [])
        }
    }

    @Test("an existing To tag is kept, a display name that merely contains 'tag' is not mistaken for one")
    func toTagKept() throws {
        let tagged = try SIPMessageBuilder.request(
            method: .bye, uri: Self.bob.uri,
            headers: [SIPParameter("Via", "SIP/2.0/TCP h.example;branch=z9hG4bK1"), SIPParameter("To", "<sip:bob@b.example>;TAG=x1")])
        #expect(try SIPMessageBuilder.response(to: tagged, status: 200, toTag: "new").to?.tag == "x1")
        let named = try SIPMessageBuilder.request(
            method: .invite, uri: Self.bob.uri,
            headers: [SIPParameter("Via", "SIP/2.0/TCP h.example;branch=z9hG4bK1"), SIPParameter("To", "\"Stage\" <sip:bob@b.example>")])
        #expect(try SIPMessageBuilder.response(to: named, status: 180, toTag: "t9").to?.tag == "t9")
    }
}

/// `setFirst(_:value:)`: the topmost field replaced in place.
@Suite struct SIPMessageSetFirstTests {
    @Test("replaces only the first field of the name, where it stood; appends when there is none")
    func setFirst() throws {
        var message = try SIPMessage(parsing: "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h1;branch=z9hG4bK1\r\nVia: SIP/2.0/UDP h2;branch=z9hG4bK2\r\n"
            + "Call-ID: c\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n")
        try message.setFirst("Via", value: "SIP/2.0/UDP h1;branch=z9hG4bK1;received=127.0.0.1")
        #expect(message.values(.via) == ["SIP/2.0/UDP h1;branch=z9hG4bK1;received=127.0.0.1", "SIP/2.0/UDP h2;branch=z9hG4bK2"])
        #expect(message.headerFields.first?.name == "Via")
        try message.setFirst("Subject", value: "x")
        #expect(message.headerFields.last?.description == "Subject: x")
    }
}
