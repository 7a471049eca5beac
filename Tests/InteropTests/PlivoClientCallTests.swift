import AudioPipeline
import Foundation
import PlivoSDK
import Testing

/// Calls between two public `PlivoClient`s through a real Kamailio and through the embedded
/// `PlivoLocalEdge` (WebSocket, digest auth, DTLS-SRTP audio): the seed's call events on both
/// sides, in order, with their payloads.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct PlivoClientCallTests {
    /// A client's events, read into an array as they come.
    final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        private var events: [PlivoEvent] = []
        private var task: Task<Void, Never>?

        init(_ client: PlivoClient) {
            let stream = client.events()
            task = Task { [weak self] in
                for await event in stream { self?.append(event) }
            }
        }

        private func append(_ event: PlivoEvent) { lock.withLock { events.append(event) } }
        var all: [PlivoEvent] { lock.withLock { events } }
        var names: [String] { all.map(\.name.rawValue) }

        /// Waits (10 s at most) until an event named `name` has arrived `count` times.
        @discardableResult
        func wait(for name: PlivoEventName, count: Int = 1) async throws -> PlivoEvent {
            let deadline = ContinuousClock.now + .seconds(10)
            while ContinuousClock.now < deadline {
                let matching = all.filter { $0.name == name }
                if matching.count >= count, let last = matching.last { return last }
                try await Task.sleep(for: .milliseconds(20))
            }
            throw RecorderError(description: "no \(name.rawValue) in \(names)")
        }
    }

    struct RecorderError: Error, CustomStringConvertible { var description: String }

    /// Logs alice and bob in (alice/alice-pw, bob/bob-pw), has alice call bob and bob answer;
    /// returns bob's call info once both sides' media is connected.
    @discardableResult
    static func connectedCall(_ alice: PlivoClient, _ aliceEvents: Recorder, _ bob: PlivoClient,
                              _ bobEvents: Recorder) async throws -> PlivoCallInfo {
        #expect(await alice.login(username: "alice", password: "alice-pw"))
        #expect(await bob.login(username: "bob", password: "bob-pw"))
        try await aliceEvents.wait(for: .onLogin)
        try await bobEvents.wait(for: .onLogin)
        #expect(await alice.call("bob"))
        guard case let .onIncomingCall(_, _, info, _) = try await bobEvents.wait(for: .onIncomingCall) else {
            throw RecorderError(description: "no onIncomingCall payload")
        }
        #expect(await bob.answer(callUUID: info.callUUID))
        try await aliceEvents.wait(for: .onMediaConnected)
        try await bobEvents.wait(for: .onMediaConnected)
        return info
    }

    /// A client of `server` (its WebSocket URL, no STUN servers) with `input` and `output`.
    static func client(_ server: ScenarioServer.Handle, input: PlivoMediaOptions.Input, output: PlivoMediaOptions.Output,
                       dscp: Bool = true) -> PlivoClient {
        PlivoClient(options: PlivoOptions(dscp: dscp, servers: [server.webSocketURL], stunServers: []),
                    media: PlivoMediaOptions(input: input, output: output))
    }

    static func client(_ kamailio: KamailioProcess, input: PlivoMediaOptions.Input, output: PlivoMediaOptions.Output,
                       dscp: Bool = true) -> PlivoClient {
        client(ScenarioServer.Handle(kamailio), input: input, output: output, dscp: dscp)
    }

    @Test("alice calls bob: ringing, answer, media, DTMF, audio both ways, alice hangs up", arguments: ScenarioServer.allCases)
    func answeredCall(server: ScenarioServer) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pc-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let bobHeard = folder.appendingPathComponent("bob.wav").path
        let aliceHeard = folder.appendingPathComponent("alice.wav").path
        try await ScenarioServer.with(server) { running in
            let alice = Self.client(running, input: .tone(880), output: .wavFile(aliceHeard))
            let bob = Self.client(running, input: .tone(440), output: .wavFile(bobHeard), dscp: false)
            let aliceEvents = Recorder(alice), bobEvents = Recorder(bob)
            #expect(await bob.login(username: "bob", password: "bob-pw"))
            #expect(await alice.login(username: "alice", password: "alice-pw"))
            try await bobEvents.wait(for: .onLogin)
            try await aliceEvents.wait(for: .onLogin)
            #expect(await alice.call("bob", extraHeaders: ["X-PH-Test1": "test1", "X-Other": "dropped"]))
            guard case let .onIncomingCall(callerID, headers, info, callerName) = try await bobEvents.wait(for: .onIncomingCall) else {
                Issue.record("no onIncomingCall")
                return
            }
            #expect(callerID.hasPrefix("alice@"))
            #expect(callerName == "")                              // alice's From has no display name
            #expect(info.src == "alice" && info.dest.hasPrefix("sip:bob@"), "\(info)")
            #expect(headers == ["X-PH-Test1": "test1"])
            #expect(info.direction == .incoming && info.state == .ringing)
            try await aliceEvents.wait(for: .onCallRemoteRinging)
            #expect(await alice.call("bob") == false)          // one call at a time
            #expect(await bob.answer(callUUID: info.callUUID))
            try await aliceEvents.wait(for: .onCallAnswered)
            try await bobEvents.wait(for: .onCallAnswered)
            try await aliceEvents.wait(for: .onMediaConnected)
            try await bobEvents.wait(for: .onMediaConnected)
            #expect(await bob.getCallUUID() == info.callUUID)
            // dscp (default true) marks alice's media socket EF; bob turned it off.
            #expect(await alice.mediaTrafficClasses() == [0xB8])
            #expect(await bob.mediaTrafficClasses() == [0])
            let muted = await alice.mute(), unmuted = await alice.unmute()
            #expect(muted && unmuted)
            #expect(await alice.startNoiseReduction() == false)      // enableNoiseReduction is off
            let connection = await alice.getPeerConnection()
            #expect(connection.status == "success" && connection.iceConnectionState == "connected", "\(connection)")
            #expect(await alice.sendDtmf("5"))
            #expect(await alice.sendDtmf("x") == false)
            guard case .onDtmfReceived(let dtmf) = try await bobEvents.wait(for: .onDtmfReceived) else { return }
            #expect(dtmf.tone == "5")
            try await Task.sleep(for: .seconds(2))             // two seconds of audio both ways
            #expect(await alice.hangup())
            guard case let .onCallTerminated(aliceHangup, aliceInfo) = try await aliceEvents.wait(for: .onCallTerminated),
                  case let .onCallTerminated(bobHangup, bobInfo) = try await bobEvents.wait(for: .onCallTerminated) else { return }
            #expect(aliceHangup.originator == "local" && aliceInfo.state == .ended && aliceInfo.direction == .outgoing)
            #expect(aliceInfo.src.hasPrefix("sip:alice@") && aliceInfo.dest == "bob", "\(aliceInfo)")
            #expect(bobHangup.originator == "remote" && bobInfo.state == .ended)
            #expect(await bob.getLastCallUUID() == info.callUUID)
            #expect(await alice.getPeerConnection().status == "called in wrong state")
            #expect(await alice.mute() == false)                     // no call: remembered for the next
            do throws(PlivoCallQualityFeedbackError) {
                _ = try await alice.submitCallQualityFeedback(callUUID: info.callUUID, starRating: 3)
                Issue.record("feedback without issues for 3 stars was accepted")
            } catch {
                #expect(error.message == "Atleast one issue is mandatory for feedback")
            }
            let sent = try await alice.submitCallQualityFeedback(callUUID: info.callUUID, starRating: 5)
            #expect(sent.message == "Feedback is sent" && !sent.feedback.isDelivered)
            #expect(aliceEvents.names.prefix(5) == ["onConnectionChange", "onLogin", "onCalling", "onCallRemoteRinging",
                                                    "onCallAnswered"], "\(aliceEvents.names)")
            await alice.close()
            await bob.close()
        }
        for (path, frequency) in [(bobHeard, 880.0), (aliceHeard, 440.0)] {
            let heard = try WAVFile.read(path: path)
            let analysis = ToneAnalyzer.analyze(Array(heard.samples.suffix(heard.format.sampleRate)), sampleRate: heard.format.sampleRate)
            #expect(abs(analysis.dominantFrequency - frequency) < 5, "\(path): \(analysis)")
        }
    }

    @Test("bob rejects: alice onCallFailed Busy, bob onCallFailed Rejected; ignore leaves alice ringing until she hangs up",
          arguments: ScenarioServer.allCases)
    func rejectAndIgnore(server: ScenarioServer) async throws {
        try await ScenarioServer.with(server) { running in
            let alice = Self.client(running, input: .tone(880), output: .discard)
            let bob = Self.client(running, input: .tone(440), output: .discard)
            let aliceEvents = Recorder(alice), bobEvents = Recorder(bob)
            await bob.login(username: "bob", password: "bob-pw")
            await alice.login(username: "alice", password: "alice-pw")
            try await bobEvents.wait(for: .onLogin)
            try await aliceEvents.wait(for: .onLogin)

            #expect(await alice.call("bob"))
            try await bobEvents.wait(for: .onIncomingCall)
            #expect(await bob.reject())
            guard case let .onCallFailed(aliceCause, aliceInfo) = try await aliceEvents.wait(for: .onCallFailed),
                  case let .onCallFailed(bobCause, bobInfo) = try await bobEvents.wait(for: .onCallFailed) else { return }
            // JsSIP's causes: a remote 486 is Busy (state failed); our own 486 is Rejected.
            #expect(aliceCause == "Busy" && aliceInfo.state == .failed)
            #expect(bobCause == "Rejected" && bobInfo.state == .rejected && bobInfo.code == 3020)

            try await Task.sleep(for: .milliseconds(300))      // the first call's transactions finish
            #expect(await alice.call("bob"))
            try await bobEvents.wait(for: .onIncomingCall, count: 2)
            #expect(await bob.ignore())
            guard case .onIncomingCallIgnored(let ignored) = try await bobEvents.wait(for: .onIncomingCallIgnored) else { return }
            #expect(ignored.state == .ignored && ignored.code == 11002)
            #expect(await alice.hangup())
            guard case let .onCallFailed(cause, info) = try await aliceEvents.wait(for: .onCallFailed, count: 2) else { return }
            #expect(cause == "Canceled" && info.state == .canceled)
            await alice.close()
            await bob.close()
        }
    }

    @Test("allowMultipleIncomingCalls: two calls ring, answering one rejects the other; without it the second caller is refused 486",
          arguments: ScenarioServer.allCases)
    func multipleIncomingCalls(server: ScenarioServer) async throws {
        try await ScenarioServer.with(server) { running in
            for allow in [true, false] {
                let alice = Self.client(running, input: .tone(880), output: .discard)
                let carol = Self.client(running, input: .tone(660), output: .discard)
                let bob = PlivoClient(options: PlivoOptions(allowMultipleIncomingCalls: allow, servers: [running.webSocketURL], stunServers: []),
                                      media: PlivoMediaOptions(input: .tone(440), output: .discard))
                let aliceEvents = Recorder(alice), carolEvents = Recorder(carol), bobEvents = Recorder(bob)
                await bob.login(username: "bob", password: "bob-pw")
                await alice.login(username: "alice", password: "alice-pw")
                await carol.login(username: "carol", password: "carol-pw")
                for recorder in [aliceEvents, carolEvents, bobEvents] { try await recorder.wait(for: .onLogin) }
                #expect(await alice.call("bob"))
                try await bobEvents.wait(for: .onIncomingCall)
                #expect(await carol.call("bob"))
                if allow {
                    guard case let .onIncomingCall(_, _, carolCall, _) = try await bobEvents.wait(for: .onIncomingCall, count: 2) else { return }
                    #expect(await bob.answer(callUUID: carolCall.callUUID, actionOnOtherIncomingCalls: "reject"))
                    guard case .onCallFailed(let cause, _) = try await aliceEvents.wait(for: .onCallFailed) else { return }
                    #expect(cause == "Busy")
                    try await carolEvents.wait(for: .onCallAnswered)
                    #expect(await bob.getCallUUID() == carolCall.callUUID)
                    #expect(await bob.answer(callUUID: "no-such-call") == false)
                    #expect(await carol.hangup())
                    try await bobEvents.wait(for: .onCallTerminated)
                } else {
                    // Engaged with a ringing call: the second INVITE is refused at once, with no event.
                    guard case .onCallFailed(let cause, _) = try await carolEvents.wait(for: .onCallFailed) else { return }
                    #expect(cause == "Busy")
                    #expect(bobEvents.all.filter { $0.name == .onIncomingCall }.count == 1)
                    #expect(await alice.hangup())
                    try await bobEvents.wait(for: .onIncomingCallCanceled)
                }
                for client in [alice, carol, bob] { await client.close() }
            }
        }
    }
}
