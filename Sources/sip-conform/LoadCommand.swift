import ArgumentParser
import Foundation
import SIPConformance
import SIPUserAgent
import StackCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// `sip-conform load`: places calls (or registrations) at a steady rate like SIPp's uac and
/// reports successes, failures by status, response-time percentiles and the achieved rate.
struct Load: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Place calls or registrations at a steady rate.",
        discussion: """
            Calls go to sip:<callee>@<target host:port> over UDP: INVITE (SDP offer) → 200 → ACK → \
            hold → BYE → 200. The callee is whoever the target routes to (a registered phone, or the \
            target itself as a UAS), or the built-in answerer with --answer (it REGISTERs as --callee \
            at the target on a socket and event-loop thread of its own), or with --answer --direct the \
            answerer alone on the target address (no proxy: measures the tool itself).
            Exit status: 0 every call succeeded, 1 some call failed, 2 usage error or unreachable target.
            See Docs/sip-conform-load.md.
            """)

    @Option(help: "The server: sip:HOST:PORT;transport=udp (only UDP is driven).")
    var target: String

    @Option(help: "call (INVITE/200/ACK/BYE/200) or register (REGISTER/200).")
    var scenario: String

    @Option(help: "Calls started per second (paced on a clock, not in bursts).")
    var rate: Double

    @Option(help: "Calls (or registrations) in all.")
    var calls: Int

    @Option(help: "Most calls open at once (default: rate × 10, at least 100).")
    var concurrency: Int?

    @Option(help: "Milliseconds between the ACK and the BYE.")
    var hold: Int = 0

    @Option(help: "Seconds a transaction may take before the call fails as 'timeout' (RFC 3261 Timer B/F).")
    var timeout: Double = 32

    @Option(help: "The callee user: calls go to sip:<callee>@<target host:port>.")
    var callee: String = "load"

    @Flag(help: "Start the built-in answerer, registered at the target as --callee.")
    var answer = false

    @Option(name: .customLong("answer-port"), help: "The answerer's UDP port (0: any free port).")
    var answerPort: Int = 0

    @Option(name: .customLong("callee-password"), help: "The password the answerer answers a REGISTER challenge with.")
    var calleePassword: String?

    @Flag(help: "With --answer: bind the answerer on the target address and call it straight (no server).")
    var direct = false

    @Option(help: "Digest user for 401/407 challenges (also the From user of calls and the registered user).")
    var user: String?

    @Option(help: "Digest password for --user.")
    var password: String?

    @Option(help: "Expires of each REGISTER (register scenario).")
    var expires: Int = 60

    @Option(name: .customLong("local-host"), help: "The local address to bind (default: 127.0.0.1 for a loopback target, else any).")
    var localHost: String?

    @Flag(help: "Print the report as one JSON object.")
    var json = false

    @Flag(help: "Show the live progress line on standard error even when it is not a terminal.")
    var progress = false

    func validate() throws {
        if LoadScenario(rawValue: scenario) == nil {
            throw ValidationError("--scenario must be one of: \(LoadScenario.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if (user == nil) != (password == nil) { throw ValidationError("--user and --password go together") }
        if direct && !answer { throw ValidationError("--direct needs --answer") }
        if hold < 0 { throw ValidationError("--hold must be ≥ 0") }
        if !(timeout > 0) { throw ValidationError("--timeout must be > 0") }
        if expires < 0 { throw ValidationError("--expires must be ≥ 0") }
    }

    func run() async throws {
        let configuration: LoadConfiguration
        do {
            let parsedTarget = try LoadTarget(parsing: target)
            let mode: LoadCalleeMode = !answer ? .external : (direct ? .direct : .answerer(port: answerPort, password: calleePassword))
            configuration = LoadConfiguration(
                target: parsedTarget, scenario: LoadScenario(rawValue: scenario) ?? .call, rate: rate, calls: calls,
                concurrency: concurrency, hold: .milliseconds(hold), timeout: .nanoseconds(Int64(timeout * 1e9)),
                callee: callee, calleeMode: mode,
                credentials: user.map { SIPDigestCredentials(username: $0, password: password ?? "") },
                registerExpires: expires, localHost: localHost)
            try configuration.validate()
        } catch {
            throw ValidationError(error.description)
        }
        let showProgress = progress || isatty(STDERR_FILENO) != 0
        let line = ProgressLine()
        var callback: (@Sendable (LoadProgress) -> Void)?
        if showProgress {
            callback = { (snapshot: LoadProgress) in line.show(snapshot.line) }
        }
        let report: LoadReport
        do {
            report = try await LoadRunner.run(configuration, progress: callback)
        } catch let error as LoadError {
            line.end()
            throw ValidationError(error.description)
        }
        line.end()
        print(json ? report.json.text : report.text)
        if report.succeeded != report.attempted || report.attempted != configuration.calls {
            throw ExitCode(1)
        }
    }
}

/// The progress line on standard error, rewritten in place with `\r`.
final class ProgressLine: Sendable {
    private let shown = Mutex(0)

    func show(_ text: String) {
        let width = shown.withLock { previous -> Int in
            defer { previous = text.count }
            return previous
        }
        let padding = String(repeating: " ", count: max(0, width - text.count))
        FileHandle.standardError.write(Data(("\r" + text + padding).utf8))
    }

    func end() {
        if shown.withLock({ $0 }) > 0 { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
