import AudioPipeline
import Foundation
import PlivoSDK
import Testing

/// The local edge's built-in numbers, called by a public client: real media made by this stack.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct PlivoLocalEdgeTests {
    typealias Recorder = PlivoClientCallTests.Recorder

    /// Calls `number` for `seconds` with alice sending an 880 Hz tone (and `digits` after the
    /// media connects); returns what alice heard.
    static func call(_ number: String, on edge: PlivoLocalEdge, url: String, seconds: Double = 2,
                     digits: String = "") async throws -> (WAVFile, Recorder) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("local-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let heard = folder.appendingPathComponent("heard.wav").path
        let alice = PlivoClient(options: PlivoOptions(servers: [url], stunServers: []),
                                media: PlivoMediaOptions(input: .tone(880), output: .wavFile(heard)))
        let events = Recorder(alice)
        #expect(await alice.login(username: "alice", password: "alice-pw"))
        try await events.wait(for: .onLogin)
        #expect(await alice.call(number))
        try await events.wait(for: .onCallAnswered)
        try await events.wait(for: .onMediaConnected)
        for digit in digits { #expect(await alice.sendDtmf(String(digit))) }
        try await Task.sleep(for: .seconds(seconds))
        #expect(await alice.hangup())
        try await events.wait(for: .onCallTerminated)
        await alice.close()
        return (try WAVFile.read(path: heard), events)
    }

    static func dominant(_ heard: WAVFile) -> Double {
        let rate = heard.format.sampleRate
        return ToneAnalyzer.analyze(Array(heard.samples.suffix(rate)), sampleRate: rate).dominantFrequency
    }

    @Test("echo sends alice's own 880 Hz back; tone answers with 1 kHz; dtmf records the digits and sends them back")
    func builtInNumbers() async throws {
        let edge = PlivoLocalEdge()
        let addresses = try await edge.start()
        #expect(await edge.registeredUsers() == ["dtmf", "echo", "tone"])
        #expect(addresses.webSocketURL.hasPrefix("ws://127.0.0.1:"))

        let (echoed, _) = try await Self.call("echo", on: edge, url: addresses.webSocketURL)
        #expect(abs(Self.dominant(echoed) - 880) < 5)
        let (tone, _) = try await Self.call("tone", on: edge, url: addresses.webSocketURL)
        #expect(abs(Self.dominant(tone) - PlivoLocalEdge.toneFrequency) < 5)
        let (_, events) = try await Self.call("dtmf", on: edge, url: addresses.webSocketURL, digits: "42")
        #expect(edge.receivedDigits == "42")
        let back = events.all.compactMap { event -> String? in
            if case .onDtmfReceived(let data) = event { return data.tone }
            return nil
        }
        #expect(back == ["4", "2"])
        await edge.stop()
    }

    @Test("access tokens at the edge: an HS256 token signed with its issuer's key logs in <sub>_<iss>; a wrong key or an unknown issuer is refused with the seed's cause")
    func accessTokens() async throws {
        let edge = PlivoLocalEdge(accessTokenKeys: ["MAEDGE": "s3cret"])
        let addresses = try await edge.start()
        let client = PlivoClient(options: PlivoOptions(servers: [addresses.webSocketURL], stunServers: []),
                                 media: PlivoMediaOptions(input: .tone(440), output: .discard))
        let events = client.events()
        func outcome() async -> String {
            for await event in events {
                switch event {
                case .onLogin: return "onLogin"
                case .onLoginFailed(let cause): return cause
                default: continue
                }
            }
            return "ended"
        }
        let good = PlivoLocalEdge.makeAccessToken(issuer: "MAEDGE", secret: "s3cret", subject: "zoe")
        #expect(await client.loginWithAccessToken(good))
        #expect(await outcome() == "onLogin")
        #expect(await edge.registeredUsers().contains("zoe_MAEDGE"))
        #expect(await client.logout())
        let forged = PlivoLocalEdge.makeAccessToken(issuer: "MAEDGE", secret: "guess", subject: "zoe")
        #expect(await client.loginWithAccessToken(forged))
        #expect(await outcome() == "INVALID_ACCESS_TOKEN_SIGNATURE")
        let stranger = PlivoLocalEdge.makeAccessToken(issuer: "MAOTHER", secret: "s3cret", subject: "zoe")
        #expect(await client.loginWithAccessToken(stranger))
        #expect(await outcome() == "INVALID_ACCESS_TOKEN_ISSUER")
        await client.close()
        await edge.stop()
    }
}
