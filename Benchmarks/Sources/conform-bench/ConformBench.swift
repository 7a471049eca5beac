// conform-bench: `sip-conform load` (the SIPConformance library's LoadRunner, one process)
// next to SIPp's uac (its built-in scenario plus the route set), at stepped call rates, in the same run, on loopback:
//
//   via Kamailio   caller → Kamailio (the project's fixture, no auth) → callee
//                  (ours: the built-in answerer registered at Kamailio; SIPp: the same answerer,
//                  registered as another user, since `sipp -sn uas` cannot register)
//   direct         caller → a UAS alone (ours: the built-in answerer, `--answer --direct`;
//                  SIPp: `sipp -sn uas`)
//
// Each step places rate × CONFORM_BENCH_SECONDS (default 5) calls of INVITE/200/ACK/BYE/200.
// "achieved" is successful calls per second of the run's wall time (the same clock for both
// tools); a rate is sustained when ≥ 99.9 % of the calls succeed and achieved ≥ 95 % of it.
// SIPp's published figure, 1,000–1,250 calls/s per process, is printed alongside.
//
//   CONFORM_BENCH_RATES=1000,2000,3000,5000,8000,12000   CONFORM_BENCH_SECONDS=5
//   CONFORM_BENCH_PATHS=direct (or kamailio; default both)
//   CONFORM_BENCH_VERBOSE=1 (our full report per run)   CONFORM_BENCH_PROGRESS=1 (progress line)
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SIPConformance

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../..").standardized
let environment = ProcessInfo.processInfo.environment
let rates = (environment["CONFORM_BENCH_RATES"] ?? "1000,2000,3000,5000,8000,12000").split(separator: ",").compactMap { Int($0) }
let seconds = Double(environment["CONFORM_BENCH_SECONDS"] ?? "") ?? 5
let paths = environment["CONFORM_BENCH_PATHS"] ?? "both"
let measureKamailio = paths != "direct", measureDirect = paths != "kamailio"
let skipped = Outcome(succeeded: 0, calls: 0, wall: 0)

/// Waits for a child started with `Process` by its pid. Foundation's `waitUntilExit()` missed
/// SIPp's exit here (the child stayed a zombie while the NIO threads of the run were alive), so
/// the bench reaps it itself; ECHILD means Foundation reaped it first.
func reap(_ process: Process) {
    var status: Int32 = 0
    while waitpid(process.processIdentifier, &status, 0) == -1, errno == EINTR {}
}

func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

/// A free loopback UDP port (bound to 0, then released).
func freeUDPPort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
            bind(fd, pointer, length) == 0 ? getsockname(fd, pointer, &length) : -1
        }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Kamailio from the fixture, no auth, 1 GB of shared memory for the transactions in flight.
final class Kamailio {
    let process = Process()
    let port: Int
    let runDirectory: URL

    init() throws {
        port = freeUDPPort()
        let ws = freeUDPPort()
        runDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("conform-bench-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: runDirectory, withIntermediateDirectories: true)
        let binary = ["/usr/sbin/kamailio", "/usr/local/sbin/kamailio"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let binary else { throw NSError(domain: "conform-bench: kamailio not installed (make peer-deps)", code: 1) }
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["-f", root.appendingPathComponent("Fixtures/kamailio/kamailio.cfg").path,
                             "-A", "SIP_PORT=\(port)", "-A", "WS_PORT=\(ws)", "-A", "LOG_LEVEL=1",
                             "-DD", "-E", "-Y", runDirectory.path, "-m", "1024", "-M", "16"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    var target: LoadTarget { LoadTarget(host: "127.0.0.1", port: port) }

    func stop() {
        kill(process.processIdentifier, SIGTERM)
        reap(process)
        try? FileManager.default.removeItem(at: runDirectory)
    }
}

/// User + system CPU seconds of this process (`RUSAGE_SELF`) or of its reaped children.
func cpuSeconds(_ who: Int32) -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(who), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// One measured run.
struct Outcome {
    var succeeded: Int
    var calls: Int
    var wall: Double
    var retransmissions: Int?
    var cpu: Double = 0

    var achieved: Double { wall > 0 ? Double(succeeded) / wall : 0 }
    var successRate: Double { calls > 0 ? Double(succeeded) / Double(calls) : 0 }
    func sustains(_ rate: Int) -> Bool { successRate >= 0.999 && achieved >= 0.95 * Double(rate) }
    var cell: String {
        if calls == 0 { return "     (skipped)" }
        let percent = successRate * 100
        return String(format: "%7.0f %6.2f%%", achieved, percent)
    }
}

func ours(_ configuration: LoadConfiguration) async -> Outcome {
    let start = Date()
    let cpuBefore = cpuSeconds(RUSAGE_SELF.rawValue)
    do {
        var callback: (@Sendable (LoadProgress) -> Void)?
        if environment["CONFORM_BENCH_PROGRESS"] != nil {
            callback = { (progress: LoadProgress) in FileHandle.standardError.write(Data("\r\(progress.line)".utf8)) }
        }
        let report = try await LoadRunner.run(configuration, progress: callback)
        if environment["CONFORM_BENCH_VERBOSE"] != nil { say(report.text) }
        return Outcome(succeeded: report.succeeded, calls: configuration.calls, wall: Date().timeIntervalSince(start),
                       retransmissions: report.retransmissions, cpu: cpuSeconds(RUSAGE_SELF.rawValue) - cpuBefore)
    } catch {
        say("  ours failed: \(error)")
        return Outcome(succeeded: 0, calls: configuration.calls, wall: Date().timeIntervalSince(start))
    }
}

/// SIPp's built-in `uac` scenario with one change: the 200's Record-Route and Contact are kept
/// (`rrs="true"`) and the ACK and BYE go to `[next_url]` with `[routes]`. The built-in scenario
/// sends them to the INVITE's Request-URI with no Route, which a record-routing proxy such as
/// Kamailio answers with 404 (measured: every BYE got "404 Not here"). Direct to a UAS both
/// behave the same.
let sippScenario = """
    <?xml version="1.0" encoding="ISO-8859-1" ?>
    <scenario name="uac with route set">
      <send retrans="500">
        <![CDATA[
          INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
          Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
          From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
          To: [service] <sip:[service]@[remote_ip]:[remote_port]>
          Call-ID: [call_id]
          CSeq: 1 INVITE
          Contact: sip:sipp@[local_ip]:[local_port]
          Max-Forwards: 70
          Subject: Performance Test
          Content-Type: application/sdp
          Content-Length: [len]

          v=0
          o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
          s=-
          c=IN IP[media_ip_type] [media_ip]
          t=0 0
          m=audio [media_port] RTP/AVP 0
          a=rtpmap:0 PCMU/8000

        ]]>
      </send>
      <recv response="100" optional="true"></recv>
      <recv response="180" optional="true"></recv>
      <recv response="183" optional="true"></recv>
      <recv response="200" rtd="true" rrs="true"></recv>
      <send>
        <![CDATA[
          ACK [next_url] SIP/2.0
          Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
          From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
          To: [service] <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
          Call-ID: [call_id]
          CSeq: 1 ACK
          [routes]
          Contact: sip:sipp@[local_ip]:[local_port]
          Max-Forwards: 70
          Content-Length: 0

        ]]>
      </send>
      <send retrans="500">
        <![CDATA[
          BYE [next_url] SIP/2.0
          Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
          From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
          To: [service] <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
          Call-ID: [call_id]
          CSeq: 2 BYE
          [routes]
          Contact: sip:sipp@[local_ip]:[local_port]
          Max-Forwards: 70
          Content-Length: 0

        ]]>
      </send>
      <recv response="200" crlf="true"></recv>
    </scenario>
    """

/// `sipp -sf <uac with route set>` to `target` (service `user`), its statistics file parsed
/// for the counters.
func sipp(target: String, user: String, rate: Int, calls: Int) -> Outcome {
    let statFile = FileManager.default.temporaryDirectory.appendingPathComponent("conform-bench-sipp-\(UUID().uuidString.prefix(8)).csv")
    defer { try? FileManager.default.removeItem(at: statFile) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: sippPath ?? "/usr/bin/sipp")
    let scenarioFile = FileManager.default.temporaryDirectory.appendingPathComponent("conform-bench-uac-\(UUID().uuidString.prefix(8)).xml")
    try? Data(sippScenario.utf8).write(to: scenarioFile)
    defer { try? FileManager.default.removeItem(at: scenarioFile) }
    process.arguments = ["-sf", scenarioFile.path, target, "-s", user, "-recv_timeout", "10000", "-i", "127.0.0.1", "-p", String(freeUDPPort()),
                         "-r", String(rate), "-m", String(calls), "-l", String(rate * 10), "-d", "0",
                         "-timeout", "\(Int(seconds * 4) + 30)s", "-nostdin", "-trace_stat", "-stf", statFile.path, "-fd", "1"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    let start = Date()
    let cpuBefore = cpuSeconds(RUSAGE_CHILDREN.rawValue)
    do { try process.run() } catch {
        say("  sipp did not start: \(error)")
        return Outcome(succeeded: 0, calls: calls, wall: 0)
    }
    reap(process)
    let wall = Date().timeIntervalSince(start)
    let cpu = cpuSeconds(RUSAGE_CHILDREN.rawValue) - cpuBefore
    let lines = ((try? String(contentsOf: statFile, encoding: .utf8)) ?? "").split(separator: "\n")
    guard let header = lines.first?.split(separator: ";", omittingEmptySubsequences: false),
          let last = lines.last?.split(separator: ";", omittingEmptySubsequences: false),
          let column = header.firstIndex(of: "SuccessfulCall(C)"), column < last.count else {
        return Outcome(succeeded: 0, calls: calls, wall: wall)
    }
    return Outcome(succeeded: Int(last[column]) ?? 0, calls: calls, wall: wall, cpu: cpu)
}

/// `sipp -sn uas` on a free port, until `stop`.
final class SIPpUAS {
    let process = Process()
    let port = freeUDPPort()

    init() throws {
        process.executableURL = URL(fileURLWithPath: sippPath ?? "/usr/bin/sipp")
        process.arguments = ["-sn", "uas", "-i", "127.0.0.1", "-p", String(port), "-nostdin"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        usleep(300_000)
    }

    /// SIGKILL: `sipp -sn uas` ignores SIGTERM (measured: it stayed in epoll_wait).
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        reap(process)
    }
}

/// SIPp (Debian sip-tester): found, or installed when running as root, or nil (then skipped).
let sippPath: String? = {
    let candidates = ["/usr/bin/sipp", "/usr/local/bin/sipp"]
    if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) { return found }
    guard getuid() == 0 else { return nil }
    say("conform-bench: sipp not found, installing sip-tester")
    let apt = Process()
    apt.executableURL = URL(fileURLWithPath: "/usr/bin/apt-get")
    apt.arguments = ["-o", "DPkg::Lock::Timeout=600", "install", "-y", "-qq", "sip-tester"]
    apt.environment = ["DEBIAN_FRONTEND": "noninteractive", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"]
    apt.standardOutput = FileHandle.nullDevice
    if (try? apt.run()) != nil { reap(apt) }
    return candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) })
}()

@main
struct ConformBench {
    static func main() async throws {
        let kamailio = try Kamailio()
        defer { kamailio.stop() }
        // Wait for Kamailio: a few registrations through the load runner (its OPTIONS probe
        // retries for 3 s).
        _ = try await LoadRunner.run(LoadConfiguration(target: kamailio.target, scenario: .register, rate: 10, calls: 1,
                                                       probeTimeout: .seconds(10)))
        say("conform-bench: Kamailio 5.6 (fixture, no auth) on udp 127.0.0.1:\(kamailio.port); "
            + "\(ProcessInfo.processInfo.activeProcessorCount) cores; \(Int(seconds)) s of calls per step")
        if sippPath == nil { say("conform-bench: sipp is not installed (apt-get install sip-tester): SIPp columns skipped") }

        // The callee SIPp's uac calls through Kamailio: our answerer, registered as "sipp-callee".
        let sippCallee = try await LoadAnswerer.start(callee: "sipp-callee", password: nil, host: "127.0.0.1", port: 0)
        try await sippCallee.register(at: kamailio.target)
        defer { Task { await sippCallee.stop() } }

        say("")
        say("  rate │ via Kamailio: ours          SIPp           ratio │ direct: ours               SIPp           ratio")
        say("  ─────┼───────────────────────────────────────────────────┼──────────────────────────────────────────────────")
        var best: [String: Int] = [:]
        for rate in rates {
            let calls = Int(Double(rate) * seconds)
            let viaOurs = !measureKamailio ? skipped : await ours(LoadConfiguration(target: kamailio.target, scenario: .call, rate: Double(rate), calls: calls,
                                                       timeout: .seconds(10), calleeMode: .answerer(port: 0, password: nil)))
            let viaSIPp = sippPath == nil || !measureKamailio ? nil
                : sipp(target: "127.0.0.1:\(kamailio.port)", user: "sipp-callee", rate: rate, calls: calls)
            let directPort = freeUDPPort()
            let directOurs = !measureDirect ? skipped : await ours(LoadConfiguration(target: LoadTarget(host: "127.0.0.1", port: directPort), scenario: .call,
                                                          rate: Double(rate), calls: calls, timeout: .seconds(10), calleeMode: .direct))
            var directSIPp: Outcome?
            if sippPath != nil, measureDirect, let uas = try? SIPpUAS() {
                directSIPp = sipp(target: "127.0.0.1:\(uas.port)", user: "service", rate: rate, calls: calls)
                uas.stop()
            }
            func ratio(_ a: Outcome, _ b: Outcome?) -> String {
                guard let b, a.calls > 0, b.achieved > 0 else { return "    —" }
                return String(format: "%5.2fx", a.achieved / b.achieved)
            }
            say(String(format: "%6d │ %@   %@  %@ │ %@   %@  %@", rate,
                       viaOurs.cell, viaSIPp?.cell ?? (measureKamailio ? "     (no sipp)" : "     (skipped)"), ratio(viaOurs, viaSIPp),
                       directOurs.cell, directSIPp?.cell ?? (measureDirect ? "     (no sipp)" : "     (skipped)"), ratio(directOurs, directSIPp)))
            if environment["CONFORM_BENCH_VERBOSE"] != nil {
                func cpu(_ o: Outcome?) -> String { o.map { String(format: "%.2f s", $0.cpu) } ?? "—" }
                say("  CPU: ours via \(cpu(viaOurs)) (caller + answerer), SIPp uac via \(cpu(viaSIPp)), "
                    + "ours direct \(cpu(directOurs)) (caller + answerer), SIPp uac direct \(cpu(directSIPp)) (uac only)")
            }
            for (name, outcome) in [("ours via Kamailio", viaOurs), ("SIPp via Kamailio", viaSIPp), ("ours direct", directOurs),
                                    ("SIPp direct", directSIPp)] {
                if let outcome, outcome.sustains(rate) { best[name] = max(best[name] ?? 0, rate) }
            }
        }
        say("")
        say("Highest rate sustained (≥ 99.9 % success, achieved ≥ 95 % of the rate), calls/s:")
        for name in ["ours via Kamailio", "SIPp via Kamailio", "ours direct", "SIPp direct"] {
            say("  \(name.padding(toLength: 18, withPad: " ", startingAt: 0)) \(best[name].map(String.init) ?? "none of the steps")")
        }
        say("SIPp's published figure: about 1,000–1,250 calls/s per process (uac, INVITE/ACK/BYE).")
        say("Cells: achieved calls/s (successful calls ÷ wall time of the run) and the share of calls that succeeded.")
    }
}
