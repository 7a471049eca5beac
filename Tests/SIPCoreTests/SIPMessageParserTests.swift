import Testing
@testable import SIPCore

let inviteLines = [
    "INVITE sip:bob@biloxi.example.com SIP/2.0",
    "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds",
    "Max-Forwards: 70",
    "To: Bob <sip:bob@biloxi.example.com>",
    "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
    "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
    "CSeq: 314159 INVITE",
    "Contact: <sip:alice@pc33.atlanta.example.com>",
    "Content-Type: application/sdp",
    "Content-Length: 4",
]

@Suite("SIP message parser (RFC 3261 §7)")
struct SIPMessageParserTests {
    @Test("request: start line, headers in order, body")
    func request() throws {
        let m = try SIPMessage(parsing: sipText(inviteLines, body: "v=0\n"))
        #expect(m.kind == .request)
        #expect(m.method == .invite)
        #expect(m.requestURIText == "sip:bob@biloxi.example.com")
        #expect(m.version == "SIP/2.0")
        #expect(m.headerCount == 9)
        #expect(m.headerFields.map(\.name) == ["Via", "Max-Forwards", "To", "From", "Call-ID", "CSeq", "Contact",
                                                "Content-Type", "Content-Length"])
        #expect(m.body == Array("v=0\n".utf8))
        #expect(m.violations.isEmpty)
    }

    @Test("response: status code and reason phrase, empty reason allowed")
    func response() throws {
        let m = try SIPMessage(parsing: sipText(["SIP/2.0 180 Ringing", "Via: SIP/2.0/UDP h;branch=z9hG4bKx",
                                                 "Content-Length: 0"]))
        #expect(m.kind == .response)
        #expect(m.statusCode == 180)
        #expect(m.reasonPhrase == "Ringing")
        #expect(m.method == nil)
        let empty = try SIPMessage(parsing: sipText(["SIP/2.0 100 ", "Content-Length: 0"]))
        #expect(empty.reasonPhrase == "")
    }

    @Test("leading CRLFs before the start line are ignored (§7.5)")
    func leadingCRLF() throws {
        let m = try SIPMessage(parsing: [13, 10, 13, 10] + sipText(inviteLines, body: "v=0\n"))
        #expect(m.method == .invite)
    }

    @Test("header names are case-insensitive and compact forms are the same header (§7.3.1, §7.3.3)")
    func compactForms() throws {
        let m = try SIPMessage(parsing: sipText([
            "OPTIONS sip:a@b.example SIP/2.0", "v: SIP/2.0/TCP h.example;branch=z9hG4bK1", "f: <sip:x@y.example>;tag=1",
            "t: <sip:a@b.example>", "i: abc", "CSEQ: 1 OPTIONS", "max-forwards: 70", "l: 0",
        ]))
        #expect(m.values(.via) == ["SIP/2.0/TCP h.example;branch=z9hG4bK1"])
        #expect(m.callID == "abc")
        #expect(m.cseq == SIPCSeq(1, .options))
        #expect(m.contentLength == 0)
        #expect(m.headerFields[0].headerName == .via)
        #expect(SIPHeaderName("v") == SIPHeaderName("VIA"))
        #expect(SIPHeaderName("X-Custom") == SIPHeaderName("x-custom"))
        #expect(SIPHeaderName("X-Custom") != SIPHeaderName("x-other"))
        #expect(SIPHeaderName.callID.compactForm == "i")
        #expect(SIPHeaderName("WWW-AUTHENTICATE").canonicalName == "WWW-Authenticate")
    }

    @Test("line folding: value unfolded to one space, raw bytes kept (§7.3.1)")
    func folding() throws {
        let m = try SIPMessage(parsing: sipText([
            "OPTIONS sip:a@b.example SIP/2.0", "Subject: I know you're there,", "   pick up the phone", "\tand talk to me!",
            "Via: SIP/2.0/UDP h.example;branch=z9hG4bK1", "Content-Length: 0",
        ]))
        #expect(m.value("Subject") == "I know you're there, pick up the phone and talk to me!")
        let raw = try #require(m.headerFields.first { $0.name == "Subject" }).rawValue
        #expect(raw == Array("I know you're there,\r\n   pick up the phone\r\n\tand talk to me!".utf8))
    }

    @Test("unknown headers are kept byte-exact and in order")
    func unknownHeaders() throws {
        let m = try SIPMessage(parsing: sipText([
            "OPTIONS sip:a@b.example SIP/2.0", "X-B: 2", "X-A:   weird ;;,, value  ", "X-B: 1", "Content-Length: 0",
        ]))
        #expect(m.values("x-b") == ["2", "1"])
        #expect(m.headerFields[1].rawValue == Array("weird ;;,, value".utf8))
        #expect(String(decoding: m.serialized(), as: UTF8.self)
                == "OPTIONS sip:a@b.example SIP/2.0\r\nX-B: 2\r\nX-A: weird ;;,, value\r\nX-B: 1\r\nContent-Length: 0\r\n\r\n")
    }

    @Test("trailing octets after Content-Length are discarded in a datagram (§18.3)")
    func trailingOctets() throws {
        let m = try SIPMessage(parsing: sipText(inviteLines, body: "v=0\nEXTRA"))
        #expect(m.body == Array("v=0\n".utf8))
    }

    @Test("no Content-Length on a datagram: the body is the rest")
    func noContentLength() throws {
        var lines = inviteLines
        lines.removeLast()
        let m = try SIPMessage(parsing: sipText(lines, body: "abc"))
        #expect(m.body == Array("abc".utf8))
    }

    struct BadCase: Sendable, CustomTestStringConvertible {
        let name: String
        let bytes: [UInt8]
        let kind: SIPParseError.Kind
        let offset: Int
        let header: String?
        var testDescription: String { name }
    }

    static let badCases: [BadCase] = [
        BadCase(name: "empty", bytes: [], kind: .empty, offset: 0, header: nil),
        BadCase(name: "only CRLF", bytes: [13, 10, 13, 10], kind: .empty, offset: 4, header: nil),
        BadCase(name: "no line end", bytes: Array("OPTIONS sip:a@b SIP/2.0".utf8), kind: .truncated, offset: 23, header: nil),
        BadCase(name: "SIP/3.0", bytes: sipText(["OPTIONS sip:a@b SIP/3.0", "l: 0"]),
                kind: .unsupportedVersion("SIP/3.0"), offset: 16, header: nil),
        BadCase(name: "lower-case version is still 2.0, but SIP/2.00 is not",
                bytes: sipText(["OPTIONS sip:a@b SIP/2.00", "l: 0"]), kind: .unsupportedVersion("SIP/2.00"), offset: 16, header: nil),
        BadCase(name: "bad method", bytes: sipText(["OPT@ONS sip:a@b SIP/2.0", "l: 0"]), kind: .invalidMethod, offset: 3, header: nil),
        BadCase(name: "four-digit status", bytes: sipText(["SIP/2.0 2000 OK", "l: 0"]), kind: .invalidStatusCode, offset: 8, header: nil),
        BadCase(name: "status 099", bytes: sipText(["SIP/2.0 099 OK", "l: 0"]), kind: .invalidStatusCode, offset: 8, header: nil),
        BadCase(name: "header without colon", bytes: sipText(["OPTIONS sip:a@b SIP/2.0", "Via SIP/2.0/UDP h", "l: 0"]),
                kind: .malformedHeaderLine, offset: 29, header: "Via"),
        BadCase(name: "bare LF", bytes: Array("OPTIONS sip:a@b SIP/2.0\nl: 0\n\n".utf8), kind: .bareLineFeed, offset: 23, header: nil),
        BadCase(name: "Content-Length not a number", bytes: sipText(["OPTIONS sip:a@b SIP/2.0", "Content-Length: 1x"]),
                kind: .invalidContentLength, offset: 41, header: "Content-Length"),
        BadCase(name: "Content-Length over the datagram", bytes: sipText(["OPTIONS sip:a@b SIP/2.0", "Content-Length: 10"], body: "abc"),
                kind: .contentLengthExceedsBody(declared: 10, available: 3), offset: 47, header: "Content-Length"),
        BadCase(name: "two Content-Length", bytes: sipText(["OPTIONS sip:a@b SIP/2.0", "l: 0", "Content-Length: 0"]),
                kind: .duplicateHeader, offset: 31, header: "Content-Length"),
        BadCase(name: "continuation line first", bytes: sipText(["OPTIONS sip:a@b SIP/2.0", " folded", "l: 0"]),
                kind: .malformedHeaderLine, offset: 25, header: nil),
    ]

    @Test("strict mode: typed errors with offset and header", arguments: badCases)
    func strictErrors(_ bad: BadCase) {
        #expect(throws: SIPParseError(bad.kind, offset: bad.offset, header: bad.header)) {
            try SIPMessage(parsing: bad.bytes)
        }
    }

    @Test("lenient mode repairs bare LF, LWS in the Request-Line, bad header lines, short bodies")
    func lenient() throws {
        let bytes = Array("OPTIONS  sip:a@b  SIP/2.0 \nVia: SIP/2.0/UDP h;branch=z9hG4bK1\nGarbage line\nContent-Length: 10\n\nabc".utf8)
        #expect(throws: SIPParseError.self) { try SIPMessage(parsing: bytes) }
        let m = try SIPMessage(parsing: bytes, options: .lenient)
        #expect(m.method == .options)
        #expect(m.requestURIText == "sip:a@b")
        #expect(m.headerFields.map(\.name) == ["Via", "Content-Length"])
        #expect(m.body == Array("abc".utf8))
        let kinds = m.violations.map(\.kind)
        #expect(kinds.contains(.bareLineFeed))
        #expect(kinds.contains(.malformedHeaderLine))
        #expect(kinds.contains(.contentLengthExceedsBody(declared: 10, available: 3)))
        #expect(kinds.contains(.malformedStartLine("extra white space in Request-Line")))
    }

    @Test("limits: size, header count and header section are bounded")
    func limits() {
        let tight = SIPParserOptions(limits: SIPParserLimits(maxMessageSize: 100, maxHeaderSectionSize: 64, maxHeaderCount: 3))
        let big = sipText(inviteLines, body: "v=0\n")
        #expect(throws: SIPParseError(.limitExceeded("message larger than 100 bytes"), offset: 100)) {
            try SIPMessage(parsing: big, options: tight)
        }
        let many = sipText(["OPTIONS sip:a@b SIP/2.0", "A: 1", "B: 2", "C: 3", "D: 4", "l: 0"])
        #expect(throws: SIPParseError(.limitExceeded("more than 3 header fields"), offset: 43)) {
            try SIPMessage(parsing: many, options: tight)
        }
        let longHeaders = sipText(["OPTIONS sip:a@b SIP/2.0", "X: " + String(repeating: "a", count: 50), "Y: 1"])
        let headerLimit = SIPParserOptions(limits: SIPParserLimits(maxMessageSize: 1000, maxHeaderSectionSize: 64, maxHeaderCount: 10))
        #expect(throws: SIPParseError(.limitExceeded("header section larger than 64 bytes"), offset: 80)) {
            try SIPMessage(parsing: longHeaders, options: headerLimit)
        }
    }

    @Test("equality: compact and long forms differ as text but the same headers compare equal only by name and bytes")
    func equality() throws {
        let a = try SIPMessage(parsing: sipText(["OPTIONS sip:a@b SIP/2.0", "Via: SIP/2.0/UDP h", "l: 0"]))
        let b = try SIPMessage(parsing: sipText(["OPTIONS sip:a@b SIP/2.0", "v: SIP/2.0/UDP h", "Content-Length: 0"]))
        let c = try SIPMessage(parsing: sipText(["OPTIONS sip:a@b SIP/2.0", "v: SIP/2.0/TCP h", "Content-Length: 0"]))
        #expect(a == b)
        #expect(a != c)
    }

    @Test("editing: append, insert, set, remove, body")
    func editing() throws {
        var m = try SIPMessage(parsing: sipText(["OPTIONS sip:a@b SIP/2.0", "Via: SIP/2.0/UDP h;branch=z9hG4bK2", "l: 0"]))
        try m.insert(header: "Via", value: "SIP/2.0/UDP p;branch=z9hG4bK1", at: 0)
        try m.append(header: "X-Test", value: "yes")
        #expect(m.via.map(\.branch) == ["z9hG4bK1", "z9hG4bK2"])
        try m.setBody(Array("hello".utf8), contentType: "text/plain")
        #expect(m.contentLength == 5)
        #expect(m.contentType == SIPContentType("text", "plain"))
        m.removeFirst(.via)
        #expect(m.via.map(\.branch) == ["z9hG4bK2"])
        #expect(m.removeHeaders("x-test") == 1)
        let reparsed = try SIPMessage(parsing: m.serialized())
        #expect(reparsed == m)
        #expect(reparsed.body == Array("hello".utf8))
        #expect(throws: SIPParseError.self) { try m.append(header: "X-Bad", value: "a\r\nInjected: 1") }
        #expect(throws: SIPParseError.self) { try m.append(header: "Bad Name", value: "1") }
    }

    @Test("comment nesting is bounded by the configured limit")
    func nesting() throws {
        let deep = String(repeating: "(", count: 5) + "x" + String(repeating: ")", count: 5)
        let bytes = sipText(["SIP/2.0 503 Service Unavailable", "Retry-After: 18000 \(deep);duration=3600", "l: 0"])
        let roomy = try SIPMessage(parsing: bytes)
        #expect(roomy.retryAfter?.comment == deep)
        let tight = try SIPMessage(parsing: bytes, options: SIPParserOptions(limits: SIPParserLimits(maxNestingDepth: 4)))
        #expect(tight.retryAfter == nil)
        #expect(throws: SIPParseError(.invalidHeaderValue("comment nested too deeply"), offset: 56, header: "Retry-After")) {
            try tight.parsed(.retryAfter)
        }
    }
}
