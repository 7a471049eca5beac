import Foundation
import Testing

/// `plivo-phone call` and `plivo-phone answer` (the built executable) through a real Kamailio
/// 5.6 proxy/registrar (`Fixtures/kamailio`, digest auth, record-routing): two of our phones
/// call each other over WebSocket, UDP and TCP; the callee answers, rejects or ignores; each
/// side hangs up; the caller cancels while ringing (SIGINT).
@Suite(.serialized, .timeLimit(.minutes(2)))
struct PlivoPhoneCallTests {
    typealias Transport = PlivoPhoneTests.Transport

    /// The event names of a run without the connection/login frame around the command, and
    /// without onMediaConnected (ICE runs beside the signalling; its place in the order varies).
    static func callEvents(_ output: PlivoPhoneRunner.Output) -> [String] {
        output.eventNames.filter { !["onConnectionChange", "onLogin", "onLogout", "onMediaConnected"].contains($0) }
    }

    /// Starts `answer` for bob (waiting until bob is registered), runs `call` for alice, and
    /// returns both outputs.
    static func callBob(_ kamailio: KamailioProcess, bob bobTransport: Transport = .ws, alice aliceTransport: Transport = .ws,
                        bobArguments: [String], aliceArguments: [String],
                        whileRunning: (@Sendable (PhoneProcess) async throws -> Void)? = nil)
        async throws -> (alice: PlivoPhoneRunner.Output, bob: PlivoPhoneRunner.Output) {
        let bob = try PhoneProcess(["--server", bobTransport.server(kamailio), "--user", "bob", "--password", "bob-pw"]
                                   + bobArguments)
        try await bob.waitForLine(startingWith: "onLogin")
        let alice = try PhoneProcess(["--server", aliceTransport.server(kamailio), "--user", "alice",
                                      "--password", "alice-pw"] + aliceArguments)
        if let whileRunning { try await whileRunning(alice) }
        let aliceOutput = await alice.finish()
        let bobOutput = await bob.finish()
        return (aliceOutput, bobOutput)
    }

    @Test("ws → ws: answered, two DTMF digits arrive as onDtmfReceived, the caller hangs up; both exit 0")
    func callerHangsUp() async throws {
        try await KamailioProcess.with { kamailio in
            let (alice, bob) = try await Self.callBob(
                kamailio, bobArguments: ["answer", "--count", "1"],
                aliceArguments: ["call", "bob", "--hangup-after", "1.5", "--dtmf", "1#"])
            #expect(alice.status == 0, "\(alice)")
            #expect(bob.status == 0, "\(bob)")
            #expect(Self.callEvents(alice) == ["onCalling", "onCallRemoteRinging", "onCallAnswered", "onCallTerminated"],
                    "\(alice)")
            #expect(Self.callEvents(bob) == ["onIncomingCall", "onCallAnswered", "onDtmfReceived", "onDtmfReceived",
                                             "onCallTerminated"], "\(bob)")
            #expect(bob.lines.contains("onDtmfReceived {tone: 1, duration: 100}"), "\(bob)")
            #expect(bob.lines.contains("onDtmfReceived {tone: #, duration: 100}"), "\(bob)")
            #expect(alice.lines.contains { $0.hasPrefix("onCallTerminated {hangupInfo: {originator: local, reason: Terminated}") },
                    "\(alice)")
            #expect(bob.lines.contains {
                $0.hasPrefix("onCallTerminated {hangupInfo: {originator: remote, reason: Normal call clearing}")
            }, "\(bob)")
            #expect(bob.lines.contains { $0.hasPrefix("onIncomingCall {callerID: alice@127.0.0.1,") }, "\(bob)")
            // Both phones put ICE candidates in their SDP: the checks succeed on loopback.
            #expect(alice.eventNames.filter { $0 == "onMediaConnected" }.count == 1, "\(alice)")
            #expect(bob.eventNames.filter { $0 == "onMediaConnected" }.count == 1, "\(bob)")
        }
    }

    @Test("udp → tcp with --json: the callee hangs up (BYE from the callee); CallInfo fields as the seed names them")
    func calleeHangsUp() async throws {
        try await KamailioProcess.with { kamailio in
            let (alice, bob) = try await Self.callBob(
                kamailio, bob: .tcp, alice: .udp, bobArguments: ["answer", "--hangup-after", "0.3"],
                aliceArguments: ["--json", "call", "bob"])
            #expect(alice.status == 0, "\(alice)")
            #expect(bob.status == 0, "\(bob)")
            let events = try alice.jsonObjects()
            let names = events.compactMap { $0["event"] as? String }
            #expect(names.contains("onMediaConnected"), "\(alice)")
            #expect(names.filter { !["onConnectionChange", "onLogin", "onLogout", "onMediaConnected"].contains($0) }
                == ["onCalling", "onCallRemoteRinging", "onCallAnswered", "onCallTerminated"], "\(alice)")
            let answered = try #require(events.first { $0["event"] as? String == "onCallAnswered" })
            for key in ["callUUID", "direction", "src", "dest", "state", "extraHeaders", "originator", "protocol",
                        "reason", "code"] {
                #expect(answered[key] != nil, "onCallAnswered lacks \(key): \(answered)")
            }
            #expect(answered["direction"] as? String == "outgoing")
            #expect(answered["state"] as? String == "answered")
            let terminated = try #require(events.first { $0["event"] as? String == "onCallTerminated" })
            let hangup = try #require(terminated["hangupInfo"] as? [String: Any])
            #expect(hangup["originator"] as? String == "remote")
            let info = try #require(terminated["callInfo"] as? [String: Any])
            #expect(info["state"] as? String == "ended")
            #expect(info["protocol"] as? String == "Q.850")
            #expect(info["code"] as? Int == 16)
        }
    }

    @Test("reject: the caller fails with Busy (486) and exits 1; the callee reports Rejected and exits 0; X-PH headers filtered")
    func calleeRejects() async throws {
        try await KamailioProcess.with { kamailio in
            let (alice, bob) = try await Self.callBob(
                kamailio, bobArguments: ["answer", "--action", "reject"],
                aliceArguments: ["call", "bob", "--header", "X-PH-Room: 42", "--header", "X-PH-Bad: a b",
                                 "--header", "X-Other: 1"])
            #expect(alice.status == 1, "\(alice)")
            #expect(bob.status == 0, "\(bob)")
            #expect(Self.callEvents(alice) == ["onCalling", "onCallRemoteRinging", "onCallFailed"], "\(alice)")
            #expect(alice.lines.contains { $0.hasPrefix("onCallFailed {cause: Busy,") }, "\(alice)")
            #expect(alice.lines.contains { $0.contains("originator: remote, protocol: SIP, reason: Busy, code: 486") },
                    "\(alice)")
            #expect(Self.callEvents(bob) == ["onIncomingCall", "onCallFailed"], "\(bob)")
            // The seed's X-PH rule: only X-PH-Room passes; the others are dropped with a log line.
            #expect(bob.lines.contains { $0.hasPrefix("onIncomingCall {callerID: alice@127.0.0.1, extraHeaders: {X-PH-Room: 42},") },
                    "\(bob)")
            #expect(alice.stderr.contains("X-PH-Bad dropped") && alice.stderr.contains("X-Other dropped"), "\(alice)")
            #expect(bob.lines.contains { $0.hasPrefix("onCallFailed {cause: Rejected,") && $0.contains("code: 3020") },
                    "\(bob)")
            #expect(alice.eventNames.last == "onConnectionChange" && alice.eventNames.contains("onLogout"), "\(alice)")
        }
    }

    @Test("SIGINT while ringing: CANCEL, the caller reports Canceled, logs out, exits 1; the ignoring callee exits 0")
    func callerCancels() async throws {
        try await KamailioProcess.with { kamailio in
            let (alice, bob) = try await Self.callBob(
                kamailio, bobArguments: ["answer", "--action", "ignore"], aliceArguments: ["call", "bob"],
                whileRunning: { alice in
                    try await alice.waitForLine(startingWith: "onCallRemoteRinging")
                    alice.interrupt()
                })
            #expect(alice.status == 1, "\(alice)")
            #expect(bob.status == 0, "\(bob)")
            #expect(Self.callEvents(alice) == ["onCalling", "onCallRemoteRinging", "onCallFailed"], "\(alice)")
            #expect(alice.lines.contains { $0.hasPrefix("onCallFailed {cause: Canceled,") && $0.contains("code: 1000") },
                    "\(alice)")
            #expect(alice.eventNames.suffix(2) == ["onLogout", "onConnectionChange"], "\(alice)")
            #expect(Self.callEvents(bob) == ["onIncomingCall", "onIncomingCallIgnored"], "\(bob)")
        }
    }

    @Test("A call to a user who is not registered fails with Not Found (404 from Kamailio)")
    func unknownUser() async throws {
        try await KamailioProcess.with { kamailio in
            let output = try await PlivoPhoneRunner.run(
                ["--server", kamailio.webSocketURL, "--user", "alice", "--password", "alice-pw", "call", "carol"])
            #expect(output.status == 1, "\(output)")
            #expect(output.lines.contains { $0.hasPrefix("onCallFailed {cause: Not Found,") }, "\(output)")
        }
    }
}

/// Connection supervision against a real Kamailio: the server crashes and comes back.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct PlivoPhoneReconnectTests {
    @Test("Kamailio killed and restarted: onConnectionChange disconnected (1006) then connected, a fresh REGISTER, and the phone takes a call through the new Kamailio")
    func serverCrashAndRestart() async throws {
        let first = try await KamailioProcess.startReady()
        var kamailio = first
        do {
            let bob = try PhoneProcess(["--server", first.webSocketURL, "--user", "bob", "--password", "bob-pw",
                                        "answer", "--count", "1"], timeout: 60)
            try await bob.waitForLine(startingWith: "onLogin")
            await first.crash()
            try await bob.waitForLine(startingWith: "onConnectionChange {state: disconnected", seconds: 10)
            kamailio = try await first.restart()
            try await bob.waitForLine(startingWith: "onConnectionChange {state: connected}", count: 2, seconds: 30)
            try await bob.waitForError(containing: "registered again", seconds: 10)
            let alice = try await PlivoPhoneRunner.run(
                ["--server", kamailio.webSocketURL, "--user", "alice", "--password", "alice-pw",
                 "call", "bob", "--hangup-after", "0.3"])
            let output = await bob.finish()
            #expect(alice.status == 0, "\(alice)")
            #expect(output.status == 0, "\(output)")
            #expect(output.eventNames.filter { $0 != "onMediaConnected" }
                == ["onConnectionChange", "onLogin", "onConnectionChange", "onConnectionChange",
                    "onIncomingCall", "onCallAnswered", "onCallTerminated", "onLogout", "onConnectionChange"], "\(output)")
            #expect(output.lines.contains("onConnectionChange {state: disconnected, eventCode: 1006, eventReason: Abnormal closure}"),
                    "\(output)")
        } catch {
            await kamailio.stop()
            throw error
        }
        await kamailio.stop()
    }
}

/// Keep-alive against a real Kamailio (Plivo behaviour §4.3): pings every 5 s, 2 s to answer.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct PlivoPhoneKeepAliveTests {
    @Test("CRLF pings over TCP are answered for 8 s; a frozen Kamailio (SIGSTOP) is found by the unanswered OPTIONS over UDP (Ping Timed Out), and after SIGCONT the phone reconnects and registers again")
    func keepAlive() async throws {
        try await KamailioProcess.with { kamailio in
            let udp = try PhoneProcess(["--server", "sip:127.0.0.1:\(kamailio.sipPort);transport=udp", "--user", "alice",
                                        "--password", "alice-pw", "register", "--duration", "60"], timeout: 60)
            let tcp = try await PlivoPhoneRunner.run(
                ["--server", "sip:127.0.0.1:\(kamailio.sipPort);transport=tcp", "--user", "bob", "--password", "bob-pw",
                 "register", "--duration", "8"])
            #expect(tcp.status == 0, "\(tcp)")
            #expect(tcp.eventNames == PlivoPhoneTests.cleanRun, "\(tcp)")
            kamailio.freeze()
            do {
                try await udp.waitForLine(startingWith: "onConnectionChange {state: disconnected", seconds: 10)
            } catch {
                kamailio.thaw()
                throw error
            }
            kamailio.thaw()
            try await udp.waitForLine(startingWith: "onConnectionChange {state: connected}", count: 2, seconds: 30)
            try await udp.waitForError(containing: "registered again", seconds: 40)
            udp.interrupt()
            let output = await udp.finish()
            #expect(output.status == 0, "\(output)")
            #expect(output.lines.contains("onConnectionChange {state: disconnected, eventCode: 1000, eventReason: Ping Timed Out}"),
                    "\(output)")
            #expect(output.eventNames == ["onConnectionChange", "onLogin", "onConnectionChange", "onConnectionChange",
                                         "onLogout", "onConnectionChange"], "\(output)")
        }
    }
}
