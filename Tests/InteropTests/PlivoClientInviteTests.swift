import Foundation
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
}
