import Testing
import SDP

/// RFC 8866 §5 parsing and serialization: lossless round trips, line order, typed errors.
@Suite("RFC 8866 §5 parse and serialize")
struct SDPParserTests {
    static let minimal = ["v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "t=0 0"]

    @Test("RFC 8866 §5: CRLF, LF and a last line without ending round-trip byte-exact")
    func mixedLineEndings() throws {
        let bytes = Array("v=0\r\no=- 1 1 IN IP4 127.0.0.1\ns=-\r\nt=0 0\nm=audio 9 RTP/AVP 0\r\na=sendrecv".utf8)
        let session = try SDPSession(parsing: bytes)
        #expect(session.serialized() == bytes)
        #expect(session.lines.map(\.ending) == [.crlf, .lf, .crlf, .lf])
        #expect(session.media[0].header.ending == .crlf)
        #expect(session.media[0].lines.last?.ending == SDPLineEnding.none)
    }

    @Test("RFC 8866 §5: unknown line types and attributes are kept, in order, with their exact bytes")
    func unknownLinesKept() throws {
        let text = SDPFixtures.crlf([
            "v=0", "o=carol 7 8 IN IP6 ::1", "s= spaced  name ", "x=unknown type", "a=x-custom:  odd  spacing ",
            "t=0 0", "a=x-flag", "m=audio 5004 RTP/AVP 0", "y=media-level unknown", "a=x-other:ü ✓ utf-8",
            "a=rtpmap:0 PCMU/8000", "a=foo:",
        ])
        let session = try SDPSession(parsing: text)
        #expect(session.serialized() == text)
        #expect(session.attributes.map(\.name) == ["x-custom", "x-flag"])
        #expect(session.attributeValue("x-custom") == "  odd  spacing ")
        #expect(session.attributeValue("x-flag") == "")
        #expect(session.media[0].attributes.last == SDPAttribute(name: "foo", value: ""))
        #expect(session.media[0].attributeValue("x-other") == "ü ✓ utf-8")
    }

    @Test("RFC 8866 §5: the order of lines is kept even where it departs from the RFC's order")
    func lineOrderKept() throws {
        let lines = ["v=0", "o=- 1 1 IN IP4 127.0.0.1", "a=group:BUNDLE 0", "s=-", "t=0 0", "c=IN IP4 127.0.0.1",
                     "b=AS:64", "m=audio 9 UDP/TLS/RTP/SAVPF 111", "a=mid:0", "c=IN IP4 127.0.0.1",
                     "a=rtpmap:111 opus/48000/2", "b=TIAS:64000", "i=after attributes"]
        let session = try SDPSession(parsing: SDPFixtures.crlf(lines))
        #expect(session.allLines.map(\.description) == lines)
        #expect(session.text == lines.map { $0 + "\r\n" }.joined())
    }

    @Test("RFC 8866 §5: parse → serialize → parse gives an equal session")
    func parseSerializeParse() throws {
        for name in SDPFixtures.all {
            let first = try SDPFixtures.session(name)
            let second = try SDPSession(parsing: first.serialized())
            #expect(first == second, "\(name)")
        }
    }

    @Test("RFC 8866 §5.14: assigning the media line rewrites the m= line and keeps its ending")
    func mediaLineRewrite() throws {
        let bytes = Array("v=0\no=- 1 1 IN IP4 127.0.0.1\ns=-\nt=0 0\nm=audio 9 RTP/AVP 0  8\na=sendrecv\n".utf8)
        var session = try SDPSession(parsing: bytes)
        #expect(session.serialized() == bytes, "odd spacing is kept while the line is untouched")
        #expect(session.media[0].formats == ["0", "8"])
        session.media[0].mediaLine.port = 0
        #expect(session.media[0].header == SDPLine(.media, "audio 0 RTP/AVP 0 8", ending: .lf))
        #expect(session.text.contains("m=audio 0 RTP/AVP 0 8\na=sendrecv\n"))
    }

    @Test("RFC 8866 §5: a built session serializes with CRLF and parses back")
    func builtSession() throws {
        var media = SDPMediaDescription(mediaLine: SDPMediaLine(media: "audio", port: 4000, proto: "RTP/AVP", formats: ["0"]))
        media.appendAttribute("rtpmap", "0 PCMU/8000")
        media.appendAttribute("sendonly")
        let session = SDPSession(lines: Self.minimal.map { line in
            SDPLine(SDPLineType(rawValue: line.utf8.first ?? 0) ?? .attribute, String(line.dropFirst(2)))
        }, media: [media])
        #expect(session.text == (Self.minimal + ["m=audio 4000 RTP/AVP 0", "a=rtpmap:0 PCMU/8000", "a=sendonly"])
            .map { $0 + "\r\n" }.joined())
        #expect(try SDPSession(parsing: session.serialized()) == session)
        #expect(session.media[0].direction == .sendonly)
    }

    /// (input lines joined with CRLF, expected kind, expected line number)
    static let errorCases: [(String, SDPParseError.Kind, Int)] = [
        ("", .emptyInput, 0),
        ("o=- 1 1 IN IP4 127.0.0.1\r\nv=0\r\n", .missingVersion, 1),
        ("v=1\r\n", .unsupportedVersion("1"), 1),
        ("v=0\r\n\r\no=- 1 1 IN IP4 127.0.0.1\r\n", .emptyLine, 2),
        ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nnonsense\r\n", .malformedLine, 3),
        ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns =x\r\n", .malformedLine, 3),
        ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n1=x\r\n", .malformedLine, 3),
        ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=a\u{0}b\r\n", .invalidCharacter(0), 3),
        ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=a\rb\r\n", .invalidCharacter(0x0D), 3),
        ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\r\n", .invalidCharacter(0x0D), 3),
        ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\no=- 2 2 IN IP4 127.0.0.1\r\n", .duplicateLine(.origin), 3),
        ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\ns=again\r\n", .duplicateLine(.sessionName), 4),
        ("v=0\r\ns=-\r\nt=0 0\r\n", .missingOrigin, 3),
        ("v=0\r\ns=-\r\nm=audio 9 RTP/AVP 0\r\n", .missingOrigin, 3),
        ("v=0\r\no=- x 1 IN IP4 127.0.0.1\r\n", .malformedValue(.origin), 2),
        ("v=0\r\no=- 1 1 IN IP4\r\n", .malformedValue(.origin), 2),
        ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nc=IN IP4\r\n", .malformedValue(.connection), 3),
        ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nt=0\r\n", .malformedValue(.timing), 3),
        ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nb=AS\r\n", .malformedValue(.bandwidth), 3),
        ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nm=audio x RTP/AVP 0\r\n", .malformedValue(.media), 3),
        ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nm=audio 70000 RTP/AVP 0\r\n", .malformedValue(.media), 3),
        ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nm=audio 9 RTP/AVP\r\n", .malformedValue(.media), 3),
        ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nm=audio 9 RTP/AVP 0\r\nt=0 0\r\n", .misplacedLine(.timing), 4),
        ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nm=audio 9 RTP/AVP 0\r\nc=IN IP4 ::1\r\nc=IN IP4 ::1\r\n", .duplicateLine(.connection), 5),
        ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nm=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU\r\n", .malformedAttribute("rtpmap"), 4),
        ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nm=audio 9 RTP/AVP 0\r\na=rtpmap:300 x/8000\r\n", .malformedAttribute("rtpmap"), 4),
        ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nm=audio 9 RTP/AVP 0\r\na=sendrecv:yes\r\n", .malformedAttribute("sendrecv"), 4),
        ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\na=setup:sometimes\r\n", .malformedAttribute("setup"), 3),
        ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\na=fingerprint:sha-256 AB:CD\r\n", .malformedAttribute("fingerprint"), 3),
        ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nm=audio 9 RTP/AVP 0\r\na=candidate:1 1 udp 1 127.0.0.1 9 host\r\n",
         .malformedAttribute("candidate"), 4),
        ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nm=audio 9 RTP/AVP 0\r\na=ice-ufrag:a b\r\n", .malformedAttribute("ice-ufrag"), 4),
        ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nm=audio 9 RTP/AVP 0\r\na=mid\r\n", .malformedAttribute("mid"), 4),
        ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nm=audio 9 RTP/AVP 0\r\na=ssrc:abc cname:x\r\n", .malformedAttribute("ssrc"), 4),
        ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nm=audio 9 RTP/AVP 0\r\na=extmap:x urn:foo\r\n", .malformedAttribute("extmap"), 4),
        ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nm=audio 9 RTP/AVP 0\r\na=ptime:twenty\r\n", .malformedAttribute("ptime"), 4),
        ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\na=\r\n", .malformedAttribute(""), 3),
    ]

    @Test("RFC 8866 §5, §9: malformed input gives a typed error with the line number",
          arguments: errorCases.indices)
    func typedErrors(index: Int) {
        let (text, kind, line) = Self.errorCases[index]
        #expect(throws: SDPParseError(kind, line: line)) { try SDPSession(parsing: text) }
    }

    @Test("RFC 8866 §5: non-UTF-8 bytes are a typed error naming the line")
    func invalidUTF8() {
        let bytes: [UInt8] = Array("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=".utf8) + [0xFF, 0xFE] + [0x0D, 0x0A]
        #expect(throws: SDPParseError(.invalidUTF8, line: 3)) { try SDPSession(parsing: bytes) }
    }

    @Test("the parse error names its line")
    func errorDescription() {
        #expect(SDPParseError(.malformedAttribute("rtpmap"), line: 7).description == "SDP line 7: malformed a=rtpmap attribute")
    }
}
