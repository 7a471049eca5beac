import Foundation
import Testing

/// `sip-conform load` against a real Kamailio on loopback: calls through it to the built-in
/// answerer, a callee that does not exist (404), registrations with digest auth, usage errors.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct SIPConformLoadTests {
    @Test("call --rate 200 --calls 400 --answer through Kamailio: exit 0, all 400 succeed, the JSON report adds up")
    func callsThroughKamailio() async throws {
        try await KamailioProcess.with(auth: false, sharedMemoryMB: 256) { kamailio in
            let output = try await conformLoad(["load", "--target", kamailio.loadTarget, "--scenario", "call",
                                                      "--rate", "200", "--calls", "400", "--answer", "--json"])
            #expect(output.status == 0, "\(output)")
            let report = try output.jsonObject()
            #expect(report["scenario"] as? String == "call")
            #expect(report["attempted"] as? Int == 400)
            #expect(report["succeeded"] as? Int == 400)
            #expect(report["failed"] as? Int == 0)
            #expect((report["failures"] as? [String: Any])?.isEmpty == true)
            let achieved = try #require(report["rate_achieved"] as? Double)
            #expect(achieved > 100 && achieved < 300, "\(achieved)")
            let started = try #require(report["rate_started"] as? Double)
            #expect(abs(started - 200) < 20, "\(started)")
            let elapsed = try #require(report["elapsed_s"] as? Double)
            #expect(elapsed > 1.5 && elapsed < 10, "\(elapsed)")
            #expect(report["retransmissions"] is Int)
            let times = try #require(report["response_ms"] as? [String: Any])
            for name in ["invite", "bye"] {
                let summary = try #require(times[name] as? [String: Any], "\(name)")
                #expect(summary["count"] as? Int == 400)
                let values = try ["p50", "p90", "p99", "max"].map { try #require(summary[$0] as? Double, "\(name) \($0)") }
                #expect(values == values.sorted(), "\(name): \(values)")
                #expect(values[0] > 0)
            }
        }
    }

    @Test("calls to a callee nobody registered: every call fails with 404, exit 1; the text report says so")
    func unknownCallee() async throws {
        try await KamailioProcess.with(auth: false, sharedMemoryMB: 256) { kamailio in
            let output = try await conformLoad(["load", "--target", kamailio.loadTarget, "--scenario", "call",
                                                      "--rate", "100", "--calls", "50", "--callee", "nobody-here"])
            #expect(output.status == 1, "\(output)")
            #expect(output.stdout.contains("calls: 50 attempted, 0 succeeded, 50 failed"), "\(output)")
            #expect(output.stdout.contains("failures: 404 ×50"), "\(output)")
        }
    }

    @Test("register with --user alice --password alice-pw against Kamailio WITH_AUTH: 401 answered, all succeed; a wrong password fails with 401")
    func registerWithDigest() async throws {
        try await KamailioProcess.with(auth: true, sharedMemoryMB: 256) { kamailio in
            let output = try await conformLoad(["load", "--target", kamailio.loadTarget, "--scenario", "register",
                                                      "--rate", "100", "--calls", "100", "--user", "alice",
                                                      "--password", "alice-pw", "--json"])
            #expect(output.status == 0, "\(output)")
            let report = try output.jsonObject()
            #expect(report["succeeded"] as? Int == 100)
            let times = try #require(report["response_ms"] as? [String: Any])
            #expect((times["register"] as? [String: Any])?["count"] as? Int == 100)

            let wrong = try await conformLoad(["load", "--target", kamailio.loadTarget, "--scenario", "register",
                                                     "--rate", "100", "--calls", "5", "--user", "bob",
                                                     "--password", "not-bobs", "--json"])
            #expect(wrong.status == 1, "\(wrong)")
            #expect((try wrong.jsonObject()["failures"] as? [String: Int]) == ["401": 5], "\(wrong)")
        }
    }

    @Test("usage errors exit 2 with the reason: an unknown scenario, a ws:// target, --user without --password")
    func usageErrors() async throws {
        let cases: [([String], String)] = [
            (["--scenario", "dance", "--rate", "1", "--calls", "1", "--target", "sip:127.0.0.1:5060"], "--scenario must be one of"),
            (["--scenario", "call", "--rate", "1", "--calls", "1", "--target", "ws://127.0.0.1:8088/"], "load mode drives SIP over UDP only"),
            (["--scenario", "call", "--rate", "1", "--calls", "1", "--target", "sip:127.0.0.1", "--user", "a"], "--user and --password go together"),
            (["--scenario", "call", "--rate", "0", "--calls", "1", "--target", "sip:127.0.0.1"], "--rate must be"),
        ]
        for (arguments, reason) in cases {
            let output = try await conformLoad(["load"] + arguments)
            #expect(output.status == 2, "\(arguments): \(output)")
            #expect(output.stderr.contains(reason), "\(arguments): \(output)")
        }
    }
}

extension PlivoPhoneRunner.Output {
    /// The last line of standard output (a `--json` report) as a JSON object.
    func jsonObject() throws -> [String: Any] {
        let line = stdout.split(separator: "\n").last.map(String.init) ?? ""
        guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw PeerProcessError(description: "not a JSON object: \(line)")
        }
        return object
    }
}

/// Runs the built `sip-conform` (killed after `timeout`).
private func conformLoad(_ arguments: [String], timeout: TimeInterval = 30) async throws -> PlivoPhoneRunner.Output {
    await (try PhoneProcess(arguments, executable: "sip-conform", timeout: timeout)).finish()
}

extension KamailioProcess {
    /// The UDP target of a load run.
    var loadTarget: String { "sip:127.0.0.1:\(sipPort);transport=udp" }
}
