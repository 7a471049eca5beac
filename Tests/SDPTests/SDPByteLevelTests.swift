import Testing
@testable import SDP

/// The byte-level machinery behind the fast parser and writer: character classes, the field
/// splitter, the control-byte scan, attribute kinds, byte-range lines and the one-copy
/// serialization.
@Suite("SDP byte-level internals")
struct SDPByteLevelTests {
    @Test("RFC 8866 §9, RFC 8839 §5.1: the constant masks are the grammar's character classes")
    func characterClasses() {
        for value in 0...255 {
            let byte = UInt8(value)
            let token: Bool
            switch byte {
            case 0x21, 0x23...0x27, 0x2A, 0x2B, 0x2D, 0x2E, 0x30...0x39, 0x41...0x5A, 0x5E...0x7E: token = true
            default: token = false
            }
            let ice: Bool
            switch byte {
            case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2B, 0x2F: ice = true
            default: ice = false
            }
            let digit = (0x30...0x39).contains(byte)
            let hex = digit || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
            #expect(SDPByteSet.token.contains(byte) == token && (SDPByteSet.token.bit(byte) == 1) == token, "\(byte)")
            #expect(SDPByteSet.iceChar.contains(byte) == ice && (SDPByteSet.iceChar.bit(byte) == 1) == ice, "\(byte)")
            #expect(SDPByteSet.digit.contains(byte) == digit, "\(byte)")
            #expect(SDPByteSet.hexDigit.contains(byte) == hex, "\(byte)")
            #expect(SDPGrammar.lower(byte) == (byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte), "\(byte)")
        }
    }

    @Test("the eight-bytes-a-step control scan finds the first byte below 0x0E")
    func controlScan() {
        var state: UInt64 = 0x1234_5678
        for length in 0..<40 {
            for _ in 0..<20 {
                let bytes: [UInt8] = (0..<length).map { _ in
                    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    let roll = UInt8(truncatingIfNeeded: state >> 33)
                    return roll < 16 ? roll : (roll < 40 ? 0x80 | roll : 0x20 + roll % 90)
                }
                bytes.withUnsafeBufferPointer { buffer in
                    for from in 0...length {
                        let expected = (from..<length).first { bytes[$0] < 0x0E } ?? length
                        #expect(buffer.firstControl(from: from) == expected)
                    }
                    #expect(buffer.isASCII == bytes.allSatisfy { $0 < 0x80 })
                }
            }
        }
    }

    @Test("fields split at runs of spaces only, as SDPGrammar.fields does")
    func fields() {
        for text in ["", " ", "a", " a", "a ", "  a  b\tc  ", "a b c d e f g", "é ü", "x  y"] {
            let expected = SDPGrammar.fields(text).map(String.init)
            let actual = SDPGrammar.withBytes(text) { bytes in
                var fields = SDPFields(bytes)
                var out: [String] = []
                while let field = fields.next() { out.append(field.string) }
                return out
            }
            #expect(actual == expected, "\(text)")
            #expect(SDPGrammar.withBytes(text) { SDPFields.count($0) } == expected.count)
        }
    }

    @Test("RFC 8866 §5.13: attribute names are recognised once per line, ASCII case-insensitively")
    func attributeKinds() {
        let known: [(String, SDPAttributeKind)] = [
            ("rtpmap", .rtpmap), ("FMTP", .fmtp), ("rtcp-fb", .rtcpFB), ("Candidate", .candidate), ("fingerprint", .fingerprint),
            ("setup", .setup), ("mid", .mid), ("group", .group), ("ssrc", .ssrc), ("msid", .msid), ("extmap", .extmap),
            ("ice-ufrag", .iceUfrag), ("ice-pwd", .icePwd), ("ice-options", .iceOptions), ("rtcp", .rtcp), ("ptime", .ptime),
            ("maxptime", .maxptime), ("sendrecv", .sendrecv), ("SENDONLY", .sendonly), ("recvonly", .recvonly),
            ("inactive", .inactive), ("rtcp-mux", .rtcpMux), ("rtcp-rsize", .rtcpRsize), ("end-of-candidates", .endOfCandidates),
            ("ice-lite", .iceLite),
        ]
        for (name, kind) in known {
            #expect(SDPAttributeKind.recognize(name) == kind, "\(name)")
            #expect(SDPLine.attribute(name, "x").kind == kind)
            #expect(SDPLine.attribute(name).isAttribute(name.uppercased()))
        }
        for name in ["", "rtpma", "rtpmaps", "rtcp-xr", "msid-semantic", "ice_lite", "mi\u{0}", "candidat\u{212A}", "x-custom"] {
            #expect(SDPAttributeKind.recognize(name) == .other, "\(name)")
        }
        var line = SDPLine(.attribute, "rtpmap:0 PCMU/8000")
        #expect(line.kind == .rtpmap)
        line.value = "x-custom"
        #expect(line.kind == .other && line.isAttribute("X-CUSTOM") && !line.isAttribute("rtpmap"))
        line.type = .information
        #expect(line.kind == .notAttribute && !line.isAttribute("x-custom") && line.attribute == nil)
        line.type = .attribute
        #expect(line.kind == .other && line.attribute == SDPAttribute(name: "x-custom"))
    }

    @Test("RFC 8866 §5: a parsed line keeps a byte range of the text and compares as its String value does")
    func parsedLines() throws {
        let session = try SDPSession(parsing: "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=\u{212A}\r\nt=0 0\r\na=rtcp-mux\r\n")
        let name = session.lines[2]
        #expect(name.value == "\u{212A}")
        // Swift compares strings by canonical equivalence (U+212A KELVIN SIGN is K); lines do too.
        #expect(name == SDPLine(.sessionName, "K"))
        #expect(name.hashValue == SDPLine(.sessionName, "K").hashValue)
        #expect(name != SDPLine(.sessionName, "k"))
        #expect(session.lines[4] == .attribute("rtcp-mux"))
        #expect(session.lines[4].hashValue == SDPLine.attribute("rtcp-mux").hashValue)
        #expect(session.lines[1].attribute == nil)
        #expect(session.lines.map(\.description) == ["v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=\u{212A}", "t=0 0", "a=rtcp-mux"])
    }

    @Test("RFC 8866 §5: edited lines serialize as edited (the one-copy path only serves untouched text)")
    func serializationAfterEdits() throws {
        let text = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\na=sendrecv\r\na=ptime:20"
        let original = try SDPSession(parsing: text)
        #expect(original.text == text)
        func expected(_ session: SDPSession) -> String {
            let all = session.allLines
            return all.enumerated().map { index, line in
                let ending = index == all.count - 1 ? line.ending : (line.ending == .none ? .crlf : line.ending)
                return line.description + String(decoding: ending.bytes, as: UTF8.self)
            }.joined()
        }
        var edited = original
        edited.media[0].lines[0].type = .information
        #expect(edited.text == expected(edited) && edited.text.contains("i=sendrecv\r\n"))
        edited = original
        edited.lines[1].ending = .crlf
        #expect(edited.text == expected(edited) && edited.text.contains("127.0.0.1\r\ns=-"))
        edited = original
        edited.media[0].lines[1].value = "ptime:30"
        #expect(edited.text.hasSuffix("a=ptime:30"))
        edited = original
        edited.media[0].lines.append(.attribute("rtcp-mux"))
        #expect(edited.text == text + "\r\na=rtcp-mux\r\n")
        edited = original
        edited.lines.swapAt(2, 3)
        #expect(edited.text == expected(edited))
        let merged = SDPSession(lines: original.lines, media: try SDPSession(parsing: text).media)
        #expect(merged.text == text)
    }

    @Test("RFC 8866 §5: with bytes that are not UTF-8, an earlier error still comes first")
    func errorOrderWithInvalidUTF8() {
        let bad: [UInt8] = [0xC3, 0x28]
        let earlier = Array("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nnonsense\r\ns=".utf8) + bad
        #expect(throws: SDPParseError(.malformedLine, line: 3)) { try SDPSession(parsing: earlier) }
        let first = Array("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=".utf8) + bad + Array("\r\nnonsense\r\n".utf8)
        #expect(throws: SDPParseError(.invalidUTF8, line: 3)) { try SDPSession(parsing: first) }
        let slice = first[...]
        #expect(throws: SDPParseError(.invalidUTF8, line: 3)) { try SDPSession(parsing: slice) }
    }

    @Test("the writer prints numbers as String(_:) does")
    func writerNumbers() {
        var writer = SDPWriter()
        let unsigned: [UInt64] = [0, 9, 10, 99, 100, 4_294_967_295, UInt64.max]
        let signed: [Int] = [0, -1, 20, Int.min, Int.max]
        writer.begin(.information)
        for value in unsigned {
            writer.append(decimal: value)
            writer.space()
        }
        for value in signed {
            writer.append(decimal: value)
            writer.space()
        }
        for byte: UInt8 in [0x00, 0x0F, 0xA0, 0xFF] { writer.append(hex: byte) }
        let session = writer.finish()
        let expected = (unsigned.map { String($0) } + signed.map { String($0) }).joined(separator: " ") + " 000FA0FF"
        #expect(session.lines.map(\.value) == [expected])
        #expect(session.text == "i=" + expected + "\r\n")
    }
}
