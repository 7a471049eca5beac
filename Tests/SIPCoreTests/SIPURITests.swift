import Testing
@testable import SIPCore

/// SIP, SIPS, tel and other URIs: parsing (RFC 3261 §19.1.1, §25.1; RFC 3966; RFC 5118 IPv6
/// references), errors with their offsets, and comparison (RFC 3261 §19.1.4, RFC 3966 §4).
@Suite("SIPURI")
struct SIPURITests {
    // MARK: Parsing sip and sips

    @Test("RFC 3261 §19.1.3: sip:alice@atlanta.com")
    func plain() throws {
        let uri = try SIPURI("sip:alice@atlanta.com")
        #expect(uri.scheme == .sip)
        #expect(uri.user == "alice")
        #expect(uri.password == nil)
        #expect(uri.host == .domain("atlanta.com"))
        #expect(uri.port == nil)
        #expect(uri.parameters == [])
        #expect(uri.headers == [])
        #expect(uri.opaque == nil)
        #expect(uri.description == "sip:alice@atlanta.com")
    }

    @Test("RFC 3261 §19.1.3: password, port and transport")
    func passwordPortTransport() throws {
        let uri = try SIPURI("sips:alice:secretword@atlanta.com:5061;transport=tcp")
        #expect(uri.scheme == .sips)
        #expect(uri.user == "alice")
        #expect(uri.password == "secretword")
        #expect(uri.host == .domain("atlanta.com"))
        #expect(uri.port == 5061)
        #expect(uri.parameters == [SIPParameter("transport", "tcp")])
        #expect(uri.parameter("Transport") == "tcp")
        #expect(uri.description == "sips:alice:secretword@atlanta.com:5061;transport=tcp")
    }

    @Test("RFC 3261 §19.1.3: telephone-subscriber user with user=phone")
    func telephoneUser() throws {
        let uri = try SIPURI("sip:+1-212-555-1212:1234@gateway.com;user=phone")
        #expect(uri.user == "+1-212-555-1212")
        #expect(uri.password == "1234")
        #expect(uri.host == .domain("gateway.com"))
        #expect(uri.parameters == [SIPParameter("user", "phone")])
    }

    @Test("RFC 3261 §19.1.3: IPv4 host, no user")
    func ipv4Host() throws {
        let uri = try SIPURI("sip:alice@192.0.2.4")
        #expect(uri.host == .ipv4("192.0.2.4"))
        let hostOnly = try SIPURI("sip:192.0.2.4:5060")
        #expect(hostOnly.user == nil)
        #expect(hostOnly.host == .ipv4("192.0.2.4"))
        #expect(hostOnly.port == 5060)
    }

    @Test("RFC 3261 §19.1.3: method parameter and escaped header")
    func methodAndHeader() throws {
        let uri = try SIPURI("sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com")
        #expect(uri.user == nil)
        #expect(uri.host == .domain("atlanta.com"))
        #expect(uri.parameters == [SIPParameter("method", "REGISTER")])
        #expect(uri.headers == [SIPParameter("to", "alice%40atlanta.com")])
        #expect(uri.description == "sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com")
    }

    @Test("RFC 3261 §19.1.3: user part with ';' (user-unreserved)")
    func userWithSemicolon() throws {
        let uri = try SIPURI("sip:alice;day=tuesday@atlanta.com")
        #expect(uri.user == "alice;day=tuesday")
        #expect(uri.host == .domain("atlanta.com"))
        #expect(uri.parameters == [])
    }

    @Test("RFC 3261 §19.1.3: several headers, in order")
    func severalHeaders() throws {
        let uri = try SIPURI("sip:alice@atlanta.com?subject=project%20x&priority=urgent")
        #expect(uri.headers == [SIPParameter("subject", "project%20x"), SIPParameter("priority", "urgent")])
        #expect(uri.description == "sip:alice@atlanta.com?subject=project%20x&priority=urgent")
        let empty = try SIPURI("sip:alice@atlanta.com?subject=")
        #expect(empty.headers == [SIPParameter("subject", "")])
    }

    @Test("flag parameters and parameter lookup")
    func flagParameters() throws {
        let uri = try SIPURI("sip:proxy.example.com;lr;maddr=239.255.255.1;ttl=15")
        #expect(uri.parameters == [SIPParameter("lr"), SIPParameter("maddr", "239.255.255.1"), SIPParameter("ttl", "15")])
        #expect(uri.parameter("lr") == "")
        #expect(uri.parameter("LR") == "")
        #expect(uri.parameter("maddr") == "239.255.255.1")
        #expect(uri.parameter("transport") == nil)
        #expect(uri.parameters.value(of: "TTL") == "15")
        #expect(uri.description == "sip:proxy.example.com;lr;maddr=239.255.255.1;ttl=15")
    }

    @Test("the scheme is case-insensitive; every other part is kept as written")
    func caseKept() throws {
        let uri = try SIPURI("SIP:Alice@AtLanTa.CoM;Transport=UDP")
        #expect(uri.scheme == .sip)
        #expect(uri.user == "Alice")
        #expect(uri.host == .domain("AtLanTa.CoM"))
        #expect(uri.parameters == [SIPParameter("Transport", "UDP")])
        #expect(uri.description == "sip:Alice@AtLanTa.CoM;Transport=UDP")
        #expect(try SIPURI("SiPs:bob@biloxi.com").scheme == .sips)
    }

    @Test("escapes are kept exactly as written in user, password, parameters and headers")
    func escapesKept() throws {
        let text = "sip:%61lice:p%40ss@atlanta.com;n%61me=v%61lue%25%34%31?subj%65ct=project%20x"
        let uri = try SIPURI(text)
        #expect(uri.user == "%61lice")
        #expect(uri.password == "p%40ss")
        #expect(uri.parameters == [SIPParameter("n%61me", "v%61lue%25%34%31")])
        #expect(uri.headers == [SIPParameter("subj%65ct", "project%20x")])
        #expect(uri.description == text)
        // RFC 4475 §3.1.1.3: an escaped ':' and '@' in the user part stay escaped.
        #expect(try SIPURI("sip:sips%3Auser%40example.com@example.net").user == "sips%3Auser%40example.com")
        // RFC 4475 §3.1.1.4: %00 is three characters of text.
        #expect(try SIPURI("sip:%00@example.com").user == "%00")
    }

    @Test("unusual but legal characters (RFC 4475 §3.1.1.2)")
    func unusualCharacters() throws {
        let uri = try SIPURI("sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com")
        #expect(uri.user == "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*")
        #expect(uri.password == "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)")
        #expect(uri.host == .domain("example.com"))
    }

    @Test("an empty password is kept as empty")
    func emptyPassword() throws {
        let uri = try SIPURI("sip:alice:@atlanta.com")
        #expect(uri.user == "alice")
        #expect(uri.password == "")
        #expect(uri.description == "sip:alice:@atlanta.com")
    }

    @Test("ports 0 and 65535 are in range")
    func portBounds() throws {
        #expect(try SIPURI("sip:h.example.com:0").port == 0)
        #expect(try SIPURI("sip:h.example.com:65535").port == 65535)
        #expect(try SIPURI("sip:h.example.com:05060").port == 5060)
    }

    @Test("a host name may end with a dot and use digits in inner labels")
    func hostNames() throws {
        #expect(try SIPURI("sip:bob@example.com.").host == .domain("example.com."))
        #expect(try SIPURI("sip:bob@123.example.com").host == .domain("123.example.com"))
        #expect(try SIPURI("sip:bob@a-b.c-d.example").host == .domain("a-b.c-d.example"))
        #expect(try SIPURI("sip:bob@localhost").host == .domain("localhost"))
    }

    // MARK: IPv6 references (RFC 3261 §25.1 as corrected by RFC 5954; RFC 5118)

    static let validIPv6: [String] = [
        "::1", "::", "2001:db8::9:1", "::ffff:192.0.2.1", "2001:db8:0:0:0:0:0:1", "2001:DB8::ABCD",
        "fe80::", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1:2:3:4:5:6:192.0.2.1", "::192.0.2.1",
        "2001:db8::10:5070", "2001:db8::192.0.2.1",
    ]

    @Test("valid IPv6 references", arguments: validIPv6)
    func validIPv6Reference(address: String) throws {
        let uri = try SIPURI("sip:alice@[\(address)]:5060;transport=udp")
        #expect(uri.host == .ipv6(address))
        #expect(uri.port == 5060)
        #expect(uri.parameters == [SIPParameter("transport", "udp")])
        #expect(uri.description == "sip:alice@[\(address)]:5060;transport=udp")
        #expect(try SIPURI("sip:[\(address)]").host == .ipv6(address))
    }

    static let invalidIPv6: [String] = [
        "", ":", ":::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1::2::3", "12345::1", ":1::2", "1::2:", "::g",
        "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "::ffff:192.0.2.256", "::ffff:192.0.2", "1:2:3:4:5:6:7:192.0.2.1",
        "2001:db8:::192.0.2.1", "192.0.2.1", "::ffff:192.0.2.1:1", "fe80::1%eth0",
    ]

    @Test("invalid IPv6 references are rejected at the '['", arguments: invalidIPv6)
    func invalidIPv6Reference(address: String) throws {
        let error = try #require(throws: SIPParseError.self) { try SIPURI("sip:alice@[\(address)]") }
        #expect(error.offset == 10)
        #expect(error.kind == .invalidURI("bad IPv6 address"))
    }

    @Test("RFC 5118 §4.7, §4.8: a port inside the brackets is part of the address")
    func ipv6PortAmbiguity() throws {
        let inside = try SIPURI("sip:[2001:db8::10:5070]")
        #expect(inside.host == .ipv6("2001:db8::10:5070"))
        #expect(inside.port == nil)
        let outside = try SIPURI("sip:[2001:db8::10]:5070")
        #expect(outside.host == .ipv6("2001:db8::10"))
        #expect(outside.port == 5070)
    }

    @Test("IPv6 reference errors: unterminated, without brackets, junk after ']'")
    func ipv6Errors() throws {
        let unterminated = try #require(throws: SIPParseError.self) { try SIPURI("sip:[::1") }
        #expect(unterminated.kind == .invalidURI("unterminated IPv6 reference"))
        #expect(unterminated.offset == 4)
        // RFC 5118 §4.1: an IPv6 address without brackets is not a host.
        let bare = try #require(throws: SIPParseError.self) { try SIPURI("sip:2001:db8::10") }
        #expect(bare.offset == 4)
        let junk = try #require(throws: SIPParseError.self) { try SIPURI("sip:[::1]x") }
        #expect(junk.kind == .invalidURI("unexpected character"))
        #expect(junk.offset == 9)
    }

    // MARK: tel and other schemes

    @Test("RFC 3966: tel URIs keep the number as written and their parameters")
    func tel() throws {
        let global = try SIPURI("tel:+1-201-555-0123")
        #expect(global.scheme == .tel)
        #expect(global.user == "+1-201-555-0123")
        #expect(global.host == nil)
        #expect(global.parameters == [])
        #expect(global.opaque == nil)
        #expect(global.description == "tel:+1-201-555-0123")

        let local = try SIPURI("TEL:7042;phone-context=example.com;ext=22")
        #expect(local.scheme == .tel)
        #expect(local.user == "7042")
        #expect(local.parameters == [SIPParameter("phone-context", "example.com"), SIPParameter("ext", "22")])
        #expect(local.description == "tel:7042;phone-context=example.com;ext=22")

        #expect(try SIPURI("tel:+1(201)555.0123;isub=12").user == "+1(201)555.0123")
        #expect(try SIPURI("tel:*67#;phone-context=example.com").user == "*67#")
    }

    @Test("other schemes are kept opaque, scheme lower-cased")
    func otherSchemes() throws {
        let mailto = try SIPURI("mailto:alice@atlanta.com")
        #expect(mailto.scheme == .other("mailto"))
        #expect(mailto.opaque == "alice@atlanta.com")
        #expect(mailto.user == nil)
        #expect(mailto.host == nil)
        #expect(mailto.description == "mailto:alice@atlanta.com")

        let urn = try SIPURI("URN:service:sos")
        #expect(urn.scheme == .other("urn"))
        #expect(urn.opaque == "service:sos")
        #expect(urn.description == "urn:service:sos")

        let soap = try SIPURI("soap.beep://192.0.2.103:3002")
        #expect(soap.scheme == .other("soap.beep"))
        #expect(soap.opaque == "//192.0.2.103:3002")
        #expect(soap.scheme.description == "soap.beep")
    }

    // MARK: Errors and their offsets

    static let errors: [(text: String, reason: String, offset: Int)] = [
        ("", "no scheme", 0),
        ("1sip:alice@atlanta.com", "no scheme", 0),
        ("sip", "no scheme", 0),
        ("alice@atlanta.com", "bad scheme character", 5),
        ("sip:", "no host", 4),
        ("sip:alice@", "no host", 10),
        ("sip:@atlanta.com", "empty user part", 4),
        ("sip::secret@atlanta.com", "empty user part", 4),
        ("sip:alice@@atlanta.com", "more than one '@'", 10),
        ("sip:al ice@atlanta.com", "white space or control character", 6),
        ("sip:alice@atlanta.com\t", "white space or control character", 21),
        ("sip:alice@atlanta.com>", "character not allowed in a URI", 21),
        ("sip:\"alice\"@atlanta.com", "character not allowed in a URI", 4),
        ("sip:alice@atlanta.com:", "bad port", 22),
        ("sip:alice@atlanta.com:65536", "bad port", 22),
        ("sip:alice@atlanta.com:5o60", "bad port", 22),
        ("sip:alice@atlanta.com:1234567", "bad port", 22),
        ("sip:alice@atlanta.com;", "empty parameter name", 22),
        ("sip:alice@atlanta.com;=udp", "empty parameter name", 22),
        ("sip:alice@atlanta.com;transport=", "empty parameter value", 32),
        ("sip:alice@atlanta.com;tr{ansport=udp", "character '{' not allowed in parameter", 24),
        ("sip:al%6xce@atlanta.com", "bad escape in user", 6),
        ("sip:alice%4@atlanta.com", "bad escape in user", 9),
        ("sip:al[ice@atlanta.com", "character '[' not allowed in user", 6),
        ("sip:alice:se@cret@atlanta.com", "more than one '@'", 13),
        ("sip:alice:pass:word@atlanta.com", "character ':' not allowed in password", 14),
        ("sip:alice@atlanta.com?subject", "bad URI header", 22),
        ("sip:alice@atlanta.com?", "bad URI header", 22),
        ("sip:alice@atlanta.com?a=b&", "bad URI header", 26),
        ("sip:alice@atlanta.com?a=b;c", "character ';' not allowed in header", 25),
        ("sip:alice@-atlanta.com", "bad host", 10),
        ("sip:alice@atlanta-.com", "bad host", 10),
        ("sip:alice@atlanta..com", "bad host", 10),
        ("sip:alice@atl%61nta.com", "bad host", 10),
        ("sip:alice@192.0.2.256", "bad host", 10),
        ("sip:alice@1.2.3.4.5", "bad host", 10),
        ("sip:alice@example.123", "bad host", 10),
        ("tel:", "empty telephone number", 4),
        ("tel:;ext=1", "empty telephone number", 4),
        ("tel:+1-201-55x", "bad telephone number", 13),
        ("tel:+1 201", "white space or control character", 6),
        ("tel:+1201;=x", "empty parameter name", 10),
        ("tel:+1201;ext=", "empty parameter value", 14),
        ("tel:+1201;ext=1;", "empty parameter name", 16),
        ("mailto:", "empty URI", 7),
    ]

    @Test("errors name the problem and point at its first byte", arguments: errors.map(\.text))
    func error(text: String) throws {
        let expected = try #require(Self.errors.first { $0.text == text })
        let error = try #require(throws: SIPParseError.self) { try SIPURI(text) }
        #expect(error.kind == .invalidURI(expected.reason))
        #expect(error.offset == expected.offset)
        #expect(error.header == nil)
        #expect(error.reason == "Invalid URI: \(expected.reason)")
    }

    @Test("offsets from init(parsing:) are indices of the bytes given")
    func offsetsInSlice() throws {
        let bytes = Array("To: <sip:alice@atlanta.com:99999>".utf8)
        let error = try #require(throws: SIPParseError.self) { try SIPURI(parsing: bytes[5..<32]) }
        #expect(error.kind == .invalidURI("bad port"))
        #expect(error.offset == 27)
        let uri = try SIPURI(parsing: bytes[5..<26])
        #expect(uri.host == .domain("atlanta.com"))
    }

    // MARK: Building

    @Test("a URI built in code prints as a SIP URI and parses back equal")
    func built() throws {
        let uri = SIPURI(scheme: .sips, user: "bob", host: .ipv6("2001:db8::1"), port: 5061,
                         parameters: [SIPParameter("transport", "tls"), SIPParameter("lr")],
                         headers: [SIPParameter("subject", "hi%20there")])
        #expect(uri.description == "sips:bob@[2001:db8::1]:5061;transport=tls;lr?subject=hi%20there")
        #expect(try SIPURI(uri.description) == uri)
        #expect(SIPURI.Host.ipv6("::1").description == "[::1]")
        #expect(SIPParameter("q", "0.5").description == "q=0.5")
        #expect(SIPParameter("text", "\"a \\\"b\\\" \\\\c\"").unquotedValue == "a \"b\" \\c")
    }
}
