import ArgumentParser
import AudioPipeline
import Foundation
import PlivoSDK
import SIPEdge
import Synchronization

/// `make demo`: the whole stack offline, in one process. The embedded edge serves SIP over
/// WebSocket on loopback; alice and bob (two public `PlivoClient`s) log in; alice calls, bob
/// rings and answers; DTMF goes both ways; alice mutes and unmutes; alice hangs up; both log
/// out. Prints a timeline of the seed's events with timestamps, the call quality, and writes
/// what each side heard as WAV files.
@main
struct PlivoDemo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plivo-demo",
        abstract: "Two Plivo clients call each other through the embedded edge, offline; prints the event timeline.")

    @Option(name: .long, help: "Where to write alice-heard.wav and bob-heard.wav.")
    var out = "demo-output"

    @Option(name: .long, help: "Seconds of conversation after the answer.")
    var talk: Double = 8

    func run() async throws {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let aliceHeard = (out as NSString).appendingPathComponent("alice-heard.wav")
        let bobHeard = (out as NSString).appendingPathComponent("bob-heard.wav")
        let timeline = Timeline()
        timeline.note("demo", "starting the embedded edge (SIP over WebSocket and UDP on 127.0.0.1)")
        let edge = SIPEdge(configuration: SIPEdge.Configuration(accounts: ["alice": "alice-pw", "bob": "bob-pw"]))
        let addresses = try await edge.start()
        timeline.note("edge", "listening on \(addresses.webSocketURL) and udp \(addresses.udp)")

        let options = PlivoOptions(debug: .warn, servers: [addresses.webSocketURL], stunServers: [])
        // alice sends an 880 Hz tone, bob 440 Hz: each WAV should hold the other's.
        let alice = PlivoClient(options: options, media: PlivoMediaOptions(input: .tone(880), output: .wavFile(aliceHeard)))
        let bob = PlivoClient(options: options, media: PlivoMediaOptions(input: .tone(440), output: .wavFile(bobHeard)))
        let aliceLog = timeline.follow(alice, as: "alice"), bobLog = timeline.follow(bob, as: "bob")

        _ = await alice.login(username: "alice", password: "alice-pw")
        _ = await bob.login(username: "bob", password: "bob-pw")
        try await aliceLog.wait(.onLogin)
        try await bobLog.wait(.onLogin)
        bob.on(.onIncomingCall) { event in
            guard case .onIncomingCall(_, _, let info, _) = event else { return }
            Task {
                try? await Task.sleep(for: .seconds(1))          // let it ring
                timeline.note("bob", "answer()")
                _ = await bob.answer(callUUID: info.callUUID)
            }
        }
        timeline.note("alice", "call(\"bob\")")
        _ = await alice.call("bob", extraHeaders: ["X-PH-Demo": "make-demo"])
        try await bobLog.wait(.onIncomingCall)
        try await aliceLog.wait(.onCallAnswered)
        try await aliceLog.wait(.onMediaConnected)
        try await bobLog.wait(.onMediaConnected)

        let start = ContinuousClock.now
        for digit in ["1", "2", "3"] {
            timeline.note("alice", "sendDtmf(\"\(digit)\")")
            _ = await alice.sendDtmf(digit)
        }
        timeline.note("bob", "sendDtmf(\"9\")")
        _ = await bob.sendDtmf("9")
        try await Task.sleep(for: .seconds(1))
        timeline.note("alice", "mute()")
        _ = await alice.mute()
        try await Task.sleep(for: .seconds(1))
        timeline.note("alice", "unmute()")
        _ = await alice.unmute()
        let rest = max(0, talk - Double(start.duration(to: .now).components.seconds))
        try await Task.sleep(for: .seconds(rest))
        let aliceQuality = await alice.getPeerConnection(), bobQuality = await bob.getPeerConnection()
        timeline.note("alice", "hangup()")
        _ = await alice.hangup()
        try await aliceLog.wait(.onCallTerminated)
        try await bobLog.wait(.onCallTerminated)
        _ = await alice.logout()
        _ = await bob.logout()
        try await aliceLog.wait(.onLogout)
        try await bobLog.wait(.onLogout)
        await alice.close()
        await bob.close()
        await edge.stop()

        print("")
        print("Call quality at hangup (getPeerConnection):")
        for (name, connection) in [("alice", aliceQuality), ("bob", bobQuality)] {
            print("  \(name.padding(toLength: 6, withPad: " ", startingAt: 0)) \(Self.quality(connection))")
        }
        print("")
        print("What each side heard:")
        var ok = true
        for (name, path, expected) in [("alice", aliceHeard, 440.0), ("bob", bobHeard, 880.0)] {
            let heard = try WAVFile.read(path: path)
            let rate = heard.format.sampleRate
            let analysis = ToneAnalyzer.analyze(Array(heard.samples.suffix(rate)), sampleRate: rate)
            let match = abs(analysis.dominantFrequency - expected) < 5
            ok = ok && match
            print("  \(name.padding(toLength: 6, withPad: " ", startingAt: 0)) \(path): \(String(format: "%.1f", Double(heard.samples.count) / Double(rate))) s at \(rate) Hz, "
                  + "dominant \(Int(analysis.dominantFrequency.rounded())) Hz (expected \(Int(expected))) \(match ? "ok" : "MISMATCH")")
        }
        let digits = (aliceLog.digits, bobLog.digits)
        print("  DTMF received: alice \"\(digits.0)\", bob \"\(digits.1)\"")
        ok = ok && digits.0 == "9" && digits.1 == "123"
        print(ok ? "\ndemo: ok" : "\ndemo: FAILED")
        if !ok { throw ExitCode(1) }
    }

    static func quality(_ connection: PlivoPeerConnection) -> String {
        guard let stats = connection.stats else { return "no statistics (\(connection.status))" }
        let mos = stats.mos.map { String(format: "%.2f", $0) } ?? "n/a"
        let rtt = stats.roundTripTimeMilliseconds.map { String(format: "%.1f ms", $0) } ?? "n/a (no RTCP report yet)"
        let lost = stats.packetsReceived + stats.packetsLost > 0
            ? Double(stats.packetsLost) / Double(stats.packetsReceived + stats.packetsLost) * 100 : 0
        return "\(stats.codec): MOS \(mos), jitter \(String(format: "%.1f", stats.jitterMilliseconds)) ms, "
            + "loss \(String(format: "%.1f", lost)) % (\(stats.packetsLost) of \(stats.packetsReceived + stats.packetsLost)), "
            + "RTT \(rtt), sent \(stats.packetsSent) packets"
    }
}

/// The printed timeline: one line per event or action, `+S.mmm  who  what`.
final class Timeline: Sendable {
    private let start = ContinuousClock.now
    private let lock = Mutex(())

    func note(_ who: String, _ what: String) {
        let elapsed = start.duration(to: .now)
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let line = "+\(String(format: "%7.3f", ms / 1000))s  \(who.padding(toLength: 6, withPad: " ", startingAt: 0))  \(what)"
        lock.withLock { _ in print(line) }
    }

    /// Prints `client`'s events as they come and keeps them for waiting.
    func follow(_ client: PlivoClient, as name: String) -> ClientLog {
        let log = ClientLog()
        let stream = client.events()
        Task {
            for await event in stream {
                self.note(name, Self.describe(event))
                log.append(event)
            }
        }
        return log
    }

    static func describe(_ event: PlivoEvent) -> String {
        switch event {
        case .onConnectionChange(let change): "onConnectionChange \(change.state)\(change.eventReason.map { " (\($0))" } ?? "")"
        case .onLoginFailed(let cause): "onLoginFailed \(cause)"
        case .onIncomingCall(let caller, let headers, let info, _):
            "onIncomingCall from \(caller) \(headers.isEmpty ? "" : "\(headers) ")callUUID \(info.callUUID.prefix(8))…"
        case .onCallRemoteRinging: "onCallRemoteRinging"
        case .onCallAnswered(let info): "onCallAnswered (\(info.direction.rawValue))"
        case .onMediaConnected: "onMediaConnected (ICE connected, DTLS-SRTP keys set)"
        case .onDtmfReceived(let data): "onDtmfReceived \(data.tone)"
        case .onCallTerminated(let hangup, _): "onCallTerminated by \(hangup.originator) (\(hangup.reason))"
        case .onCallFailed(let cause, _): "onCallFailed \(cause)"
        case .mediaMetrics(let metric): "mediaMetrics \(metric.type) active=\(metric.active) value=\(metric.value)"
        default: event.name.rawValue
        }
    }
}

/// One client's events, for waiting on them.
final class ClientLog: Sendable {
    private let events = Mutex<[PlivoEvent]>([])

    func append(_ event: PlivoEvent) { events.withLock { $0.append(event) } }

    /// The DTMF digits received, in order.
    var digits: String {
        events.withLock { list in
            list.compactMap { if case .onDtmfReceived(let data) = $0 { data.tone } else { nil } }.joined()
        }
    }

    /// Waits (10 s at most) for an event named `name`.
    func wait(_ name: PlivoEventName) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if events.withLock({ $0.contains { $0.name == name } }) { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        print("demo: no \(name.rawValue) within 10 s")
        throw ExitCode(1)
    }
}
