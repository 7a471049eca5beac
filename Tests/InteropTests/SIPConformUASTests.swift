import Foundation
import Testing

/// `sip-conform --suite uas` against a real UAS: baresip 1.0.0 (auto-answer, registered to a
/// real Kamailio as bob) over UDP on 127.0.0.1. The Request-URI user of the uas cases is
/// `--user` (bob; the password is not used by the uas suite).
@Suite(.serialized, .timeLimit(.minutes(2)))
struct SIPConformUASTests {
    /// Every uas case and how it ends against baresip 1.0.0: `pass`, or `known-failure` where
    /// the scenario's `known: baresip:` line explains the deviation.
    static let expectedOutcomes: [String: String] = [
        "uas/bye-unknown-dialog": "pass",
        "uas/invite-2xx-retransmission": "pass",
        "uas/invite-answer": "pass",
        "uas/invite-non2xx-retransmission": "pass",
        "uas/invite-unacceptable-offer": "pass",
        "uas/options": "pass",
        // baresip answers 500 Call Error to a body that is not SDP (no Content-Type check).
        "uas/unknown-content-type": "known-failure",
        "uas/unknown-method": "pass",
        "uas/unknown-require": "pass",
    ]

    @Test("sip-conform --suite uas against baresip (udp, auto-answer): exit 0, every case passes or is a known baresip deviation")
    func uasSuiteAgainstBaresip() async throws {
        try BaresipProcess.checkAvailable()
        try await KamailioProcess.with { kamailio in
            try await BaresipProcess.with(
                user: "bob", password: "bob-pw", registrarPort: kamailio.sipPort, autoAnswer: true
            ) { bob in
                let run = try await SIPConformRun.run([
                    "--target", "sip:127.0.0.1:\(bob.sipPort);transport=udp", "--target-role", "uas",
                    "--suite", "uas", "--user", bob.user, "--password", "unused", "--json",
                ])
                #expect(run.output.status == 0, "\(run.output)\n\(bob.logTail())")
                let report = try run.report()
                #expect(report.server?.hasPrefix("baresip") == true, "\(run.output)")
                #expect(report.outcomes == Self.expectedOutcomes, "\(run.output)\n\(bob.logTail())")
                let known = try #require(report.cases.first { $0.id == "uas/unknown-content-type" })
                #expect(known.got == "status 500", "\(run.output)")
                #expect(known.knownReason?.contains("500 Call Error") == true, "\(run.output)")
            }
        }
    }
}

/// Runs the built `sip-conform` with the repository's scenario folder (unless the arguments
/// name one) and reads its `--json` report.
enum SIPConformRun {
    /// The repository's `Conformance/Scenarios`.
    static let scenarios = PeerProcess.repositoryRoot.appendingPathComponent("Conformance/Scenarios").path

    struct Result {
        var output: PlivoPhoneRunner.Output

        /// The JSON report (the whole of stdout with `--json`).
        func report() throws -> Report {
            try Report(json: output.stdout)
        }
    }

    /// One case of the JSON report.
    struct Case: Sendable {
        var id: String
        var outcome: String
        var expectation: String?
        var reference: String?
        var got: String?
        var at: String?
        var knownReason: String?
        var message: String?
    }

    /// The `--json` report.
    struct Report: Sendable {
        var server: String?
        var passed: Int
        var failed: Int
        var knownFailures: Int
        var skipped: Int
        var cases: [Case]

        /// Case id → outcome.
        var outcomes: [String: String] {
            Dictionary(cases.map { ($0.id, $0.outcome) }, uniquingKeysWith: { first, _ in first })
        }

        subscript(id: String) -> Case? { cases.first { $0.id == id } }

        init(json: String) throws {
            guard let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
                  let cases = object["cases"] as? [[String: Any]]
            else {
                throw PeerProcessError(description: "sip-conform --json printed no report object:\n\(json)")
            }
            server = object["server"] as? String
            passed = object["passed"] as? Int ?? -1
            failed = object["failed"] as? Int ?? -1
            knownFailures = object["knownFailures"] as? Int ?? -1
            skipped = object["skipped"] as? Int ?? -1
            self.cases = cases.map { field in
                Case(id: field["id"] as? String ?? "", outcome: field["outcome"] as? String ?? "",
                     expectation: field["expectation"] as? String, reference: field["reference"] as? String,
                     got: field["got"] as? String, at: field["at"] as? String,
                     knownReason: field["knownReason"] as? String, message: field["message"] as? String)
            }
        }
    }

    /// `sip-conform arguments…` (with `--scenarios` added when not given); killed after `timeout`.
    static func run(_ arguments: [String], timeout: TimeInterval = 90) async throws -> Result {
        let arguments = arguments.contains("--scenarios") ? arguments : arguments + ["--scenarios", scenarios]
        let process = try PhoneProcess(arguments, executable: "sip-conform", timeout: timeout)
        return Result(output: await process.finish())
    }
}
