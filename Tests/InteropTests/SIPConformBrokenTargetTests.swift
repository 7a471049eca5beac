import Foundation
import Glibc
import Testing

/// `sip-conform` against `BrokenSIPTarget`, a UDP server on 127.0.0.1 that answers wrong in a
/// different way per Request-URI user: each kind of failure is caught and reported (exit 1, the
/// FAIL line, the JSON `expectation`/`got`, the JUnit `<failure>`), an unreachable target and a
/// bad `--target` give exit 2. Test-only cases: Fixtures/conformance/broken/faults.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct SIPConformBrokenTargetTests {
    static let faultScenarios = PeerProcess.repositoryRoot.appendingPathComponent("Fixtures/conformance/broken").path

    /// One expected failure: the expectation as reported, and what was got (exact, or a
    /// regular expression for the timing figures).
    struct Expected {
        var expectation: String
        var got: String
        var gotIsPattern = false
    }

    static func check(_ report: SIPConformRun.Report, _ id: String, _ expected: Expected, _ output: PlivoPhoneRunner.Output) {
        guard let result = report[id] else {
            Issue.record("no result for \(id):\n\(output)")
            return
        }
        #expect(result.outcome == "fail", "\(id): \(output)")
        #expect(result.expectation == expected.expectation, "\(id): \(output)")
        if expected.gotIsPattern {
            let pattern = try? Regex(expected.got)
            #expect(pattern.flatMap { result.got?.wholeMatch(of: $0) } != nil, "\(id): got \(result.got ?? "nil"): \(output)")
        } else {
            #expect(result.got == expected.got, "\(id): \(output)")
        }
        #expect(result.knownReason == nil, "\(id): \(output)")
        // The readable report names the same expectation and what was got.
        #expect(result.at?.contains(".scenario:") == true, "\(id): \(output)")
    }

    @Test("the faults suite: a late answer, no answer, garbage, no To tag, no Via, 404 for 483, silence after a torture message — each a FAIL with its expectation; the control case passes; JUnit lists the failures")
    func faults() async throws {
        try await BrokenSIPTarget.with { target in
            let junit = FileManager.default.temporaryDirectory.appendingPathComponent("sip-conform-broken-\(UUID().uuidString).xml")
            defer { try? FileManager.default.removeItem(at: junit) }
            let run = try await SIPConformRun.run([
                "--target", target.target, "--scenarios", Self.faultScenarios, "--suite", "faults", "--json",
                "--junit", junit.path,
            ])
            #expect(run.output.status == 1, "\(run.output)")
            let report = try run.report()
            #expect(report.server == BrokenSIPTarget.serverName, "\(run.output)")
            #expect((report.passed, report.failed, report.knownFailures, report.skipped) == (1, 7, 0, 0), "\(run.output)")
            #expect(report["faults/healthy"]?.outcome == "pass", "\(run.output)")
            let expected: [String: Expected] = [
                "faults/late-response": Expected(expectation: "expect response opt: time <= 500ms",
                                                 got: #"it took (79\d|[89]\d\d|1\d\d\d)ms"#, gotIsPattern: true),
                "faults/no-answer": Expected(expectation: "expect response opt", got: "nothing came within 2s"),
                "faults/garbage-response": Expected(expectation: "expect response opt",
                                                    got: "received a message that does not parse: Invalid method (offset 0)"),
                "faults/missing-to-tag": Expected(expectation: #"expect response opt: header To ~ ;\s*tag="#,
                                                  got: "To: <sip:no-to-tag@127.0.0.1>"),
                "faults/missing-via": Expected(expectation: "expect response opt: header Via", got: "no Via header"),
                "faults/max-forwards-zero": Expected(expectation: "expect response opt: status 483", got: "status 404"),
                "faults/torture-then-silence": Expected(expectation: "expect response opt", got: "nothing came within 2s"),
            ]
            for (id, want) in expected { Self.check(report, id, want, run.output) }
            #expect(report["faults/max-forwards-zero"]?.reference == "RFC 3261 §16.3 step 2: 483 (Too Many Hops)", "\(run.output)")
            #expect(report["faults/missing-via"]?.message?.hasPrefix("SIP/2.0 200 OK\n") == true, "\(run.output)")
            // The file, not the line: the engine numbers lines after `include` expansion (a
            // check below an include is reported that many lines further down).
            #expect(report["faults/torture-then-silence"]?.at?.contains("faults/torture-then-silence.scenario:") == true,
                    "\(run.output)")

            let xml = try String(contentsOf: junit, encoding: .utf8)
            #expect(xml.contains(#"<testsuites name="sip-conform" tests="8" failures="7">"#), "\(xml)")
            #expect(xml.contains(#"<testsuite name="faults" tests="8" failures="7" errors="0" skipped="0""#), "\(xml)")
            #expect(xml.contains(#"<failure message="expected expect response opt: status 483 [RFC 3261 §16.3 step 2: 483 (Too Many Hops)]; got status 404">"#),
                    "\(xml)")
            #expect(xml.contains(#"<failure message="expected expect response opt [RFC 3261 §8.2]; got nothing came within 2s">"#), "\(xml)")
            #expect(xml.components(separatedBy: "<failure ").count - 1 == 7, "\(xml)")
        }
    }

    @Test("the readable report: a FAIL line with expected/got/at and the message, and the summary; exit 1")
    func readableReport() async throws {
        try await BrokenSIPTarget.with { target in
            let run = try await SIPConformRun.run([
                "--target", target.target, "--scenarios", Self.faultScenarios, "--case", "faults/max-forwards-zero",
                "--case", "faults/healthy",
            ])
            #expect(run.output.status == 1, "\(run.output)")
            let lines = run.output.lines
            #expect(lines.first?.hasPrefix("PASS  faults/healthy ") == true, "\(run.output)")
            let failure = try #require(lines.firstIndex { $0.hasPrefix("FAIL  faults/max-forwards-zero ") }, "\(run.output)")
            #expect(lines[failure].hasSuffix("Max-Forwards 0 on a request it would forward is answered 483 (the target answers 404)"),
                    "\(run.output)")
            #expect(lines[failure + 1] == "        expected: expect response opt: status 483  [RFC 3261 §16.3 step 2: 483 (Too Many Hops)]",
                    "\(run.output)")
            #expect(lines[failure + 2] == "        got:      status 404", "\(run.output)")
            #expect(lines[failure + 3].hasPrefix("        at:       ") && lines[failure + 3].contains("faults/max-forwards-zero.scenario:"),
                    "\(run.output)")
            #expect(lines[failure + 4] == "        | SIP/2.0 404 Not Found", "\(run.output)")
            #expect(lines.last?.hasPrefix("2 cases: 1 passed, 1 failed, 0 known failures, 0 skipped — target \(target.target) (proxy, broken-sip-target)") == true,
                    "\(run.output)")
        }
    }

    @Test("registrar/challenge: a REGISTER answered 200 without a challenge fails on the status; a 401 without WWW-Authenticate fails on the header")
    func registrarChallenge() async throws {
        try await BrokenSIPTarget.with { target in
            let accepted = try await SIPConformRun.run([
                "--target", target.target, "--target-role", "registrar", "--suite", "registrar",
                "--case", "registrar/challenge", "--user", "alice", "--password", "alice-pw", "--json",
            ])
            #expect(accepted.output.status == 1, "\(accepted.output)")
            Self.check(try accepted.report(), "registrar/challenge",
                       Expected(expectation: "expect response: status 401", got: "status 200"), accepted.output)
            #expect(try accepted.report()["registrar/challenge"]?.reference == "RFC 3261 §22.2", "\(accepted.output)")

            let bare = try await SIPConformRun.run([
                "--target", target.target, "--target-role", "registrar", "--suite", "registrar",
                "--case", "registrar/challenge", "--user", "no-www-auth", "--password", "x", "--json",
            ])
            #expect(bare.output.status == 1, "\(bare.output)")
            Self.check(try bare.report(), "registrar/challenge",
                       Expected(expectation: #"expect response: header WWW-Authenticate ~ ^\s*Digest\s"#,
                                got: "no WWW-Authenticate header"), bare.output)
            #expect(try bare.report()["registrar/challenge"]?.reference == "RFC 3261 §22.4", "\(bare.output)")
        }
    }

    @Test("the uas suite against a broken UAS: no Allow, 200 for an unknown dialog and an unknown Require, 404 for an unknown method, 415 without Accept, a 200 never retransmitted (Timer G case), a 488 repeated too fast")
    func brokenUAS() async throws {
        try await BrokenSIPTarget.with { target in
            let run = try await SIPConformRun.run([
                "--target", target.target, "--target-role", "uas", "--suite", "uas",
                "--user", "broken-uas", "--password", "x", "--json",
            ])
            #expect(run.output.status == 1, "\(run.output)")
            let report = try run.report()
            #expect(report["uas/invite-answer"]?.outcome == "pass", "\(run.output)")
            #expect(report["uas/invite-unacceptable-offer"]?.outcome == "pass", "\(run.output)")
            let expected: [String: Expected] = [
                "uas/options": Expected(expectation: "expect response opt: header Allow ~ (?i)^INVITE$", got: "no Allow header"),
                "uas/bye-unknown-dialog": Expected(expectation: "expect response bye: status 481", got: "status 200"),
                "uas/unknown-method": Expected(expectation: "expect response req: status 501", got: "status 404"),
                "uas/unknown-require": Expected(expectation: "expect response inv: status 420", got: "status 200"),
                "uas/unknown-content-type": Expected(expectation: "expect response inv: header Accept", got: "no Accept header"),
                "uas/invite-2xx-retransmission": Expected(expectation: "expect retransmission", got: "nothing came within 1s"),
                "uas/invite-non2xx-retransmission": Expected(
                    expectation: "expect retransmission: interval >= 400ms",
                    got: #"the copy came (1\d\d|2\d\d|3[0-4]\d)ms after the previous one"#, gotIsPattern: true),
            ]
            for (id, want) in expected { Self.check(report, id, want, run.output) }
            #expect((report.passed, report.failed, report.knownFailures, report.skipped) == (2, 7, 0, 0), "\(run.output)")
        }
    }

    @Test("exit 2: nothing listening on the target's UDP port (the OPTIONS probe gets no answer), and a malformed --target")
    func unreachableAndBadTarget() async throws {
        let port = try Self.freeUDPPort()
        let unreachable = try await SIPConformRun.run(["--target", "sip:127.0.0.1:\(port);transport=udp", "--suite", "uas"])
        #expect(unreachable.output.status == 2, "\(unreachable.output)")
        #expect(unreachable.output.stderr.contains("no answer to OPTIONS within"), "\(unreachable.output)")
        #expect(unreachable.output.stdout.isEmpty, "\(unreachable.output)")

        let bad = try await SIPConformRun.run(["--target", "http://127.0.0.1:5060"])
        #expect(bad.output.status == 2, "\(bad.output)")
        #expect(bad.output.stderr.contains("bad target: http://127.0.0.1:5060"), "\(bad.output)")
    }

    /// A UDP port on 127.0.0.1 that was free a moment ago (bound to 0, then closed).
    static func freeUDPPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw PeerProcessError(description: "socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw PeerProcessError(description: "bind: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
