import Foundation
import Testing

/// Records the `sip-replay` fixtures in `Fixtures/captures/` with dumpcap on the loopback
/// interface while real peers talk: a real Kamailio 5.6, a real baresip 1.0.0 and `plivo-phone`.
/// Runs only with `RECORD_CAPTURES=1` (`scripts/record-captures.sh`); the captures are
/// committed and `SIPReplayFixtureTests` checks what `sip-replay` finds in them against tshark.
@Suite(.serialized, .timeLimit(.minutes(3)),
       .enabled(if: ProcessInfo.processInfo.environment["RECORD_CAPTURES"] == "1", "set RECORD_CAPTURES=1 to record the fixtures"))
struct CaptureFixtureRecorder {
    static let folder = PlivoPhoneRunner.repositoryRoot.appendingPathComponent("Fixtures/captures")

    /// Runs `body` while dumpcap writes what `filter` passes on `lo` into `name`.
    static func recording<T>(_ name: String, filter: String, _ body: () async throws -> T) async throws -> T {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try? FileManager.default.removeItem(atPath: path)
        let dumpcap = Process()
        // The test process blocks SIGINT/SIGTERM in the threads that spawn children, and a
        // child inherits that mask: dumpcap would never see the signal that makes it finish
        // its file. A one-line wrapper unblocks them before exec.
        dumpcap.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        dumpcap.arguments = ["-c", "import os, signal, sys; signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM}); "
                                 + "os.execv('/usr/bin/dumpcap', sys.argv[1:])",
                             "dumpcap", "-q", "-i", "lo", "-f", filter, "-w", path]
        dumpcap.standardOutput = FileHandle.nullDevice
        dumpcap.standardError = FileHandle.nullDevice
        try dumpcap.run()
        // dumpcap writes the section header as soon as it captures.
        for _ in 0..<100 where ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) == 0 {
            try await Task.sleep(for: .milliseconds(50))
        }
        try await Task.sleep(for: .milliseconds(300))
        let result = try await body()
        try await Task.sleep(for: .milliseconds(500))   // the last RTP and the BYE's 200 reach the capture
        kill(dumpcap.processIdentifier, SIGTERM)   // dumpcap finishes the file on SIGTERM
        for _ in 0..<100 where dumpcap.isRunning {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(!dumpcap.isRunning, "dumpcap did not stop on SIGTERM")
        if dumpcap.isRunning { kill(dumpcap.processIdentifier, SIGKILL) }
        return result
    }

    static func filter(_ kamailio: KamailioProcess) -> String {
        "udp or tcp port \(kamailio.wsPort) or tcp port \(kamailio.sipPort)"
    }

    @Test("kamailio-udp-call.pcapng: plivo-phone (UDP, plain RTP) calls baresip (auto-answer), RFC 4733 digits 4 and 2, hangs up after 2 s")
    func udpCall() async throws {
        try BaresipProcess.checkAvailable()
        try await KamailioProcess.with { kamailio in
            try await BaresipProcess.with(user: "bob", password: "bob-pw", registrarPort: kamailio.sipPort, autoAnswer: true) { _ in
                try await Self.recording("kamailio-udp-call.pcapng", filter: Self.filter(kamailio)) {
                    let alice = try await PlivoPhoneRunner.run(
                        ["--server", "sip:127.0.0.1:\(kamailio.sipPort);transport=udp", "--user", "alice", "--password", "alice-pw",
                         "call", "bob", "--hangup-after", "2", "--dtmf", "42", "--dtmf-type", "inband", "--media-profile", "avp"])
                    #expect(alice.status == 0, "\(alice)")
                }
            }
        }
    }

    @Test("kamailio-cancel-reject.pcapng: baresip calls plivo-phone, which rejects (486); baresip calls again and cancels while it rings")
    func cancelAndReject() async throws {
        try BaresipProcess.checkAvailable()
        try await KamailioProcess.with { kamailio in
            try await BaresipProcess.with(user: "carol", password: "carol-pw", registrarPort: kamailio.sipPort, autoAnswer: false) { carol in
                try await Self.recording("kamailio-cancel-reject.pcapng", filter: Self.filter(kamailio)) {
                    let rejecting = try PhoneProcess(["--server", "sip:127.0.0.1:\(kamailio.sipPort);transport=udp", "--user", "bob",
                                                      "--password", "bob-pw", "answer", "--count", "1", "--action", "reject"])
                    try await rejecting.waitForLine(startingWith: "onLogin")
                    try await carol.dial("sip:bob@127.0.0.1")
                    _ = try await carol.waitForEvent("CALL_CLOSED", timeout: .seconds(10))
                    #expect(await rejecting.finish().status == 0)
                    let ringing = try PhoneProcess(["--server", "sip:127.0.0.1:\(kamailio.sipPort);transport=udp", "--user", "bob",
                                                    "--password", "bob-pw", "answer", "--count", "1", "--answer-after", "20"])
                    try await ringing.waitForLine(startingWith: "onLogin")
                    try await carol.dial("sip:bob@127.0.0.1")
                    try await ringing.waitForLine(startingWith: "onIncomingCall")
                    try await Task.sleep(for: .milliseconds(500))
                    try await carol.hangup()
                    _ = try await carol.waitForEvent("CALL_CLOSED", timeout: .seconds(10))
                    try await ringing.waitForLine(startingWith: "onIncomingCallCanceled")
                    ringing.interrupt()
                    _ = await ringing.finish()
                }
            }
        }
    }

    @Test("kamailio-ws-call.pcapng: plivo-phone over WebSocket calls baresip (UDP) through Kamailio, INFO DTMF 5, hangs up after 1 s")
    func webSocketCall() async throws {
        try BaresipProcess.checkAvailable()
        try await KamailioProcess.with { kamailio in
            try await BaresipProcess.with(user: "bob", password: "bob-pw", registrarPort: kamailio.sipPort, autoAnswer: true) { _ in
                try await Self.recording("kamailio-ws-call.pcapng", filter: Self.filter(kamailio)) {
                    let alice = try await PlivoPhoneRunner.run(
                        ["--server", kamailio.webSocketURL, "--user", "alice", "--password", "alice-pw",
                         "call", "bob", "--hangup-after", "1", "--dtmf", "5", "--media-profile", "avp"])
                    #expect(alice.status == 0, "\(alice)")
                }
            }
        }
    }

    @Test("kamailio-tcp-call.pcapng: plivo-phone over TCP (Content-Length framing) calls baresip (UDP) through Kamailio, hangs up after 1 s")
    func tcpCall() async throws {
        try BaresipProcess.checkAvailable()
        try await KamailioProcess.with { kamailio in
            try await BaresipProcess.with(user: "bob", password: "bob-pw", registrarPort: kamailio.sipPort, autoAnswer: true) { _ in
                try await Self.recording("kamailio-tcp-call.pcapng", filter: Self.filter(kamailio)) {
                    let alice = try await PlivoPhoneRunner.run(
                        ["--server", "sip:127.0.0.1:\(kamailio.sipPort);transport=tcp", "--user", "alice", "--password", "alice-pw",
                         "call", "bob", "--hangup-after", "1", "--dtmf", "7", "--media-profile", "avp"])
                    #expect(alice.status == 0, "\(alice)")
                }
            }
        }
    }
}
