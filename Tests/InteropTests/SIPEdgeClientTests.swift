import AudioPipeline
import Foundation
import PlivoSDK
import SIPEdge
import Testing

/// The public `PlivoClient` against the embedded edge (SIP over WebSocket on loopback): the
/// scenarios the Kamailio suite runs, with the edge as the server.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct SIPEdgeClientTests {
    typealias Recorder = PlivoClientCallTests.Recorder

    static func edge() async throws -> (SIPEdge, SIPEdge.Addresses) {
        let edge = SIPEdge(configuration: SIPEdge.Configuration(accounts: ["alice": "alice-pw", "bob": "bob-pw"]))
        return (edge, try await edge.start())
    }

    @Test("through the edge: login, alice calls bob, ringing, answer, media, DTMF, audio heard by bob, hangup, logout")
    func callThroughTheEdge() async throws {
        let (edge, addresses) = try await Self.edge()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("edge-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let bobHeard = folder.appendingPathComponent("bob.wav").path
        let options = PlivoOptions(servers: [addresses.webSocketURL], stunServers: [])
        let alice = PlivoClient(options: options, media: PlivoMediaOptions(input: .tone(880), output: .discard))
        let bob = PlivoClient(options: options, media: PlivoMediaOptions(input: .tone(440), output: .wavFile(bobHeard)))
        let aliceEvents = Recorder(alice), bobEvents = Recorder(bob)
        #expect(await alice.login(username: "alice", password: "alice-pw"))
        #expect(await bob.login(username: "bob", password: "bob-pw"))
        try await aliceEvents.wait(for: .onLogin)
        try await bobEvents.wait(for: .onLogin)
        #expect(await edge.registeredUsers == ["alice", "bob"])
        #expect(await alice.call("bob", extraHeaders: ["X-PH-Order": "42"]))
        guard case let .onIncomingCall(callerID, headers, info, _) = try await bobEvents.wait(for: .onIncomingCall) else { return }
        #expect(callerID.hasPrefix("alice@") && headers == ["X-PH-Order": "42"])
        try await aliceEvents.wait(for: .onCallRemoteRinging)
        #expect(await bob.answer(callUUID: info.callUUID))
        try await aliceEvents.wait(for: .onCallAnswered)
        try await aliceEvents.wait(for: .onMediaConnected)
        try await bobEvents.wait(for: .onMediaConnected)
        #expect(await alice.sendDtmf("7"))
        guard case .onDtmfReceived(let dtmf) = try await bobEvents.wait(for: .onDtmfReceived) else { return }
        #expect(dtmf.tone == "7")
        try await Task.sleep(for: .seconds(1))
        #expect(await alice.hangup())
        guard case let .onCallTerminated(hangup, _) = try await bobEvents.wait(for: .onCallTerminated) else { return }
        #expect(hangup.originator == "remote")
        try await aliceEvents.wait(for: .onCallTerminated)
        #expect(await alice.logout())
        try await aliceEvents.wait(for: .onLogout)
        #expect(await edge.registeredUsers == ["bob"])
        await alice.close()
        await bob.close()
        await edge.stop()
        // The part of the recording with sound (a busy machine delays the first packets and the
        // file goes on with silence from the hangup until the client closes).
        let heard = try WAVFile.read(path: bobHeard)
        let rate = heard.format.sampleRate
        let first = try #require(heard.samples.firstIndex { abs(Int($0)) > 1_000 }, "bob's recording is silent")
        let last = try #require(heard.samples.lastIndex { abs(Int($0)) > 1_000 })
        #expect(last - first > rate / 2, "only \((last - first) * 1000 / rate) ms of sound")
        let analysis = ToneAnalyzer.analyze(Array(heard.samples[first...last]), sampleRate: rate)
        #expect(abs(analysis.dominantFrequency - 880) < 5, "\(analysis)")
    }

    @Test("through the edge: an unregistered account is 480, an unknown user 404, a busy callee 486; CANCEL reaches the callee; the built-in busy and no-answer numbers")
    func failuresThroughTheEdge() async throws {
        let (edge, addresses) = try await Self.edge()
        let options = PlivoOptions(servers: [addresses.webSocketURL], stunServers: [])
        let media = PlivoMediaOptions(input: .tone(880), output: .discard)
        let alice = PlivoClient(options: options, media: media)
        let aliceEvents = Recorder(alice)
        #expect(await alice.login(username: "alice", password: "alice-pw"))
        try await aliceEvents.wait(for: .onLogin)
        func failure(_ count: Int) async throws -> String? {
            guard case .onCallFailed(let cause, _) = try await aliceEvents.wait(for: .onCallFailed, count: count) else { return nil }
            return cause
        }
        #expect(await alice.call("bob"))
        #expect(try await failure(1) == "Unavailable")
        #expect(await alice.call("nobody"))
        #expect(try await failure(2) == "Not Found")
        let bob = PlivoClient(options: options, media: media)
        let bobEvents = Recorder(bob)
        #expect(await bob.login(username: "bob", password: "bob-pw"))
        try await bobEvents.wait(for: .onLogin)
        #expect(await alice.call("bob"))
        guard case let .onIncomingCall(_, _, info, _) = try await bobEvents.wait(for: .onIncomingCall) else { return }
        #expect(await bob.reject(callUUID: info.callUUID))
        #expect(try await failure(3) == "Busy")
        #expect(await alice.call("bob"))
        try await bobEvents.wait(for: .onIncomingCall, count: 2)
        #expect(await alice.hangup())                          // CANCEL through the edge
        try await bobEvents.wait(for: .onIncomingCallCanceled)
        #expect(try await failure(4) == "Canceled")
        // The edge's own numbers: busy refuses, no-answer rings until the caller gives up.
        #expect(await alice.call("busy"))
        #expect(try await failure(5) == "Busy")
        // (How many times alice heard ringing so far depends on how fast the CANCEL above was.)
        let rang = aliceEvents.all.filter { $0.name == .onCallRemoteRinging }.count
        #expect(await alice.call("no-answer"))
        try await aliceEvents.wait(for: .onCallRemoteRinging, count: rang + 1)
        #expect(await alice.hangup())
        #expect(try await failure(6) == "Canceled")
        await alice.close()
        await bob.close()
        await edge.stop()
    }

    @Test("the seed's lockout at the edge: 10 wrong passwords from 127.0.0.1 block alice there; bob still logs in")
    func lockout() async throws {
        let (edge, addresses) = try await Self.edge()
        let options = PlivoOptions(servers: [addresses.webSocketURL], stunServers: [])
        let media = PlivoMediaOptions(input: .tone(880), output: .discard)
        let client = PlivoClient(options: options, media: media)
        let events = client.events()
        var causes: [String] = []
        for _ in 0..<10 {
            _ = await client.login(username: "alice", password: "wrong")
            for await event in events {
                if case .onLoginFailed(let cause) = event {
                    causes.append(cause)
                    break
                }
            }
        }
        #expect(causes == Array(repeating: "Authentication Error", count: 9) + ["Rejected"], "\(causes)")
        #expect(await edge.isBlocked(host: "127.0.0.1", user: "alice"))
        _ = await client.login(username: "alice", password: "alice-pw")
        for await event in events {
            if case .onLoginFailed(let cause) = event {
                #expect(cause == "Rejected")
                break
            }
        }
        await client.close()
        let bob = PlivoClient(options: options, media: media)
        let bobEvents = Recorder(bob)
        #expect(await bob.login(username: "bob", password: "bob-pw"))
        try await bobEvents.wait(for: .onLogin)
        await bob.close()
        await edge.stop()
    }

    @Test("across transports: alice on WebSocket calls bob on TCP through the edge (double Record-Route), both ways of in-dialog requests")
    func acrossTransports() async throws {
        let (edge, addresses) = try await Self.edge()
        let alice = PlivoClient(options: PlivoOptions(servers: [addresses.webSocketURL], stunServers: []),
                                media: PlivoMediaOptions(input: .tone(880), output: .discard))
        let bob = PlivoClient(options: PlivoOptions(servers: ["sip:127.0.0.1:\(addresses.tcp.port);transport=tcp"], stunServers: []),
                              media: PlivoMediaOptions(input: .tone(440), output: .discard))
        let aliceEvents = Recorder(alice), bobEvents = Recorder(bob)
        try await PlivoClientCallTests.connectedCall(alice, aliceEvents, bob, bobEvents)
        #expect(await bob.sendDtmf("5"))                      // INFO from bob (TCP) to alice (WS)
        guard case .onDtmfReceived(let dtmf) = try await aliceEvents.wait(for: .onDtmfReceived) else { return }
        #expect(dtmf.tone == "5")
        #expect(await bob.hangup())                           // BYE from the callee back across
        guard case let .onCallTerminated(hangup, _) = try await aliceEvents.wait(for: .onCallTerminated) else { return }
        #expect(hangup.originator == "remote")
        await alice.close()
        await bob.close()
        await edge.stop()
    }
}
