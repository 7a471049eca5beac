import Foundation
import SIPCore
import SIPTransaction
import SIPTransport
import SIPUserAgent
import StackCore
import Testing

/// Registration refresh against a real Kamailio that grants short bindings (`-A MAX_EXPIRES=10`):
/// the whole registration stack (`SIPRegistrationClient` on a `SIPTransactionLayer` over UDP)
/// on the system clock.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct KamailioRefreshTests {
    @Test("Kamailio grants 10 s: the refresh REGISTER goes 5 s after the 2xx (JsSIP: e − 5 for e ≤ 64), before the binding expires, and is accepted")
    func refreshBeforeExpiry() async throws {
        try await KamailioProcess.with(defines: ["MAX_EXPIRES=10"]) { kamailio in
            let udp = try await SIPUDPTransport.bind(host: "127.0.0.1", port: 0)
            let local = try #require(udp.localAddress)
            let bridge = SIPTransportBridge(transport: udp)
            let layer = SIPTransactionLayer(clock: SystemClock.shared, transport: bridge)
            let pump = Task { await bridge.pump(into: layer) }
            let configuration = SIPRegistrationConfiguration(
                user: "alice", domain: .ipv4("127.0.0.1"),
                contact: SIPURI(user: "alice", host: .ipv4("127.0.0.1"), port: local.port),
                via: SIPVia(transport: "UDP", host: .ipv4("127.0.0.1"), port: local.port,
                            parameters: [SIPParameter("rport")]))
            let client = SIPRegistrationClient(
                configuration: configuration, layer: layer,
                destination: SIPTransactionDestination(host: "127.0.0.1", port: kamailio.sipPort, transport: "UDP"),
                clock: SystemClock.shared)
            var events = client.events.makeAsyncIterator()
            let start = ContinuousClock.now
            try await client.login(SIPDigestCredentials(username: "alice", password: "alice-pw"), expires: 120)
            #expect(await events.next() == .registered(expires: 10))
            #expect(await events.next() == .refreshed(expires: 10))
            // The 2xx came after `start`, and the refresh is timed 5 s after the 2xx: at least
            // 5 s after `start` (observing the event may lag), and well before the 10 s expiry.
            let refreshedAt = ContinuousClock.now - start
            #expect(refreshedAt >= .milliseconds(4_990) && refreshedAt < .seconds(9), "refresh \(refreshedAt) after the login")
            await client.logout()
            #expect(await events.next() == .unregistered)
            await client.close()
            await udp.close()
            await pump.value
        }
    }
}
