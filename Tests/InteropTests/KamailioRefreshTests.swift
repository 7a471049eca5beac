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
            let registeredAt = ContinuousClock.now - start
            #expect(await events.next() == .refreshed(expires: 10))
            let gap = ContinuousClock.now - start - registeredAt
            #expect(gap >= .milliseconds(4_900) && gap < .seconds(10), "refresh \(gap) after the 2xx")
            await client.logout()
            #expect(await events.next() == .unregistered)
            await client.close()
            await udp.close()
            await pump.value
        }
    }
}
