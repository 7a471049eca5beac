import SIPConformance
import Testing

/// The scenario format: keys, steps, blocks, checks and their citations, and the errors a bad
/// file gets (file, line, reason).
@Suite struct ScenarioParserTests {
    static let parser = ScenarioParser { path in
        switch path {
        case "common.inc": return Array("expect nothing for 1s\n".utf8)
        case "bad.inc": return Array("# a comment\nexpect response\n  status 2oo\n".utf8)
        default: throw ConformanceError.unreadable(path)
        }
    }

    @Test("a line inside an included file is named by that file and its own line number")
    func includedOrigins() throws {
        do {
            _ = try Self.parser.parse(Array("wait 1s\ninclude bad.inc\n".utf8), suite: "s", file: "f", name: "f")
            Issue.record("parsed")
        } catch {
            #expect(error == .badScenario(file: "bad.inc", line: 3, reason: "status wants codes like 200, 4xx, 400-499"))
        }
        let scenario = try Self.parser.parse(Array("wait 1s\ninclude common.inc\nwait 2s\n".utf8), suite: "s", file: "f", name: "f")
        guard case .expect(let expectation) = scenario.steps[1] else { Issue.record("\(scenario.steps)"); return }
        #expect(scenario.origin(of: expectation.line) == "common.inc:1")
        guard case .wait(_, let line) = scenario.steps[2] else { Issue.record("\(scenario.steps)"); return }
        #expect(scenario.origin(of: line) == "f:3")
    }

    @Test("frame … as LABEL, and the handshake's selected subprotocol check")
    func frameLabelAndSelected() throws {
        let text = "frame text nofin <<M\nOPTIONS\nM\nframe continuation as split <<M\nrest\nM\nexpect handshake\n  selected != sip\n"
        let scenario = try Self.parser.parse(Array(text.utf8), suite: "s", file: "f", name: "f")
        #expect(scenario.steps.count == 3)
        guard case .frame(1, false, _, nil, nil, _) = scenario.steps[0], case .frame(0, true, _, nil, "split", _) = scenario.steps[1],
              case .expect(let expectation) = scenario.steps[2] else { Issue.record("\(scenario.steps)"); return }
        #expect(expectation.checks.map(\.kind) == [.selected("sip", present: false)])
    }

    @Test("keys, a send block, an expect with checks and citations, include, auth, reply")
    func wholeCase() throws {
        let text = """
            # comment
            title: A case
            roles: proxy edge
            transports: udp ws
            rfc: RFC 3261 §10.3
            users: 2
            known: kamailio: the reason

            send as reg <<SIP
            REGISTER sip:${domain} SIP/2.0
            Content-Length: ${content-length}

            SIP
            expect response reg within 2s
              status 401 407                 [RFC 3261 §22.2]
              header WWW-Authenticate ~ ^Digest
              challenge algorithm=MD5 qop=auth
              capture t = to-tag
            auth user=2 algorithm=SHA-256 nc=3
            include common.inc
            reply 486 Busy Here to call
            """
        let scenario = try Self.parser.parse(Array(text.utf8), suite: "registrar", file: "f.scenario", name: "f")
        #expect(scenario.id == "registrar/f")
        #expect(scenario.title == "A case")
        #expect(scenario.roles == [.proxy, .edge])
        #expect(scenario.transports == [.udp, .ws])
        #expect(scenario.users == 2)
        #expect(scenario.known.map(\.server) == ["kamailio"] && scenario.known.map(\.reason) == ["the reason"])
        #expect(scenario.steps.count == 5)
        guard case .send(let template, let raw, let label, let line) = scenario.steps[0] else { Issue.record("not send"); return }
        #expect(String(decoding: template, as: UTF8.self) == "REGISTER sip:${domain} SIP/2.0\r\nContent-Length: ${content-length}\r\n\r\n")
        #expect(!raw && label == "reg" && line == 9)
        guard case .expect(let expectation) = scenario.steps[1] else { Issue.record("not expect"); return }
        #expect(expectation.kind == .response(label: "reg"))
        #expect(expectation.within == .seconds(2))
        #expect(expectation.checks.map(\.text) == ["status 401 407", "header WWW-Authenticate ~ ^Digest",
                                                  "challenge algorithm=MD5 qop=auth", "capture t = to-tag"])
        #expect(expectation.checks[0].reference == "RFC 3261 §22.2")
        #expect(expectation.checks[0].kind == .status(patterns: ["401", "407"], negated: false))
        #expect(expectation.checks[1].kind == .headerMatches("WWW-Authenticate", pattern: "^Digest", negated: false))
        #expect(scenario.steps[2] == .authenticate(user: 2, algorithm: "SHA-256", nonceCount: 3, label: nil, nonce: nil, line: 19))
        guard case .expect(let included) = scenario.steps[3] else { Issue.record("include"); return }
        #expect(included.kind == .nothing && included.within == .seconds(1))
        guard case .reply(486, "Busy Here", "call", [], _) = scenario.steps[4] else { Issue.record("reply: \(scenario.steps[4])"); return }
    }

    @Test("errors name the file, the line and the reason", arguments: [
        ("send <<SIP\nINVITE\n", 1, "the block opened here is not closed by a line `SIP`"),
        ("expect response\n  status 2oo\n", 2, "status wants codes like 200, 4xx, 400-499"),
        ("  status 200\n", 1, "an indented line belongs under an `expect`"),
        ("frobnicate\n", 1, "unknown step `frobnicate`"),
        ("roles: pbx\n", 1, "unknown role `pbx` (registrar, proxy, uas, edge)"),
        ("expect response\n  header X ~ (\n", 2, nil),
        ("include missing.inc\n", 1, nil),
        // Found by fuzz-conform: an `=` alone used to index an empty split.
        ("expect response\n  challenge =\n", 2, "challenge wants name=value words, like algorithm=MD5"),
    ])
    func errors(text: String, line: Int, reason: String?) {
        do {
            _ = try Self.parser.parse(Array(text.utf8), suite: "s", file: "f", name: "f")
            Issue.record("parsed")
        } catch {
            guard case .badScenario(let file, let found, let why) = error else { Issue.record("\(error)"); return }
            #expect(file == "f" && found == line, "\(error)")
            if let reason { #expect(why == reason) }
        }
    }

    @Test("durations")
    func durations() {
        #expect(ScenarioParser.duration("500ms") == .milliseconds(500))
        #expect(ScenarioParser.duration("1.5s") == .milliseconds(1500))
        #expect(ScenarioParser.duration("2m") == .seconds(120))
        #expect(ScenarioParser.duration("soon") == nil)
        #expect(ScenarioParser.duration("-1s") == nil)
    }

    @Test("targets: ws, wss, sip with transports; bad ones refused with the reason")
    func targets() throws {
        let ws = try ConformanceTarget("ws://127.0.0.1:8080/sip")
        #expect(ws.transport == .ws && ws.host == "127.0.0.1" && ws.port == 8080 && ws.path == "/sip")
        let tcp = try ConformanceTarget("sip:127.0.0.1:5070;transport=tcp")
        #expect(tcp.transport == .tcp && tcp.port == 5070)
        let v6 = try ConformanceTarget("sip:[::1]:5080")
        #expect(v6.transport == .udp && v6.host == "::1" && v6.hostPort == "[::1]:5080")
        #expect(try ConformanceTarget("sips:example.com").port == 5061)
        #expect(throws: ConformanceError.badTarget("http://x: not ws://, wss:// or sip:HOST:PORT;transport=udp|tcp|tls")) {
            try ConformanceTarget("http://x")
        }
        #expect(throws: ConformanceError.self) { try ConformanceTarget("sip:127.0.0.1:99999") }
        #expect(throws: ConformanceError.self) { try ConformanceTarget("sip:127.0.0.1;transport=ws") }
    }
}

/// The WebSocket frames the runner writes and reads (RFC 6455 §5.2).
@Suite struct WebSocketFrameCodecTests {
    @Test("a masked frame decodes back; lengths of 7, 16 and 64 bits; any split")
    func roundTrip() throws {
        for size in [0, 125, 126, 65_535, 65_536] {
            let frame = WebSocketFrame(opcode: .text, payload: (0..<size).map { UInt8($0 % 251) })
            let bytes = frame.encoded(maskKey: [9, 8, 7, 6])
            var decoder = WebSocketFrameDecoder()
            decoder.append(bytes.prefix(3))
            #expect(try decoder.next() == nil || size < 126)
            var decoded: WebSocketFrame?
            if size < 126 {
                decoder = WebSocketFrameDecoder()
                decoder.append(bytes)
                decoded = try decoder.next()
            } else {
                decoder.append(bytes.dropFirst(3))
                decoded = try decoder.next()
            }
            #expect(decoded?.payload == frame.payload && decoded?.masked == true && decoded?.fin == true)
        }
    }

    @Test("reserved bits and unknown opcodes are refused")
    func refusals() {
        var decoder = WebSocketFrameDecoder()
        decoder.append([0xC1, 0x00])
        #expect(throws: WebSocketFrameDecoder.Problem.self) { try decoder.next() }
        var other = WebSocketFrameDecoder()
        other.append([0x83, 0x00])
        #expect(throws: WebSocketFrameDecoder.Problem.self) { try other.next() }
    }
}
