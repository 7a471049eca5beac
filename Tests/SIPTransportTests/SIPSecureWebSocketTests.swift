import NIOCore
import NIOPosix
import SIPCore
import SIPTransport
import Testing

/// SIP over secure WebSocket (`wss://`, RFC 7118 §5) against the test WebSocket server with TLS
/// on loopback, certificates of `Fixtures/tls`.
@Suite struct SIPSecureWebSocketTests {
    @Test("RFC 7118 §5: wss:// upgrade with subprotocol sip inside TLS, request out, 200 back",
          arguments: ["127.0.0.1", "localhost"])
    func requestResponse(host: String) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server = try await WebSocketTestServer(group: group, tls: try TLSTestFixtures.serverContext())
        let client = try SIPWebSocketTransport(url: server.url(host: host), group: group,
                                               tls: TLSTestFixtures.clientTrustingCA)
        let events = AsyncLog.collecting(client.events)
        #expect(client.kind == .wss && client.kind.viaTransport == "WSS" && client.kind.uriParameter == "wss")
        #expect(client.url.isSecure && client.serverAddress.port == server.port)

        try await withTimeout { try await client.connect() }
        #expect(try await events.take { _ in true }?.connectionState == .connecting)
        #expect(try await events.take { _ in true }?.connectionState == .connected)
        #expect(try await server.log.take { if case .upgraded = $0 { true } else { false } } == .upgraded(offered: "sip"))

        let request = TestMessages.options(branch: "z9hG4bK-wss1")
        try await client.write(request, to: client.serverAddress)
        let text = String(decoding: request.serialized(), as: UTF8.self)
        #expect(try await server.log.take { if case .text = $0 { true } else { false } } == .text(text, masked: true))
        #expect(try await events.take { $0.message != nil }?.message
            == (try SIPMessageBuilder.response(to: request, status: 200, toTag: "ws1")))

        try await client.sendKeepAlivePing()
        #expect(try await events.take { $0.keepAlive != nil }?.keepAlive == .pong)

        try await withTimeout { await client.close() }
        #expect(try await server.log.take { if case .close = $0 { true } else { false } } == .close(1000))
        #expect(try await events.take { $0.connectionState != nil }?.connectionState == .disconnected(reason: .normal))
        try await withTimeout { await server.close() }
        try await withTimeout { try await group.shutdownGracefully() }
    }

    @Test("RFC 7118 §5: an untrusted server certificate fails connect() with tlsHandshakeFailed, cleanly")
    func untrustedCertificate() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server = try await WebSocketTestServer(group: group, tls: try TLSTestFixtures.serverContext())
        // The default: system trust roots (which lack the test CA), full verification.
        let client = try SIPWebSocketTransport(url: server.url(host: "localhost"), group: group)
        let events = AsyncLog.collecting(client.events)

        var reason: String?
        do {
            try await withTimeout { try await client.connect() }
        } catch SIPTransportError.tlsHandshakeFailed(let text) {
            reason = text
        }
        #expect(reason?.contains("CERTIFICATE_VERIFY_FAILED") == true, "\(reason ?? "no failure")")
        #expect(try await events.take { _ in true }?.connectionState == .connecting)
        #expect(try await events.take { _ in true }?.connectionState == .disconnected(reason: .abnormal))
        #expect(client.statistics.connectionsOpened == 0)
        #expect(throws: SIPTransportError.noConnection(client.serverAddress)) { try client.send(TestMessages.options()) }
        // The server never saw an upgrade request.
        #expect(await server.log.elements.allSatisfy { if case .upgraded = $0 { false } else { true } })

        try await withTimeout { await client.close() }
        try await withTimeout { await server.close() }
        try await withTimeout { try await group.shutdownGracefully() }
    }

    @Test("a wss:// client to a plain ws:// server fails the TLS handshake, no hang")
    func plainServer() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server = try await WebSocketTestServer(group: group)
        let url = "wss://127.0.0.1:\(server.port)/sip"
        var tls = TLSTestFixtures.clientTrustingCA
        tls.handshakeTimeout = .seconds(2)
        let client = try SIPWebSocketTransport(url: url, group: group, tls: tls)
        await #expect {
            try await withTimeout { try await client.connect() }
        } throws: { error in
            if case SIPTransportError.tlsHandshakeFailed = error { true } else { false }
        }
        try await withTimeout { await client.close() }
        try await withTimeout { await server.close() }
        try await withTimeout { try await group.shutdownGracefully() }
    }

    @Test("RFC 7118 §5: wss:// URLs parse with port 443 and kind WSS")
    func urls() throws {
        let url = try #require(SIPWebSocketURL("WSS://sip.example.com/ws"))
        #expect(url.isSecure && url.port == 443 && url.kind == .wss && url.kind.viaTransport == "WSS")
        #expect(url.hostHeader == "sip.example.com")
        #expect(url.description == "wss://sip.example.com:443/ws")
        #expect(SIPWebSocketURL("wss://[::1]:8443")?.hostHeader == "[::1]:8443")
        #expect(SIPTransportKind.tls.viaTransport == "TLS" && SIPTransportKind.tls.uriParameter == "tls")
        #expect(SIPTransportKind.tls.defaultPort == 5061 && SIPTransportKind.tls.isSecure)
    }
}
