import AudioPipeline
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

    @Test("baresip (udp, Opus over plain RTP/AVP, no ICE) → ws: plivo-phone records baresip's 440 Hz sine")
    func hearBaresip() async throws {
        try BaresipProcess.checkAvailable()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("baresip-audio-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let heard = folder.appendingPathComponent("heard.wav").path
        try await KamailioProcess.with { kamailio in
            try await BaresipProcess.with(
                user: "carol", password: "carol-pw", registrarPort: kamailio.sipPort, autoAnswer: false
            ) { carol in
                // Our tone is 1000 Hz, so what we record can only be baresip's (ausine, 440 Hz).
                let bob = try PhoneProcess(["--server", kamailio.webSocketURL, "--user", "bob", "--password", "bob-pw",
                                            "answer", "--count", "1", "--audio-out", heard, "--tone", "1000"])
                try await bob.waitForLine(startingWith: "onLogin")
                try await carol.dial("sip:bob@127.0.0.1")
                _ = try await carol.waitForEvent("CALL_ESTABLISHED", timeout: Self.eventTimeout)
                try await bob.waitForLine(startingWith: "onCallAnswered")
                // Until 2 s of audio are on disk (the sink patches its header about every second).
                let deadline = ContinuousClock.now + .seconds(10)
                while (try? FileManager.default.attributesOfItem(atPath: heard)[.size] as? Int) ?? 0 < 44 + 2 * 2 * 48_000,
                      ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(100))
                }
                try await carol.hangup()
                _ = try await carol.waitForEvent("CALL_CLOSED", timeout: Self.eventTimeout)
                let output = await bob.finish()
                #expect(output.status == 0, "\(output)")
                let file = try WAVFile.read(path: heard)
                let tail = Array(file.samples.suffix(48_000))
                let analysis = ToneAnalyzer.analyze(tail, sampleRate: file.format.sampleRate)
                #expect(abs(analysis.dominantFrequency - 440) < 5, "we heard \(analysis) in \(file.samples.count) samples")
                print("BaresipAudio: we heard \(String(format: "%.1f", analysis.dominantFrequency)) Hz at "
                      + "\(String(format: "%.1f", analysis.rmsDBFS)) dBFS over \(file.samples.count / 48) ms")
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
