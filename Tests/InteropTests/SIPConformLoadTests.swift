import Foundation
import Glibc
import SIPTransport
import Testing

/// `sip-conform load` against a real Kamailio on loopback: calls through it to the built-in
/// answerer, a callee that does not exist (404), registrations with digest auth, usage errors.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct SIPConformLoadTests {
    @Test("call --rate 200 --calls 400 --answer through Kamailio: exit 0, all 400 succeed, the JSON report adds up")
    func callsThroughKamailio() async throws {
        try await LoadKamailio.with(auth: false) { kamailio in
            let output = try await SIPConformRun.run(["load", "--target", kamailio.target, "--scenario", "call",
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
        try await LoadKamailio.with(auth: false) { kamailio in
            let output = try await SIPConformRun.run(["load", "--target", kamailio.target, "--scenario", "call",
                                                      "--rate", "100", "--calls", "50", "--callee", "nobody-here"])
            #expect(output.status == 1, "\(output)")
            #expect(output.stdout.contains("calls: 50 attempted, 0 succeeded, 50 failed"), "\(output)")
            #expect(output.stdout.contains("failures: 404 ×50"), "\(output)")
        }
    }

    @Test("register with --user alice --password alice-pw against Kamailio WITH_AUTH: 401 answered, all succeed; a wrong password fails with 401")
    func registerWithDigest() async throws {
        try await LoadKamailio.with(auth: true) { kamailio in
            let output = try await SIPConformRun.run(["load", "--target", kamailio.target, "--scenario", "register",
                                                      "--rate", "100", "--calls", "100", "--user", "alice",
                                                      "--password", "alice-pw", "--json"])
            #expect(output.status == 0, "\(output)")
            let report = try output.jsonObject()
            #expect(report["succeeded"] as? Int == 100)
            let times = try #require(report["response_ms"] as? [String: Any])
            #expect((times["register"] as? [String: Any])?["count"] as? Int == 100)

            let wrong = try await SIPConformRun.run(["load", "--target", kamailio.target, "--scenario", "register",
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
            let output = try await SIPConformRun.run(["load"] + arguments)
            #expect(output.status == 2, "\(arguments): \(output)")
            #expect(output.stderr.contains(reason), "\(arguments): \(output)")
        }
    }
}

/// Runs the built `sip-conform`, output collected through files, killed after a timeout.
enum SIPConformRun {
    struct Output: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String

        func jsonObject() throws -> [String: Any] {
            let line = stdout.split(separator: "\n").last.map(String.init) ?? ""
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw PeerProcessError(description: "not a JSON object: \(line)")
            }
            return object
        }

        var description: String { "exit \(status)\n--- stdout ---\n\(stdout)\n--- stderr ---\n\(stderr)" }
    }

    static func run(_ arguments: [String], timeout: TimeInterval = 30) async throws -> Output {
        let binary = try PlivoPhoneRunner.binary("sip-conform")
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                do {
                    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sip-conform-load-\(UUID().uuidString)")
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                    defer { try? FileManager.default.removeItem(at: folder) }
                    let out = folder.appendingPathComponent("out"), err = folder.appendingPathComponent("err")
                    _ = FileManager.default.createFile(atPath: out.path, contents: nil)
                    _ = FileManager.default.createFile(atPath: err.path, contents: nil)
                    let process = Process()
                    process.executableURL = binary
                    process.arguments = arguments
                    process.standardInput = FileHandle.nullDevice
                    process.standardOutput = try FileHandle(forWritingTo: out)
                    process.standardError = try FileHandle(forWritingTo: err)
                    try process.run()
                    let pid = process.processIdentifier
                    let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
                    DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
                    process.waitUntilExit()
                    watchdog.cancel()
                    continuation.resume(returning: Output(
                        status: process.terminationStatus,
                        stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                        stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? ""))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }
}

/// Kamailio from the fixture for load runs: with or without `WITH_AUTH` (KamailioProcess always
/// sets it), 256 MB of shared memory for the transactions of a few hundred calls a second.
final class LoadKamailio: Sendable {
    let sipPort: Int
    let runDirectory: URL
    let pid: pid_t
    private let exit: ProcessExit

    var target: String { "sip:127.0.0.1:\(sipPort);transport=udp" }

    private init(pid: pid_t, sipPort: Int, runDirectory: URL) {
        self.pid = pid
        self.sipPort = sipPort
        self.runDirectory = runDirectory
        self.exit = ProcessExit(pid: pid)
    }

    static func with(auth: Bool, _ body: (LoadKamailio) async throws -> Void) async throws {
        let (sipPort, wsPort) = try FreePorts.pick()
        let runDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("kamailio-load-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: runDirectory, withIntermediateDirectories: true)
        let arguments = ["-f", KamailioProcess.fixture.path, "-A", "SIP_PORT=\(sipPort)", "-A", "WS_PORT=\(wsPort)",
                         "-DD", "-E", "-Y", runDirectory.path, "-m", "256", "-M", "8"] + (auth ? ["-A", "WITH_AUTH"] : [])
        let log = runDirectory.appendingPathComponent("kamailio.log").path
        let pid = try PeerProcess.spawn(try KamailioProcess.binary().path, arguments, log: log)
        let kamailio = LoadKamailio(pid: pid, sipPort: sipPort, runDirectory: runDirectory)
        do {
            try await kamailio.waitUntilReady()
            try await body(kamailio)
        } catch {
            await kamailio.stop()
            throw PeerProcessError(description: "\(error)\n--- Kamailio log ---\n\(PeerProcess.logTail(path: log, 40))")
        }
        await kamailio.stop()
        try? FileManager.default.removeItem(at: runDirectory)
    }

    private func waitUntilReady() async throws {
        let client = try await SIPTestClient.udp(server: SIPTransportAddress(host: "127.0.0.1", port: sipPort))
        var answered = false
        for attempt in 1...50 where !answered && exit.status == nil {
            guard let options = try? client.options(callID: "load-ready-\(attempt)-\(SIPTestClient.token())") else { break }
            answered = (try? await client.send(options, finalWithin: .milliseconds(200))) != nil
        }
        await client.close()
        guard answered else { throw PeerProcessError(description: "kamailio did not answer OPTIONS (running: \(exit.status == nil))") }
    }

    private func stop() async {
        if exit.status == nil {
            kill(pid, SIGTERM)
            if !(await exit.wait(seconds: 2)) { kill(-pid, SIGKILL) }
        }
        kill(-pid, SIGKILL)
        _ = await exit.wait(seconds: 5)
    }
}
