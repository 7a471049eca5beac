import ArgumentParser
import Foundation
import SIPConformance
import SIPUserAgent

/// `sip-conform [run] --target URL [--target-role R] [--user U --password P …] [--suite S …]
/// [--junit OUT.xml] [--json]`.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run conformance scenarios against a target and report each case.",
        discussion: """
            Scenarios are data files under Conformance/Scenarios/<suite>/*.scenario (format: \
            Docs/CONFORMANCE.md); suites: registrar, proxy, uas, websocket, robustness. Prints one \
            line per case (PASS, FAIL with the expectation that failed, its RFC section and the \
            message that broke it, KNOWN for a failure the scenario explains for this server, \
            SKIP with why) and a summary. Exit status: 0 every case that ran passed, 1 a case \
            failed, 2 usage error, bad scenario or unreachable target.
            """)

    @Option(help: "The target: ws://HOST:PORT[/path], wss://…, or sip:HOST:PORT;transport=udp|tcp|tls.")
    var target: String

    @Option(name: .customLong("target-role"), help: "registrar, proxy, uas or edge (default: edge for ws/wss, else proxy).")
    var targetRole: String?

    @Option(help: "An account on the target (repeat with --password for more: user1, user2…).")
    var user: [String] = []

    @Option(help: "The password of the --user in the same position.")
    var password: [String] = []

    @Option(help: "A suite to run (repeatable; default all).")
    var suite: [String] = []

    @Option(name: .customLong("case"), help: "Run only cases whose suite/name contains this text (repeatable).")
    var cases: [String] = []

    @Option(help: "The SIP domain of the accounts (default: the target's host).")
    var domain: String?

    @Option(name: .customLong("target-name"), help: "The target's software, for the scenarios' known: lines (default: its Server header).")
    var targetName: String?

    @Option(help: "The scenario folder (default: Conformance/Scenarios found from here or the executable).")
    var scenarios: String?

    @Option(help: "Also write the results as JUnit XML to this file.")
    var junit: String?

    @Flag(help: "Print one JSON object instead of the readable report.")
    var json = false

    @Flag(name: .customLong("insecure"), help: "Accept any TLS certificate (test servers).")
    var insecure = false

    func validate() throws {
        guard user.count == password.count else {
            throw ValidationError("give one --password per --user (\(user.count) users, \(password.count) passwords)")
        }
        if let targetRole, ConformanceRole(rawValue: targetRole) == nil {
            throw ValidationError("--target-role is registrar, proxy, uas or edge")
        }
        do { _ = try ConformanceTarget(target) } catch { throw ValidationError(error.description) }
    }

    func run() async throws {
        let target: ConformanceTarget
        do { target = try ConformanceTarget(self.target) } catch { throw ValidationError(error.description) }
        let role = targetRole.flatMap(ConformanceRole.init(rawValue:))
            ?? (target.transport == .ws || target.transport == .wss ? .edge : .proxy)
        guard let folder = ScenarioLibrary.folder(explicit: scenarios) else {
            throw ValidationError("no scenario folder: pass --scenarios DIR or run from the project")
        }
        var selected: [ConformanceScenario]
        do {
            selected = try ScenarioLibrary.load(folder: folder, suites: suite)
        } catch {
            throw ValidationError(error.description)
        }
        if !cases.isEmpty { selected = selected.filter { scenario in cases.contains { scenario.id.contains($0) } } }
        let accounts = zip(user, password).map { SIPDigestCredentials(username: $0, password: $1) }
        let runner = ConformanceRunner(configuration: .init(target: target, role: role, accounts: accounts, domain: domain,
                                                            targetName: targetName, insecureTLS: insecure))
        do {
            try await runner.probe()
        } catch {
            FileHandle.standardError.write(Data("sip-conform: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let printLines = !json
        let results = await runner.run(selected) { result in
            if printLines { print(ConformanceReport.line(result)) }
        }
        let report = ConformanceReport(target: target.text, role: role, server: targetName ?? runner.serverName, results: results)
        if json { print(report.json) } else { print(report.summary) }
        if let junit {
            do { try report.junit.write(toFile: junit, atomically: true, encoding: .utf8) } catch {
                FileHandle.standardError.write(Data("sip-conform: cannot write \(junit): \(error)\n".utf8))
                throw ExitCode(2)
            }
        }
        if !report.passed { throw ExitCode(1) }
    }
}
