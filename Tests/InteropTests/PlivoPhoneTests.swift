import Foundation
import Testing

/// `plivo-phone register` (the built executable) against a real Kamailio 5.6 registrar with
/// digest auth (`Fixtures/kamailio`, alice/alice-pw), over UDP, TCP and WebSocket on 127.0.0.1.
/// Each test starts its own Kamailio through `KamailioProcess` and stops it afterwards.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct PlivoPhoneTests {
    /// The three transports `plivo-phone` speaks, as `--server` values for one Kamailio.
    enum Transport: String, CaseIterable, Sendable {
        case udp, tcp, ws

        func server(_ kamailio: KamailioProcess) -> String {
            switch self {
            case .udp: "sip:127.0.0.1:\(kamailio.sipPort);transport=udp"
            case .tcp: "sip:127.0.0.1:\(kamailio.sipPort);transport=tcp"
            case .ws: kamailio.webSocketURL
            }
        }
    }

    /// What a clean register run prints: connected, logged in, logged out, disconnected.
    static let cleanRun = ["onConnectionChange", "onLogin", "onLogout", "onConnectionChange"]

    @Test("register alice/alice-pw: exit 0, onConnectionChange, onLogin, onLogout, onConnectionChange",
          arguments: Transport.allCases)
    func register(transport: Transport) async throws {
        try await KamailioProcess.with { kamailio in
            let password = "alice-pw"
            let output = try await PlivoPhoneRunner.run(
                ["--server", transport.server(kamailio), "--user", "alice", "--password", password, "register"])
            #expect(output.status == 0, "\(output)")
            #expect(output.eventNames == Self.cleanRun, "\(output)")
            #expect(output.lines.first == "onConnectionChange {state: connected}", "\(output)")
            #expect(output.lines.last?.hasPrefix("onConnectionChange {state: disconnected, eventCode: 1000") == true,
                    "\(output)")
            #expect(!output.stdout.contains(password) && !output.stderr.contains(password), "password printed")
        }
    }

    @Test("A wrong password: exit 1 and onLoginFailed {cause: Authentication Error}, password never printed")
    func wrongPassword() async throws {
        try await KamailioProcess.with { kamailio in
            let password = "wrong-pw-7d3f"
            let output = try await PlivoPhoneRunner.run(
                ["--server", Transport.udp.server(kamailio), "--user", "alice", "--password", password, "register"])
            #expect(output.status == 1, "\(output)")
            #expect(output.eventNames == ["onConnectionChange", "onLoginFailed", "onConnectionChange"], "\(output)")
            #expect(output.lines.contains("onLoginFailed {cause: Authentication Error}"), "\(output)")
            #expect(!output.stdout.contains(password) && !output.stderr.contains(password), "password printed")
        }
    }

    @Test("--json: every line is an object with event and t_ms (non-decreasing), payload keys from the seed")
    func jsonLines() async throws {
        try await KamailioProcess.with { kamailio in
            let output = try await PlivoPhoneRunner.run(
                ["--server", Transport.ws.server(kamailio), "--user", "alice", "--password", "alice-pw", "--json",
                 "register", "--duration", "0.2"])
            #expect(output.status == 0, "\(output)")
            let objects = try output.jsonObjects()
            #expect(objects.compactMap { $0["event"] as? String } == Self.cleanRun, "\(output)")
            let times = objects.compactMap { $0["t_ms"] as? Int }
            #expect(times.count == objects.count, "\(output)")
            #expect(times == times.sorted(), "\(output)")
            // Stayed registered for --duration 0.2 s between onLogin and onLogout.
            if times.count == 4 { #expect(times[2] - times[1] >= 200, "\(output)") }
            #expect(objects.first?["state"] as? String == "connected", "\(output)")
            #expect(objects.last?["state"] as? String == "disconnected", "\(output)")
            #expect(objects.last?["eventCode"] as? Int == 1000, "\(output)")
        }
    }

    @Test("Failover: an unreachable first server is skipped, the second one registers")
    func failover() async throws {
        try await KamailioProcess.with { kamailio in
            let dead = try FreePorts.pick().ws
            let output = try await PlivoPhoneRunner.run(
                ["--server", "sip:127.0.0.1:\(dead);transport=tcp", "--server", Transport.tcp.server(kamailio),
                 "--user", "alice", "--password", "alice-pw", "register"])
            #expect(output.status == 0, "\(output)")
            #expect(output.eventNames == Self.cleanRun, "\(output)")
            #expect(output.stderr.contains("cannot connect to sip:127.0.0.1:\(dead);transport=tcp"), "\(output)")
        }
    }

    @Test("Usage errors exit 2 (not ArgumentParser's 64): missing parts, bad URLs, sips: over UDP, bad values")
    func usageErrors() async throws {
        let cases: [[String]] = [
            [],
            ["--server", "ws://127.0.0.1:5066/", "--user", "alice", "--password", "secret-pw"],
            ["--user", "alice", "--password", "secret-pw", "register"],
            ["--server", "sips:127.0.0.1:5060;transport=udp", "--user", "alice", "--password", "secret-pw", "register"],
            ["--server", "ws://127.0.0.1:5066/", "--user", "alice", "--password", "secret-pw", "call", "bob",
             "--dtmf", "12A"],
            ["--server", "ws://127.0.0.1:5066/", "--user", "alice", "--password", "secret-pw", "answer",
             "--action", "maybe"],
            ["--server", "ws://127.0.0.1:5066/", "--user", "alice", "--password", "secret-pw", "answer", "--count", "0"],
            ["--server", "http://127.0.0.1/", "--user", "alice", "--password", "secret-pw", "register"],
            ["--server", "ws://127.0.0.1:5066/", "--user", "alice", "--password", "secret-pw", "register",
             "--duration", "-1"],
            ["--server", "ws://127.0.0.1:5066/", "--user", "alice", "--password", "secret-pw", "--bogus", "register"],
        ]
        for arguments in cases {
            let output = try await PlivoPhoneRunner.run(arguments)
            #expect(output.status == 2, "\(arguments): \(output)")
            #expect(output.stdout.isEmpty, "\(arguments): \(output)")
            #expect(!output.stderr.contains("secret-pw"), "\(arguments): password printed")
        }
        let sipsOverUDP = try await PlivoPhoneRunner.run(cases[3])
        #expect(sipsOverUDP.stderr.contains("needs TLS"), "\(sipsOverUDP)")
    }
}
