import Foundation
import Testing

/// Calls between `plivo-phone` (SIP over WebSocket) and a real baresip 1.0.0 (SIP over UDP)
/// through a real Kamailio 5.6, which bridges WS and UDP with double Record-Route. Everything
/// runs on 127.0.0.1 on ports picked for the run; baresip is stopped before Kamailio.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct BaresipCallTests {
    static let eventTimeout: Duration = .seconds(10)

    @Test("ws → baresip (udp, auto-answer): answered, DTMF INFO accepted, our BYE closes baresip's call")
    func callBaresip() async throws {
        try BaresipProcess.checkAvailable()
        try await KamailioProcess.with { kamailio in
            try await BaresipProcess.with(
                user: "bob", password: "bob-pw", registrarPort: kamailio.sipPort, autoAnswer: true
            ) { bob in
                let alice = try await PlivoPhoneRunner.run(
                    ["--server", kamailio.webSocketURL, "--user", "alice", "--password", "alice-pw",
                     "call", "bob", "--hangup-after", "1", "--dtmf", "5", "--media-profile", "avp"])
                #expect(alice.status == 0, "\(alice)\n\(bob.logTail())")
                // baresip's auto-answer may answer 200 without a 180 first: ringing is optional.
                #expect(PlivoPhoneCallTests.callEvents(alice).filter { $0 != "onCallRemoteRinging" }
                    == ["onCalling", "onCallAnswered", "onCallTerminated"], "\(alice)")
                let established = try await bob.waitForEvent("CALL_ESTABLISHED", timeout: Self.eventTimeout)
                #expect(established.direction == "incoming")
                #expect(established.peeruri?.hasPrefix("sip:alice@") == true)
                let closed = try await bob.waitForEvent("CALL_CLOSED", timeout: Self.eventTimeout)
                #expect(closed.id == established.id)
                #expect(closed.param == "Connection reset by peer", "\(bob.logTail())")
            }
        }
    }

    @Test("baresip (udp) → ws: plivo-phone answers with an Opus answer; baresip hangs up; onCallTerminated remote")
    func baresipCalls() async throws {
        try BaresipProcess.checkAvailable()
        try await KamailioProcess.with { kamailio in
            try await BaresipProcess.with(
                user: "carol", password: "carol-pw", registrarPort: kamailio.sipPort, autoAnswer: false
            ) { carol in
                let bob = try PhoneProcess(["--server", kamailio.webSocketURL, "--user", "bob", "--password", "bob-pw",
                                            "answer", "--count", "1"])
                try await bob.waitForLine(startingWith: "onLogin")
                try await carol.dial("sip:bob@127.0.0.1")
                let established = try await carol.waitForEvent("CALL_ESTABLISHED", timeout: Self.eventTimeout)
                #expect(established.direction == "outgoing")
                try await bob.waitForLine(startingWith: "onCallAnswered")
                try await carol.hangup()
                _ = try await carol.waitForEvent("CALL_CLOSED", timeout: Self.eventTimeout)
                let output = await bob.finish()
                #expect(output.status == 0, "\(output)")
                #expect(PlivoPhoneCallTests.callEvents(output) == ["onIncomingCall", "onCallAnswered", "onCallTerminated"],
                        "\(output)")
                #expect(output.lines.contains { $0.hasPrefix("onIncomingCall {callerID: carol@127.0.0.1,") }, "\(output)")
                // baresip (no ICE module loaded) sends no ICE attributes: no checks, no onMediaConnected.
                #expect(!output.eventNames.contains("onMediaConnected"), "\(output)")
                #expect(output.lines.contains { $0.hasPrefix("onCallTerminated {hangupInfo: {originator: remote") },
                        "\(output)")
            }
        }
    }

    @Test("baresip (udp) → ws, plivo-phone hangs up: baresip sees the call closed by the peer")
    func phoneHangsUpOnBaresip() async throws {
        try BaresipProcess.checkAvailable()
        try await KamailioProcess.with { kamailio in
            try await BaresipProcess.with(
                user: "carol", password: "carol-pw", registrarPort: kamailio.sipPort, autoAnswer: false
            ) { carol in
                let bob = try PhoneProcess(["--server", kamailio.webSocketURL, "--user", "bob", "--password", "bob-pw",
                                            "answer", "--count", "1", "--hangup-after", "0.5"])
                try await bob.waitForLine(startingWith: "onLogin")
                try await carol.dial("sip:bob@127.0.0.1")
                let established = try await carol.waitForEvent("CALL_ESTABLISHED", timeout: Self.eventTimeout)
                let closed = try await carol.waitForEvent("CALL_CLOSED", timeout: Self.eventTimeout)
                #expect(closed.id == established.id)
                #expect(closed.param == "Connection reset by peer", "\(carol.logTail())")
                let output = await bob.finish()
                #expect(output.status == 0, "\(output)")
                #expect(output.lines.contains { $0.hasPrefix("onCallTerminated {hangupInfo: {originator: local") },
                        "\(output)")
            }
        }
    }
}
