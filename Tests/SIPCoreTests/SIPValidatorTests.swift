import Testing
@testable import SIPCore

@Suite("Validation as a UAS or proxy (RFC 3261 §8.2, §16.3)")
struct SIPValidatorTests {
    static func request(_ method: String = "OPTIONS", _ extra: [String] = [], body: String = "") -> [UInt8] {
        sipText([
            "\(method) sip:bob@biloxi.example.com SIP/2.0", "Via: SIP/2.0/UDP h.example;branch=z9hG4bK1",
            "Max-Forwards: 70", "From: <sip:a@atlanta.example.com>;tag=1", "To: <sip:bob@biloxi.example.com>",
            "Call-ID: c1", "CSeq: 1 \(method)",
        ] + extra + ["Content-Length: \(body.utf8.count)"], body: body)
    }

    static func status(_ bytes: [UInt8], _ validator: SIPValidator = SIPValidator()) -> Int? {
        validator.validate(bytes: bytes).1.rejection?.status
    }

    @Test("a plain request is accepted with no warnings")
    func accepted() {
        let (message, result) = SIPValidator().validate(bytes: Self.request())
        #expect(message != nil)
        #expect(result.isAccepted)
        #expect(result.warnings.isEmpty)
        #expect(result.rejection == nil)
    }

    @Test("Max-Forwards 0: a UAS processes it, a proxy answers 483 except to OPTIONS")
    func maxForwardsZero() {
        let invite = sipText([
            "INVITE sip:bob@biloxi.example.com SIP/2.0", "Via: SIP/2.0/UDP h.example;branch=z9hG4bK1", "Max-Forwards: 0",
            "From: <sip:a@atlanta.example.com>;tag=1", "To: <sip:bob@biloxi.example.com>", "Call-ID: c1", "CSeq: 1 INVITE",
            "Content-Length: 0",
        ])
        #expect(Self.status(invite) == nil)
        #expect(Self.status(invite, SIPValidator(role: .proxy)) == 483)
        let options = Array(String(decoding: invite, as: UTF8.self).replacingOccurrences(of: "INVITE", with: "OPTIONS").utf8)
        #expect(Self.status(options, SIPValidator(role: .proxy)) == nil)
    }

    @Test("Require is checked by a UAS and Proxy-Require by a proxy (420 with Unsupported)")
    func extensions() {
        let bytes = Self.request("OPTIONS", ["Require: foo", "Proxy-Require: bar"])
        let uas = SIPValidator().validate(bytes: bytes).1.rejection
        #expect(uas?.status == 420)
        #expect(uas?.headers == [SIPParameter("Unsupported", "foo")])
        let proxy = SIPValidator(role: .proxy).validate(bytes: bytes).1.rejection
        #expect(proxy?.headers == [SIPParameter("Unsupported", "bar")])
        #expect(Self.status(Self.request("OPTIONS", ["Require: foo"]), SIPValidator(supportedOptionTags: ["foo"])) == nil)
        // ACK and CANCEL are never rejected for Require (§8.2.2.3)
        #expect(Self.status(Self.request("CANCEL", ["Require: foo"])) == nil)
    }

    @Test("bodies: 415 for an unknown type or encoding, 400 without Content-Type, nothing without a body")
    func bodies() {
        #expect(Self.status(Self.request("MESSAGE", ["Content-Type: application/x-unknown"], body: "hi")) == 415)
        #expect(Self.status(Self.request("MESSAGE", ["Content-Type: application/x-unknown"])) == nil)
        #expect(Self.status(Self.request("MESSAGE", [], body: "hi")) == 400)
        #expect(Self.status(Self.request("MESSAGE", ["Content-Type: text/plain", "Content-Encoding: gzip"], body: "hi")) == 415)
        #expect(Self.status(Self.request("MESSAGE", ["Content-Type: text/plain;charset=UTF-8"], body: "hi")) == nil)
    }

    @Test("Accept on INVITE: 406 unless it covers application/sdp")
    func accept() {
        #expect(Self.status(Self.request("INVITE", ["Accept: text/html"])) == 406)
        #expect(Self.status(Self.request("INVITE", ["Accept: application/*"])) == nil)
        #expect(Self.status(Self.request("INVITE", ["Accept: */*;q=0.1, text/html"])) == nil)
        #expect(Self.status(Self.request("INVITE", ["Accept:"])) == nil)
    }

    @Test("REGISTER with Contact * needs Expires: 0 (§10.2.2)")
    func wildcard() {
        #expect(Self.status(Self.request("REGISTER", ["Contact: *", "Expires: 0"])) == nil)
        #expect(Self.status(Self.request("REGISTER", ["Contact: *"])) == 400)
    }

    @Test("Request-URI: 416 for an unknown scheme, 400 for headers or a bad URI")
    func requestURI() {
        let text = String(decoding: Self.request(), as: UTF8.self)
        func with(_ uri: String) -> [UInt8] {
            Array(text.replacingOccurrences(of: "sip:bob@biloxi.example.com SIP", with: "\(uri) SIP").utf8)
        }
        #expect(Self.status(with("mailto:bob@example.com")) == 416)
        #expect(Self.status(with("tel:+1-201-555-0123")) == nil)
        #expect(Self.status(with("sip:bob@biloxi.example.com?Subject=x")) == 400)
        #expect(Self.status(with("sip:bob@bad_host!")) == 400)
        #expect(Self.status(with("mailto:bob@example.com"), SIPValidator(supportedSchemes: ["sip", "mailto"])) == nil)
    }

    @Test("RFC 2543 peers: no branch cookie, no From tag, no Max-Forwards are warnings")
    func rfc2543() {
        let bytes = sipText([
            "OPTIONS sip:bob@biloxi.example.com SIP/2.0", "Via: SIP/2.0/UDP h.example", "From: <sip:a@atlanta.example.com>",
            "To: <sip:bob@biloxi.example.com>", "Call-ID: c1", "CSeq: 1 OPTIONS", "Content-Length: 0",
        ])
        let result = SIPValidator().validate(bytes: bytes).1
        #expect(result.isAccepted)
        #expect(result.warnings.map(\.header) == ["Max-Forwards", "From", "Via"])
    }

    @Test("responses are never answered")
    func responses() {
        let bad = sipText(["SIP/2.0 200 OK", "Via: SIP/2.0/UDP h.example;branch=z9hG4bK1", "CSeq: x", "Content-Length: 0"])
        let result = SIPValidator().validate(bytes: bad).1
        #expect(!result.isAccepted)
        #expect(result.rejection == nil)
    }
}
