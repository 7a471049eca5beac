import Foundation
import PlivoSDK
import Synchronization
import Testing

/// The public `PlivoClient` against a real Kamailio 5.6 and against the embedded `PlivoLocalEdge`
/// (digest auth, SIP over WebSocket and UDP): the seed's login, logout and failure events, in
/// order. The crash test is Kamailio's only (it kills the server process and restarts it).
@Suite(.serialized, .timeLimit(.minutes(2)))
struct PlivoClientKamailioTests {
    /// No sound devices (a login with the microphone would ask for it: `onMediaPermission`).
    static let media = PlivoMediaOptions(input: .tone(440), output: .discard)

    /// Collects event names (with the interesting payload) until `done` holds or 10 s pass.
    static func collect(_ stream: AsyncStream<PlivoEvent>, until done: @escaping @Sendable ([String]) -> Bool) async -> [String] {
        let task = Task {
            var seen: [String] = []
            for await event in stream {
                switch event {
                case .onLoginFailed(let cause): seen.append("onLoginFailed(\(cause))")
                case .onCallFailed(let cause, _): seen.append("onCallFailed(\(cause))")
                case .onConnectionChange(let change): seen.append("onConnectionChange(\(change.state)\(change.eventReason.map { ", " + $0 } ?? ""))")
                default: seen.append(event.name.rawValue)
                }
                if done(seen) { break }
            }
            return seen
        }
        let timeout = Task {
            try? await Task.sleep(for: .seconds(10))
            task.cancel()
        }
        let result = await task.value
        timeout.cancel()
        return result
    }

    @Test("login over WebSocket and UDP, then logout: onConnectionChange, onLogin … onConnectionChange, onLogout",
          arguments: ScenarioServer.allCases)
    func loginAndLogout(server: ScenarioServer) async throws {
        try await ScenarioServer.with(server) { running in
            for url in [running.webSocketURL, running.udpServer] {
                let client = PlivoClient(options: PlivoOptions(enableNoiseReduction: true, servers: [url], stunServers: []), media: Self.media)
                let events = client.events()
                let callbacks = Mutex<[String]>([])
                let subscription = client.on(.onLogin) { event in callbacks.withLock { $0.append(event.name.rawValue) } }
                #expect(await client.isLoggedIn == false)
                #expect(await client.login(username: "alice", password: "alice-pw"))
                #expect(await client.login(username: "alice", password: "alice-pw"))   // already logging in: taken
                let login = await Self.collect(events) { $0.contains("onNoiseReductionReady") }
                #expect(login == ["onConnectionChange(connected)", "onLogin", "onNoiseReductionReady"], "\(server) \(url): \(login)")
                let loggedIn = await client.isLoggedIn, registered = await client.isRegistered()
                let connected = await client.isConnected()
                #expect(loggedIn && registered && connected)
                #expect(await client.isConnecting() == false)
                #expect(callbacks.withLock { $0 } == ["onLogin"])
                #expect(await client.logout())
                let logout = await Self.collect(events) { $0.contains("onLogout") }
                #expect(logout == ["onConnectionChange(disconnected, Logout)", "onLogout"], "\(server) \(url): \(logout)")
                let stillLoggedIn = await client.isLoggedIn, stillRegistered = await client.isRegistered()
                #expect(!stillLoggedIn && !stillRegistered)
                #expect(await client.logout() == false)
                subscription.cancel()
                await client.close()
            }
        }
    }

    @Test("a wrong password, an empty one, no reachable server and a bad token give the seed's onLoginFailed causes",
          arguments: ScenarioServer.allCases)
    func loginFailures(server: ScenarioServer) async throws {
        try await ScenarioServer.with(server) { running in
            let client = PlivoClient(options: PlivoOptions(servers: [running.webSocketURL], stunServers: []), media: Self.media)
            let events = client.events()
            #expect(await client.login(username: "alice", password: "wrong"))
            let wrong = await Self.collect(events) { $0.contains { $0.hasPrefix("onLoginFailed") } }
            #expect(wrong.last == "onLoginFailed(Authentication Error)", "\(wrong)")
            #expect(await client.isLoggedIn == false)
            #expect(await client.login(username: "alice", password: "") == false)
            #expect(await Self.collect(events) { !$0.isEmpty } == ["onLoginFailed(Username and password must be filled out)"])
            #expect(await client.loginWithAccessToken("not.a-token") == false)
            #expect(await Self.collect(events) { !$0.isEmpty } == ["onLoginFailed(INVALID_ACCESS_TOKEN)"])
            await client.close()

            // Nothing listens on these ports: Connection Error, after trying both servers.
            let nowhere = PlivoClient(options: PlivoOptions(servers: ["ws://127.0.0.1:9/", "ws://127.0.0.1:7/"], stunServers: []), media: Self.media)
            let nowhereEvents = nowhere.events()
            #expect(await nowhere.login(username: "alice", password: "alice-pw") == false)
            #expect(await Self.collect(nowhereEvents) { !$0.isEmpty } == ["onLoginFailed(Connection Error)"])
            await nowhere.close()
        }
    }

    @Test("the second server is used when the first cannot be reached (the seed's failover list)",
          arguments: ScenarioServer.allCases)
    func failover(server: ScenarioServer) async throws {
        try await ScenarioServer.with(server) { running in
            let client = PlivoClient(options: PlivoOptions(servers: ["ws://127.0.0.1:9/", running.webSocketURL], stunServers: []), media: Self.media)
            let events = client.events()
            #expect(await client.login(username: "bob", password: "bob-pw"))
            let seen = await Self.collect(events) { $0.contains("onLogin") }
            #expect(seen == ["onConnectionChange(connected)", "onLogin"])
            await client.close()
        }
    }

    @Test("Kamailio crashes and comes back on its ports: disconnected 1006, then connected and registered again, no second onLogin")
    func reconnectsAfterACrash() async throws {
        let first = try await KamailioProcess.startReady()
        let client = PlivoClient(options: PlivoOptions(servers: [first.webSocketURL], stunServers: []), media: Self.media)
        let events = client.events()
        #expect(await client.login(username: "alice", password: "alice-pw"))
        #expect(await Self.collect(events) { $0.contains("onLogin") } == ["onConnectionChange(connected)", "onLogin"])
        await first.crash()
        let lost = await Self.collect(events) { $0.contains { $0.hasPrefix("onConnectionChange(disconnected") } }
        #expect(lost.count == 1 && lost[0].hasPrefix("onConnectionChange(disconnected"), "\(lost)")
        #expect(await client.isRegistered() == false)
        // Reconnecting: connecting, not connected, still logged in (the seed's isConnecting()).
        let connecting = await client.isConnecting(), connected = await client.isConnected()
        #expect(connecting && !connected)
        #expect(await client.isLoggedIn)
        let second = try await first.restart()
        // The back-off waits 2–4 s for the first retry (the seed's 2–20 s with jitter).
        let back = await Self.collect(events) { $0.contains("onConnectionChange(connected)") }
        #expect(back == ["onConnectionChange(connected)"], "\(back)")
        let registered = await client.isRegistered(), loggedIn = await client.isLoggedIn
        let reconnecting = await client.isConnecting(), reconnected = await client.isConnected()
        #expect(registered && loggedIn && !reconnecting && reconnected)
        #expect(await client.logout())
        #expect(await Self.collect(events) { $0.contains("onLogout") }.last == "onLogout")
        await client.close()
        await second.stop()
        await first.stop()
    }
}
