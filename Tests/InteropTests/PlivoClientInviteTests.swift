import Foundation
import ICE
import PlivoSDK
import SIPCore
import Testing

/// What a public `PlivoClient`'s INVITE carries, read by a bare SIP UA registered at a real
/// Kamailio: the options that only show on the wire (`maxAverageBitrate`, `clientRegion`), the
/// seed's X-PH header rule, the access token, and the STUN servers (none when `[]`).
@Suite(.serialized, .timeLimit(.minutes(1)))
struct PlivoClientInviteTests {
    typealias Quality = PlivoClientQualityTests

    @Test("maxAverageBitrate in the Opus fmtp, X-ClientRegion, only valid X-PH headers, no STUN candidates with stunServers []")
    func inviteCarriesTheOptions() async throws {
        try await KamailioProcess.with { kamailio in
            let bob = try await SIPTestClient.udp(server: kamailio.sipAddress)
            let alice = PlivoClient(
                options: PlivoOptions(clientRegion: .europe, maxAverageBitrate: 24_000, servers: [kamailio.webSocketURL],
                                      stunServers: []),
                media: PlivoMediaOptions(input: .tone(880), output: .discard))
            let events = PlivoClientCallTests.Recorder(alice)
            do {
                try await Quality.register(bob, user: "bob", password: "bob-pw")
                #expect(await alice.login(username: "alice", password: "alice-pw"))
                try await events.wait(for: .onLogin)
                #expect(await alice.call("bob", extraHeaders: ["X-PH-Order": "42", "X-Other": "dropped", "X-PH-Bad_Name": "x"]))
                let invite = try await Quality.take(.invite, from: bob, within: .seconds(10))
                let sdp = String(decoding: invite.body, as: UTF8.self)
                #expect(sdp.contains("maxaveragebitrate=24000"), "\(sdp)")
                #expect(!sdp.contains("typ srflx"), "\(sdp)")
                #expect(invite.value(SIPHeaderName("X-ClientRegion")) == "europe")
                #expect(invite.value(SIPHeaderName("X-PH-Order")) == "42")
                #expect(invite.value(SIPHeaderName("X-Other")) == nil)
                #expect(invite.value(SIPHeaderName("X-Plivo-Jwt")) == nil)       // a password login
                #expect(await alice.hangup())
            } catch {
                await alice.close()
                await bob.close()
                throw error
            }
            await alice.close()
            await bob.close()
        }
    }

    @Test("a STUN server that never answers: gathering is cut off at 2 s, the INVITE still goes out, mediaMetrics ice_timeout once")
    func iceTimeout() async throws {
        let silent = try await ICEUDPSocket.bind(host: "127.0.0.1") { _, _, _ in }
        try await KamailioProcess.with { kamailio in
            let bob = try await SIPTestClient.udp(server: kamailio.sipAddress)
            let alice = PlivoClient(
                options: PlivoOptions(servers: [kamailio.webSocketURL], stunServers: ["stun:127.0.0.1:\(silent.localAddress.port)"]),
                media: PlivoMediaOptions(input: .tone(880), output: .discard))
            let events = PlivoClientCallTests.Recorder(alice)
            do {
                try await Quality.register(bob, user: "bob", password: "bob-pw")
                #expect(await alice.login(username: "alice", password: "alice-pw"))
                try await events.wait(for: .onLogin)
                let started = ContinuousClock.now
                #expect(await alice.call("bob"))
                _ = try await Quality.take(.invite, from: bob, within: .seconds(10))
                let waited = started.duration(to: .now)
                #expect(waited >= .milliseconds(1_900) && waited < .seconds(4), "\(waited)")
                guard case .mediaMetrics(let metric) = try await events.wait(for: .mediaMetrics) else { return }
                #expect(metric == PlivoMediaMetric(group: "network", level: "warning", type: "ice_timeout", value: "2000",
                                                   active: true, desc: "Possible NAT/Firewall issue", stream: "None"))
                #expect(await alice.hangup())
            } catch {
                await alice.close()
                await bob.close()
                await silent.close()
                throw error
            }
            await alice.close()
            await bob.close()
        }
        await silent.close()
    }
}
