// sdk-bench: the public client's call setup and memory, on loopback through a real Kamailio
// (started here, with the project's fixture, on free ports), next to aiortc measured in the
// same run.
//
//   call-setup     call() → onMediaConnected at the caller (SIP INVITE/180/200/ACK through
//                  Kamailio, host-candidate ICE, DTLS 1.2 handshake, SRTP keyed), median and p90
//                  of N calls; aiortc: createOffer → both RTCPeerConnections 'connected' (ICE +
//                  DTLS, no signalling server), median of N.
//   memory-idle    heap bytes (glibc mallinfo2) per logged-in idle client (N clients).
//   memory-call    heap bytes per answered call, both ends (N calls at once).
import CSRTPBench
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import PlivoSDK

func heapInUse() -> Int { Int(csrtpbench_heap_in_use()) }

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../..").standardized
let runs = Int(ProcessInfo.processInfo.environment["SDK_BENCH_CALLS"] ?? "") ?? 30

/// Kamailio on free ports with the fixture's digest users (alice, bob, carol, test).
final class Kamailio {
    let process = Process()
    let wsPort: Int
    let runDirectory: URL

    init() throws {
        let sip = Int.random(in: 20_000...29_999), ws = Int.random(in: 30_000...39_999)
        wsPort = ws
        runDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("sdk-bench-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: runDirectory, withIntermediateDirectories: true)
        let binary = ["/usr/sbin/kamailio", "/usr/local/sbin/kamailio"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let binary else { throw NSError(domain: "sdk-bench: kamailio not installed (make peer-deps)", code: 1) }
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["-f", root.appendingPathComponent("Fixtures/kamailio/kamailio.cfg").path, "-A", "WITH_AUTH",
                             "-A", "SIP_PORT=\(sip)", "-A", "WS_PORT=\(ws)", "-DD", "-E", "-Y", runDirectory.path,
                             "-m", "64", "-M", "8"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    var url: String { "ws://127.0.0.1:\(wsPort)/" }

    func stop() {
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: runDirectory)
    }
}

/// Waits for the first event named `name` (or one of `failures`) on `iterator`; nil for a
/// failure or the stream's end.
func next(_ name: PlivoEventName, on iterator: inout AsyncStream<PlivoEvent>.AsyncIterator,
          failures: Set<PlivoEventName> = [.onCallFailed, .onLoginFailed]) async -> PlivoEvent? {
    while let event = await iterator.next() {
        if event.name == name { return event }
        if failures.contains(event.name) { return nil }
    }
    return nil
}

func login(_ client: PlivoClient, _ user: String, _ password: String) async -> Bool {
    var events = client.events().makeAsyncIterator()
    guard await client.login(username: user, password: password) else { return false }
    return await next(.onLogin, on: &events) != nil
}

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted[Int(p * Double(sorted.count - 1))]
}

/// One result line on standard output, unbuffered.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

func format(_ value: Double) -> String { String(format: "%.1f", value) }

func aiortcSetup(runs: Int) -> (median: Double, p90: Double)? {
    let python = root.appendingPathComponent(".venv-peers/bin/python").path
    guard FileManager.default.isExecutableFile(atPath: python) else { return nil }
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("aiortc-setup-\(UUID().uuidString.prefix(8)).json").path
    // posix_spawn + waitpid: Foundation's Process does not finish its wait inside this async
    // context on Linux.
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    let arguments = [python, root.appendingPathComponent("Fixtures/webrtc/aiortc_setup_bench.py").path, String(runs)]
    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    guard posix_spawn(&pid, python, &actions, nil, &argv, environ) == 0 else { return nil }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let data = (try? Data(contentsOf: URL(fileURLWithPath: output))) ?? Data()
    try? FileManager.default.removeItem(atPath: output)
    guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
          let median = object["median_ms"] as? Double, let p90 = object["p90_ms"] as? Double else { return nil }
    return (median, p90)
}

@MainActor
func run() async throws {
    let kamailio = try Kamailio()
    defer { kamailio.stop() }
    let media = PlivoMediaOptions(input: .tone(440), output: .discard)
    // WARN: the default INFO would print every event of 60 clients to stderr.
    let options = PlivoOptions(debug: .warn, servers: [kamailio.url], stunServers: [])
    // Kamailio takes a moment to open its sockets.
    let bob = PlivoClient(options: options, media: media)
    var ready = false
    for _ in 0..<50 where !ready {
        ready = await login(bob, "bob", "bob-pw")
        if !ready { try await Task.sleep(for: .milliseconds(200)) }
    }
    guard ready else { throw NSError(domain: "sdk-bench: kamailio did not come up", code: 1) }
    say("sdk-bench: kamailio on \(kamailio.url), bob logged in")
    let alice = PlivoClient(options: options, media: media)
    guard await login(alice, "alice", "alice-pw") else { throw NSError(domain: "sdk-bench: alice cannot log in", code: 1) }
    let answering = bob.on(.onIncomingCall) { event in
        guard case .onIncomingCall(_, _, let info, _) = event else { return }
        Task { await bob.answer(callUUID: info.callUUID) }
    }

    // call-setup
    var setups: [Double] = []
    var aliceEvents = alice.events().makeAsyncIterator()
    for index in 0...runs {
        let start = ContinuousClock.now
        guard await alice.call("bob") else { throw NSError(domain: "sdk-bench: call \(index) refused", code: 1) }
        guard await next(.onMediaConnected, on: &aliceEvents) != nil else {
            throw NSError(domain: "sdk-bench: call \(index) never connected", code: 1)
        }
        let elapsed = milliseconds(ContinuousClock.now - start)
        if index > 0 { setups.append(elapsed) }      // the first call warms up
        await alice.hangup()
        _ = await next(.onCallTerminated, on: &aliceEvents)
        try await Task.sleep(for: .milliseconds(50))
    }
    answering.cancel()
    let ours = (median: percentile(setups, 0.5), p90: percentile(setups, 0.9))
    say("call-setup-ours: median \(format(ours.median)) ms, p90 \(format(ours.p90)) ms over \(setups.count) calls "
          + "(call() → onMediaConnected: SIP through Kamailio + ICE checks)")
    FileHandle.standardError.write(Data("sdk-bench: aiortc…\n".utf8))
    if let theirs = aiortcSetup(runs: runs) {
        say("call-setup-aiortc: median \(format(theirs.median)) ms, p90 \(format(theirs.p90)) ms "
              + "(createOffer → both peers ICE-connected, no signalling)")
        say("call-setup-ratio: aiortc / ours = \(String(format: "%.2f", theirs.median / ours.median))× (goal: ≥ 1, and ours ≤ 10 ms)")
    } else {
        say("call-setup-aiortc: skipped (.venv-peers with aiortc missing: make peer-deps)")
    }
    await alice.close()
    await bob.close()

    FileHandle.standardError.write(Data("sdk-bench: memory…\n".utf8))
    // memory-idle
    let count = 20
    let warm = PlivoClient(options: options, media: media)
    _ = await login(warm, "test", "test")
    await warm.close()
    let before = heapInUse()
    var clients: [PlivoClient] = []
    for _ in 0..<count { clients.append(PlivoClient(options: options, media: media)) }
    let created = heapInUse()
    for client in clients { _ = await login(client, "test", "test") }
    try await Task.sleep(for: .milliseconds(500))
    let idle = Double(heapInUse() - before) / Double(count)
    let unconnected = Double(created - before) / Double(count)
    say("memory-idle-client: \(Int(idle)) bytes of heap per logged-in idle client (\(count) clients; goal ≤ 65536; "
        + "\(Int(unconnected)) of them before the login)")
    for client in clients { await client.close() }

    // memory-call: N callers and N callees, all answered at once.
    let pairs = 10
    var callers: [PlivoClient] = [], callees: [PlivoClient] = []
    for _ in 0..<pairs {
        let caller = PlivoClient(options: options, media: media), callee = PlivoClient(options: options, media: media)
        _ = await login(caller, "alice", "alice-pw")
        _ = await login(callee, "carol", "carol-pw")
        callers.append(caller)
        callees.append(callee)
    }
    // Kamailio forks an INVITE to every registered carol: call one pair at a time and answer
    // at the callee that rings first.
    let loggedIn = heapInUse()
    var answered = 0
    for (caller, _) in zip(callers, callees) {
        var events = caller.events().makeAsyncIterator()
        let tokens = callees.map { callee in
            callee.on(.onIncomingCall) { event in
                guard case .onIncomingCall(_, _, let info, _) = event else { return }
                Task { await callee.answer(callUUID: info.callUUID) }
            }
        }
        await caller.call("carol")
        if await next(.onMediaConnected, on: &events) != nil { answered += 1 }
        for token in tokens { token.cancel() }
    }
    try await Task.sleep(for: .seconds(1))
    let perCall = Double(heapInUse() - loggedIn) / Double(max(answered, 1))
    say("memory-active-call: \(Int(perCall)) bytes of heap per answered call, both ends (\(answered) calls, DTLS-SRTP Opus)")
    for client in callers + callees { await client.close() }
}

do {
    try await run()
} catch {
    FileHandle.standardError.write(Data("sdk-bench: \(error)\n".utf8))
    exit(1)
}
