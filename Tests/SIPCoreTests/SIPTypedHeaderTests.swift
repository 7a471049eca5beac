import Testing
@testable import SIPCore

/// A request made of the given header lines, with helpers to find byte offsets in it.
struct HeaderProbe {
    let bytes: [UInt8]
    let message: SIPMessage

    init(_ headers: String...) throws {
        bytes = sipText(["OPTIONS sip:bob@biloxi.com SIP/2.0"] + headers)
        message = try SIPMessage(parsing: bytes)
    }

    /// The offset of the first occurrence of `needle` at or after the first occurrence of `after`.
    func offset(of needle: String, after: String? = nil) -> Int {
        let n = Array(needle.utf8)
        let from = after.map { offset(of: $0) } ?? 0
        guard n.count <= bytes.count else { return -1 }
        for i in from...(bytes.count - n.count) where bytes[i..<(i + n.count)].elementsEqual(n) { return i }
        return -1
    }

    /// The error thrown by `parsed(header)`.
    func error<Value>(_ header: SIPTypedHeader<Value>) -> SIPParseError? {
        do {
            _ = try message.parsed(header)
            return nil
        } catch {
            return error
        }
    }
}

/// Typed access to header values (RFC 3261 §20, §25.1 and the extensions named per test): the
/// values, the LWS the grammar allows, and errors that name the header as written and point
/// into the message.
@Suite("Typed headers")
struct SIPTypedHeaderTests {
    // MARK: Via (RFC 3261 §20.42, §18.2.1; RFC 3581)

    @Test("Via: sent-protocol, sent-by and branch")
    func viaBasic() throws {
        let p = try HeaderProbe("Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds")
        let via = try #require(p.message.topVia)
        #expect(via.protocolName == "SIP")
        #expect(via.protocolVersion == "2.0")
        #expect(via.transport == "UDP")
        #expect(via.host == .domain("pc33.atlanta.com"))
        #expect(via.port == nil)
        #expect(via.branch == "z9hG4bK776asdhds")
        #expect(via.hasRFC3261Branch)
        #expect(via.received == nil)
        #expect(via.rport == nil)
        #expect(via.description == "SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds")
    }

    @Test("Via: rport as a flag and with a value, received as an IPv6 address (RFC 3581, RFC 5118)")
    func viaRportReceived() throws {
        let p = try HeaderProbe(
            "Via: SIP/2.0/UDP [2001:db8::9:1]:5060;rport;received=2001:db8::9:255;branch=z9hG4bKas3",
            "Via: SIP/2.0/UDP 192.0.2.1;received=[2001:db8::9:255];rport=5061;branch=old")
        let vias = try p.message.parsed(.via)
        #expect(vias.count == 2)
        #expect(vias[0].host == .ipv6("2001:db8::9:1"))
        #expect(vias[0].port == 5060)
        #expect(vias[0].rport == "")
        #expect(vias[0].received == "2001:db8::9:255")
        #expect(vias[0].parameters == [SIPParameter("rport"), SIPParameter("received", "2001:db8::9:255"),
                                       SIPParameter("branch", "z9hG4bKas3")])
        #expect(vias[0].description == "SIP/2.0/UDP [2001:db8::9:1]:5060;rport;received=2001:db8::9:255;branch=z9hG4bKas3")
        #expect(vias[1].host == .ipv4("192.0.2.1"))
        #expect(vias[1].received == "[2001:db8::9:255]")
        #expect(vias[1].rport == "5061")
        #expect(!vias[1].hasRFC3261Branch)
    }

    @Test("Via: LWS around '/', ':', ';' and '=', and a folded line (RFC 3261 §25.1, RFC 4475 §3.1.1.1)")
    func viaWhiteSpace() throws {
        let p = try HeaderProbe(
            "Via: SIP /\t2.0 / tcp  host.example.com : 5061 ; branch = z9hG4bK1 ;rport",
            "Via: SIP/2.0/UDP other.example.com\r\n  ;branch=z9hG4bK2")
        let vias = try p.message.parsed(.via)
        #expect(vias.count == 2)
        #expect(vias[0].protocolName == "SIP")
        #expect(vias[0].protocolVersion == "2.0")
        #expect(vias[0].transport == "TCP")
        #expect(vias[0].host == .domain("host.example.com"))
        #expect(vias[0].port == 5061)
        #expect(vias[0].parameters == [SIPParameter("branch", "z9hG4bK1"), SIPParameter("rport")])
        #expect(vias[1].host == .domain("other.example.com"))
        #expect(vias[1].branch == "z9hG4bK2")
    }

    @Test("Via: values split across comma lists and field lines keep their order")
    func viaList() throws {
        let p = try HeaderProbe(
            "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1 , SIP/2.0/TCP b.example.com:5070;branch=z9hG4bK2",
            "v: SIP/2.0/TLS c.example.com;branch=z9hG4bK3")
        #expect(p.message.via.map(\.host) == [.domain("a.example.com"), .domain("b.example.com"), .domain("c.example.com")])
        #expect(p.message.via.map(\.transport) == ["UDP", "TCP", "TLS"])
        #expect(p.message.via.map(\.port) == [nil, 5070, nil])
        #expect(p.message.topVia?.branch == "z9hG4bK1")
    }

    @Test("Via errors name the header as written and point into the message")
    func viaErrors() throws {
        let noTransport = try HeaderProbe("Via: SIP/2.0 host.example.com;branch=z9hG4bK1")
        let e1 = try #require(noTransport.error(.via))
        #expect(e1.kind == .invalidHeaderValue("expected '/'"))
        #expect(e1.header == "Via")
        #expect(e1.offset == noTransport.offset(of: " host.example.com"))
        #expect(e1.reason == "Invalid Via value: expected '/'")

        let bigPort = try HeaderProbe("v: SIP/2.0/UDP host.example.com:65536;branch=z9hG4bK1")
        let e2 = try #require(bigPort.error(.via))
        #expect(e2.kind == .invalidHeaderValue("port too large"))
        #expect(e2.header == "v")
        #expect(e2.offset == bigPort.offset(of: "65536"))
        #expect(e2.reason == "Invalid v value: port too large")

        let badIPv6 = try HeaderProbe("Via: SIP/2.0/UDP [2001:db8::g];branch=z9hG4bK1")
        let e3 = try #require(badIPv6.error(.via))
        #expect(e3.kind == .invalidHeaderValue("bad IPv6 address"))
        #expect(e3.offset == badIPv6.offset(of: "[2001"))

        let badHost = try HeaderProbe("Via: SIP/2.0/UDP 192.0.2.256;branch=z9hG4bK1")
        let e4 = try #require(badHost.error(.via))
        #expect(e4.kind == .invalidHeaderValue("bad sent-by host"))
        #expect(e4.offset == badHost.offset(of: "192.0.2.256"))

        let emptyParam = try HeaderProbe("Via: SIP/2.0/UDP host.example.com;;branch=z9hG4bK1")
        let e5 = try #require(emptyParam.error(.via))
        #expect(e5.kind == .invalidHeaderValue("expected parameter name"))
        #expect(e5.offset == emptyParam.offset(of: ";branch"))

        let trailingComma = try HeaderProbe("Via: SIP/2.0/UDP host.example.com;branch=z9hG4bK1,")
        let e6 = try #require(trailingComma.error(.via))
        #expect(e6.kind == .invalidHeaderValue("empty list element"))
        #expect(trailingComma.message.via == [])
        #expect(trailingComma.message.topVia?.branch == "z9hG4bK1")
    }

    // MARK: From, To, Contact (RFC 3261 §20.10, §20.20, §20.39)

    @Test("name-addr: quoted display name with quoted-pairs; URI parameters stay in the URI")
    func nameAddr() throws {
        let p = try HeaderProbe(
            #"From: "Alice \"The Great\" Smith \\ Jr" <sip:alice@atlanta.com;transport=tcp>;tag=1928301774"#)
        let from = try #require(p.message.from)
        #expect(from.displayName == #"Alice "The Great" Smith \ Jr"#)
        #expect(from.uri == SIPURI(user: "alice", host: .domain("atlanta.com"), parameters: [SIPParameter("transport", "tcp")]))
        #expect(from.parameters == [SIPParameter("tag", "1928301774")])
        #expect(from.tag == "1928301774")
        #expect(from.description == #""Alice \"The Great\" Smith \\ Jr" <sip:alice@atlanta.com;transport=tcp>;tag=1928301774"#)
    }

    @Test("addr-spec: parameters after the URI belong to the header (RFC 3261 §20.10)")
    func addrSpec() throws {
        let p = try HeaderProbe("To: sip:bob@biloxi.com;transport=tcp;tag=a6c85cf", "From: sip:alice@atlanta.com")
        let to = try #require(p.message.to)
        #expect(to.displayName == nil)
        #expect(to.uri.description == "sip:bob@biloxi.com")
        #expect(to.uri.parameters == [])
        #expect(to.parameters == [SIPParameter("transport", "tcp"), SIPParameter("tag", "a6c85cf")])
        #expect(to.tag == "a6c85cf")
        #expect(to.description == "<sip:bob@biloxi.com>;transport=tcp;tag=a6c85cf")
        #expect(p.message.from?.parameters == [])
        #expect(p.message.from?.tag == nil)
    }

    @Test("unquoted display names: tokens and LWS as written, trailing LWS dropped")
    func unquotedDisplayName() throws {
        let p = try HeaderProbe("To: Bob   Smith  <sip:bob@biloxi.com> ; tag = 99", "From: \"\" <sip:a@atlanta.com>;tag=1")
        let to = try #require(p.message.to)
        #expect(to.displayName == "Bob   Smith")
        #expect(to.uri.description == "sip:bob@biloxi.com")
        #expect(to.parameters == [SIPParameter("tag", "99")])
        #expect(p.message.from?.displayName == "")
        #expect(try HeaderProbe("To: <sip:bob@biloxi.com>").message.to?.displayName == nil)
    }

    @Test("Contact: lists of name-addr and addr-spec values with q and expires")
    func contactList() throws {
        let p = try HeaderProbe(
            #"Contact: <sip:a@x.example.com>;q=0.7;expires=3600, "Bob" <sips:bob@y.example.com> ;q=0.1"#,
            "m: sip:c@z.example.com;q=0.5")
        let contacts = p.message.contacts
        #expect(contacts.count == 3)
        #expect(contacts.map { $0.uri.description } == ["sip:a@x.example.com", "sips:bob@y.example.com", "sip:c@z.example.com"])
        #expect(contacts.map(\.displayName) == [nil, "Bob", nil])
        #expect(contacts.map { $0.parameters.value(of: "q") } == ["0.7", "0.1", "0.5"])
        #expect(contacts[0].parameters.value(of: "expires") == "3600")
        #expect(!p.message.isContactWildcard)
    }

    @Test("Contact: '*' is the wildcard, not an address (RFC 3261 §10.2.2)")
    func contactWildcard() throws {
        let star = try HeaderProbe("Contact:  *  ", "Expires: 0")
        #expect(star.message.isContactWildcard)
        #expect(star.message.contacts == [])
        let compact = try HeaderProbe("m: *")
        #expect(compact.message.isContactWildcard)
        let twice = try HeaderProbe("Contact: *", "Contact: <sip:a@x.example.com>")
        #expect(!twice.message.isContactWildcard)
        let address = try HeaderProbe("Contact: <sip:a@x.example.com>")
        #expect(!address.message.isContactWildcard)
    }

    @Test("Route and Record-Route keep order and URI parameters")
    func routes() throws {
        let p = try HeaderProbe(
            "Record-Route: <sip:p2.example.com;lr>, <sip:p1.example.com;lr>",
            "Route: <sip:ss1.example.com;lr;transport=tcp>")
        #expect(p.message.recordRoutes.map { $0.uri.host } == [.domain("p2.example.com"), .domain("p1.example.com")])
        #expect(p.message.routes.first?.uri.parameters == [SIPParameter("lr"), SIPParameter("transport", "tcp")])
    }

    @Test("address errors carry the header name and the offset in the message")
    func addressErrors() throws {
        let unterminated = try HeaderProbe("To: <sip:bob@biloxi.com")
        let e1 = try #require(unterminated.error(.to))
        #expect(e1.kind == .invalidHeaderValue("unterminated '<'"))
        #expect(e1.header == "To")
        #expect(e1.offset == unterminated.offset(of: "<sip:bob"))
        #expect(unterminated.message.to == nil)

        let question = try HeaderProbe("t: sip:bob@biloxi.com?subject=x")
        let e2 = try #require(question.error(.to))
        #expect(e2.kind == .invalidHeaderValue("'?' in an address not enclosed in <>"))
        #expect(e2.header == "t")
        #expect(e2.offset == question.offset(of: "?subject"))

        let comma = try HeaderProbe("From: Bob, Smith <sip:bob@biloxi.com>;tag=1")
        let e3 = try #require(comma.error(.from))
        #expect(e3.kind == .invalidHeaderValue("character ',' not allowed in an unquoted display name"))
        #expect(e3.offset == comma.offset(of: ", Smith"))

        let quote = try HeaderProbe(#"To: "Bob <sip:bob@biloxi.com>"#)
        let e4 = try #require(quote.error(.to))
        #expect(e4.kind == .invalidHeaderValue("unterminated quoted string"))
        #expect(e4.offset == quote.offset(of: "\"Bob"))

        let space = try HeaderProbe("To: < sip:bob@biloxi.com>")
        let e5 = try #require(space.error(.to))
        #expect(e5.kind == .invalidHeaderValue("white space inside <>"))
        #expect(e5.offset == space.offset(of: " sip:bob", after: "To:"))

        let badURI = try HeaderProbe("Contact: <sip:a@x.example.com>, <sip:bob@biloxi.com:99999>")
        let e6 = try #require(badURI.error(.contact))
        #expect(e6.kind == .invalidHeaderValue("bad port"))
        #expect(e6.header == "Contact")
        #expect(e6.offset == badURI.offset(of: "99999"))
        #expect(e6.reason == "Invalid Contact value: bad port")
        #expect(badURI.message.contacts == [])

        let missing = try HeaderProbe("To: <sip:bob@biloxi.com> x")
        let e7 = try #require(missing.error(.to))
        #expect(e7.kind == .invalidHeaderValue("unexpected character 'x'"))
        #expect(e7.offset == missing.offset(of: "x\r\n"))
    }

    // MARK: Compact forms (RFC 3261 §7.3.3 and the IANA registry)

    static let compactForms: [(String, SIPHeaderName, String)] = [
        ("v", .via, "Via"), ("f", .from, "From"), ("t", .to, "To"), ("i", .callID, "Call-ID"),
        ("m", .contact, "Contact"), ("l", .contentLength, "Content-Length"), ("c", .contentType, "Content-Type"),
        ("k", .supported, "Supported"), ("s", .subject, "Subject"), ("e", .contentEncoding, "Content-Encoding"),
        ("o", .event, "Event"), ("u", .allowEvents, "Allow-Events"), ("r", .referTo, "Refer-To"),
        ("b", .referredBy, "Referred-By"), ("x", .sessionExpires, "Session-Expires"), ("y", .identity, "Identity"),
        ("n", .identityInfo, "Identity-Info"), ("a", .acceptContact, "Accept-Contact"),
        ("j", .rejectContact, "Reject-Contact"), ("d", .requestDisposition, "Request-Disposition"),
    ]

    @Test("each compact form maps to its long name, in either case", arguments: compactForms.map(\.0))
    func compactForm(letter: String) throws {
        let (_, name, canonical) = try #require(Self.compactForms.first { $0.0 == letter })
        #expect(SIPHeaderName(letter) == name)
        #expect(SIPHeaderName(letter.uppercased()) == name)
        #expect(SIPHeaderName(canonical) == name)
        #expect(SIPHeaderName(canonical.uppercased()) == name)
        #expect(name.canonicalName == canonical)
        #expect(name.compactForm == letter)
        #expect(name.isKnown)
        let value = letter == "l" ? "0" : "value-\(letter)"
        let p = try HeaderProbe("\(letter.uppercased()): \(value)")
        #expect(p.message.value(name) == value)
        #expect(p.message.values(SIPHeaderName(canonical)) == [value])
        #expect(p.message.headerFields.first?.name == letter.uppercased())
        #expect(p.message.headerFields.first?.headerName == name)
    }

    @Test("letters without a compact form are unknown names; long-only names have no compact form")
    func noCompactForm() {
        for letter in ["g", "h", "p", "q", "w", "z"] {
            #expect(!SIPHeaderName(letter).isKnown, "\(letter)")
            #expect(SIPHeaderName(letter).canonicalName == letter)
        }
        #expect(SIPHeaderName.cseq.compactForm == nil)
        #expect(SIPHeaderName.maxForwards.compactForm == nil)
        #expect(SIPHeaderName("X-Custom").canonicalName == "x-custom")
    }

    @Test("a message in compact forms reads like its long form")
    func compactMessage() throws {
        let p = try HeaderProbe(
            "v: SIP/2.0/UDP host.example.com;branch=z9hG4bK1", "f: <sip:a@atlanta.com>;tag=1", "t: sip:b@biloxi.com",
            "i: f81d4fae-7dec-11d0-a765-00a0c91e6bf6@foo.bar.com", "m: <sip:a@host.example.com>", "c: application/sdp",
            "k: 100rel", "o: presence;id=1", "l: 0")
        let m = p.message
        #expect(m.topVia?.branch == "z9hG4bK1")
        #expect(m.from?.tag == "1")
        #expect(m.to?.uri.user == "b")
        #expect(m.callID == "f81d4fae-7dec-11d0-a765-00a0c91e6bf6@foo.bar.com")
        #expect(m.contacts.count == 1)
        #expect(m.contentType == .sdp)
        #expect(m.supported == ["100rel"])
        #expect(m.event?.package == "presence")
        #expect(m.contentLength == 0)
    }
}
