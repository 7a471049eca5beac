import Foundation
import ICE
import PlivoSDK
import SIPCore
import Testing

/// What a public `PlivoClient`'s INVITE carries, read by a bare SIP UA registered at a real
/// Kamailio or at the embedded `PlivoLocalEdge`: the options that only show on the wire
/// (`maxAverageBitrate`, `clientRegion`), the seed's X-PH header rule, the access token, and
/// the STUN servers (none when `[]`).
@Suite(.serialized, .timeLimit(.minutes(1)))
struct PlivoClientInviteTests {
    typealias Quality = PlivoClientQualityTests

    /// Starts `server` (Kamailio unless said), registers a bare UA as bob over UDP and logs a
    /// `PlivoClient` with `options` (plus the server's WebSocket URL) in as alice, runs `body`,
    /// then closes both.
    static func withAliceAndBareBob(_ options: PlivoOptions, on server: ScenarioServer = .kamailio,
                                    _ body: @escaping @Sendable (PlivoClient, SIPTestClient, PlivoClientCallTests.Recorder) async throws -> Void)
        async throws {
        try await ScenarioServer.with(server) { running in
            var options = options
            options.servers = [running.webSocketURL]
            let bob = try await SIPTestClient.udp(server: running.sipAddress)
            let alice = PlivoClient(options: options, media: PlivoMediaOptions(input: .tone(880), output: .discard))
            let events = PlivoClientCallTests.Recorder(alice)
            do {
                try await Quality.register(bob, user: "bob", password: "bob-pw")
                #expect(await alice.login(username: "alice", password: "alice-pw"))
                try await events.wait(for: .onLogin)
                try await body(alice, bob, events)
            } catch {
                await alice.close()
                await bob.close()
                throw error
            }
            await alice.close()
            await bob.close()
        }
    }

    @Test("maxAverageBitrate in the Opus fmtp, X-ClientRegion, only valid X-PH headers, no STUN candidates with stunServers []",
          arguments: ScenarioServer.allCases)
    func inviteCarriesTheOptions(server: ScenarioServer) async throws {
        let options = PlivoOptions(clientRegion: .europe, maxAverageBitrate: 24_000, stunServers: [])
        try await Self.withAliceAndBareBob(options, on: server) { alice, bob, _ in
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
        }
    }

    @Test("a STUN server that never answers: gathering is cut off at 2 s, the INVITE still goes out, mediaMetrics ice_timeout once",
          arguments: ScenarioServer.allCases)
    func iceTimeout(server: ScenarioServer) async throws {
        let silent = try await ICEUDPSocket.bind(host: "127.0.0.1") { _, _, _ in }
        do {
            let options = PlivoOptions(stunServers: ["stun:127.0.0.1:\(silent.localAddress.port)"])
            try await Self.withAliceAndBareBob(options, on: server) { alice, bob, events in
                let started = ContinuousClock.now
                #expect(await alice.call("bob"))
                _ = try await Quality.take(.invite, from: bob, within: .seconds(10))
                let waited = started.duration(to: .now)
                #expect(waited >= .milliseconds(1_900) && waited < .seconds(8), "\(waited)")   // 2 s cut-off, then setup on a busy machine
                guard case .mediaMetrics(let metric) = try await events.wait(for: .mediaMetrics) else { return }
                #expect(metric == PlivoMediaMetric(group: "network", level: "warning", type: "ice_timeout", value: "2000",
                                                   active: true, desc: "Possible NAT/Firewall issue", stream: "None"))
                #expect(await alice.hangup())
            }
        } catch {
            await silent.close()
            throw error
        }
        await silent.close()
    }

    @Test("Plivo's in-dialog INFO bodies: remote-party-ringing is onCallConnected, no-remote-audio / remote-audio are remoteAudioStatus false / true",
          arguments: ScenarioServer.allCases)
    func infoSignals(server: ScenarioServer) async throws {
        try await Self.withAliceAndBareBob(PlivoOptions(stunServers: []), on: server) { alice, bob, events in
            #expect(await alice.call("bob"))
            let invite = try await Quality.take(.invite, from: bob, within: .seconds(10))
            // Bob answers with alice's own description turned into an answer: enough for the
            // dialog (the media is not what this test looks at).
            let toTag = SIPTestClient.token(10)
            let contact = SIPParameter("Contact", "<\(bob.contactURI(user: "bob"))>")
            let answer = String(decoding: invite.body, as: UTF8.self).replacingOccurrences(of: "a=setup:actpass", with: "a=setup:active")
            try await bob.transport.write(
                SIPMessageBuilder.response(to: invite, status: 200, toTag: toTag, headers: [contact],
                                           body: Array(answer.utf8), contentType: "application/sdp"), to: bob.server)
            _ = try await Quality.take(.ack, from: bob, within: .seconds(5))
            try await events.wait(for: .onCallAnswered)
            // In-dialog INFOs along the route set the server recorded (RFC 3261 §12.1.1).
            let target = try #require(invite.contacts.first?.uri)
            let from = try #require(invite.to), to = try #require(invite.from), callID = try #require(invite.callID)
            for (index, body) in ["remote-party-ringing", "no-remote-audio", "remote-audio"].enumerated() {
                var headers = [SIPParameter("Via", bob.via().description), SIPParameter("Max-Forwards", "70"),
                               SIPParameter("From", "\(from.description);tag=\(toTag)"), SIPParameter("To", to.description),
                               SIPParameter("Call-ID", callID), SIPParameter("CSeq", "\(index + 1) INFO")]
                headers += invite.recordRoutes.map { SIPParameter("Route", $0.description) }
                let info = try SIPMessageBuilder.request(method: .info, uri: target, headers: headers,
                                                         body: Array(body.utf8), contentType: "application/text")
                let response = try await bob.request(info)
                #expect(response.statusCode == 200, "INFO \(body): \(response.statusCode ?? 0)")
            }
            try await events.wait(for: .onCallConnected)
            try await events.wait(for: .remoteAudioStatus, count: 2)
            let statuses = events.all.compactMap { event -> Bool? in
                if case .remoteAudioStatus(let present) = event { return present }
                return nil
            }
            #expect(statuses == [false, true])
            #expect(await alice.hangup())
        }
    }
}
