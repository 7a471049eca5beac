import Foundation
import PlivoSDK
import Testing

/// `closeProtection` as a graceful-shutdown guard, against a real Kamailio and the embedded
/// `PlivoLocalEdge`: a protected client with a call ringing or answered refuses `shutdown()`;
/// forced, it ends the call with BYE.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct PlivoClientShutdownTests {
    typealias Recorder = PlivoClientCallTests.Recorder

    @Test("closeProtection: shutdown() refused while ringing and answered, forced shutdown sends BYE; unprotected bob stops at once",
          arguments: ScenarioServer.allCases)
    func closeProtection(server: ScenarioServer) async throws {
        try await ScenarioServer.with(server) { running in
            let media = PlivoMediaOptions(input: .tone(440), output: .discard)
            let alice = PlivoClient(options: PlivoOptions(closeProtection: true, servers: [running.webSocketURL], stunServers: []), media: media)
            let bob = PlivoClient(options: PlivoOptions(servers: [running.webSocketURL], stunServers: []), media: media)
            let aliceEvents = Recorder(alice), bobEvents = Recorder(bob)
            #expect(await alice.login(username: "alice", password: "alice-pw"))
            #expect(await bob.login(username: "bob", password: "bob-pw"))
            try await aliceEvents.wait(for: .onLogin)
            try await bobEvents.wait(for: .onLogin)
            try await alice.shutdown()       // no call: nothing to guard, but alice stays for the next part
            #expect(await alice.isLoggedIn == false)

            let carol = PlivoClient(options: PlivoOptions(closeProtection: true, servers: [running.webSocketURL], stunServers: []), media: media)
            let carolEvents = Recorder(carol)
            #expect(await carol.login(username: "alice", password: "alice-pw"))
            try await carolEvents.wait(for: .onLogin)
            #expect(await carol.call("bob"))
            guard case let .onIncomingCall(_, _, info, _) = try await bobEvents.wait(for: .onIncomingCall) else { return }
            try await carolEvents.wait(for: .onCallRemoteRinging)
            let uuid = try #require(await carol.getCallUUID())
            await #expect(throws: PlivoCloseRefused(callUUIDs: [uuid])) { try await carol.shutdown() }
            #expect(await bob.answer(callUUID: info.callUUID))
            try await carolEvents.wait(for: .onCallAnswered)
            await #expect(throws: PlivoCloseRefused(callUUIDs: [uuid])) { try await carol.shutdown() }
            #expect(await carol.isLoggedIn)
            try await carol.shutdown(force: true)
            guard case let .onCallTerminated(hangup, _) = try await bobEvents.wait(for: .onCallTerminated) else { return }
            #expect(hangup.originator == "remote")
            #expect(await carol.isLoggedIn == false)
            // Bob has no protection: with a call ringing he stops at once and the caller hears 486.
            let dave = PlivoClient(options: PlivoOptions(servers: [running.webSocketURL], stunServers: []), media: media)
            let daveEvents = Recorder(dave)
            #expect(await dave.login(username: "alice", password: "alice-pw"))
            try await daveEvents.wait(for: .onLogin)
            #expect(await dave.call("bob"))
            try await bobEvents.wait(for: .onIncomingCall, count: 2)
            try await bob.shutdown()
            guard case .onCallFailed(let cause, _) = try await daveEvents.wait(for: .onCallFailed) else { return }
            #expect(cause == "Busy")
            await dave.close()
        }
    }
}
