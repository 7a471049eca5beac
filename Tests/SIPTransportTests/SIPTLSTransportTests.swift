import NIOCore
import NIOPosix
import SIPCore
import SIPTransport
import Testing

/// SIP over TLS (RFC 3261 §26.2, RFC 5630) with `SIPTCPTransport` on loopback, ephemeral ports,
/// certificates of `Fixtures/tls`.
@Suite struct SIPTLSTransportTests {
    private static func server(_ group: any EventLoopGroup, tls: SIPTLSConfiguration = TLSTestFixtures.server) async throws
        -> (SIPTCPTransport, SIPTransportAddress, AsyncLog<SIPTransportEvent>) {
        let server = try SIPTCPTransport(group: group, tls: tls)
        let events = AsyncLog.collecting(server.events)
        let address = try await server.listen(host: "127.0.0.1", port: 0)
        return (server, address, events)
    }

    /// The reason of a `tlsHandshakeFailed` error; nil for any other error.
    private static func handshakeFailure(_ body: @Sendable () async throws -> Void) async -> String? {
        do {
            try await body()
            return nil
        } catch SIPTransportError.tlsHandshakeFailed(let reason) {
            return reason
        } catch {
            Issue.record("expected tlsHandshakeFailed, got \(error)")
            return nil
        }
    }

    @Test("RFC 3261 §26.2: TLS round trip both ways, with and without a server name",
          arguments: [String?.none, "localhost"])
    func roundTrip(serverName: String?) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let (server, address, serverEvents) = try await Self.server(group)
        #expect(server.kind == .tls && server.kind.viaTransport == "TLS" && server.kind.uriParameter == "tls")
        let client = try SIPTCPTransport(group: group, tls: TLSTestFixtures.clientTrustingCA)
        #expect(client.kind == .tls)
        let clientEvents = AsyncLog.collecting(client.events)

        try await withTimeout { try await client.connect(to: address, serverName: serverName) }
        #expect(try await clientEvents.take { _ in true }?.connectionState == .connecting)
        #expect(try await clientEvents.take { _ in true }?.connectionState == .connected)
        let local = try #require(await client.localAddress(toward: address))
        #expect(local.host == "127.0.0.1" && local.port != 0)

        let request = TestMessages.options(branch: "z9hG4bK-tls1", body: "over TLS")
        try await client.write(request, to: address)
        guard case .message(let received, let source)? = try await serverEvents.take(where: { $0.message != nil }) else {
            Issue.record("request missing")
            return
        }
        #expect(received == request)
        #expect(source == local)
        #expect(try await serverEvents.take { $0.connectionState == .connected } != nil)

        let response = try SIPMessageBuilder.response(to: request, status: 200, toTag: "tls")
        try await server.write(response, to: source)
        #expect(try await clientEvents.take { $0.message != nil }?.message == response)

        // RFC 5626 §3.5.1 keep-alives run inside TLS too.
        try await client.sendKeepAlivePing(to: address)
        #expect(try await clientEvents.take { $0.keepAlive != nil }?.keepAlive == .pong)
        #expect(try await serverEvents.take { $0.keepAlive != nil }?.keepAlive == .ping)

        #expect(server.statistics.connectionsOpened == 1)
        #expect(client.statistics.messagesSent == 1 && client.statistics.messagesReceived == 1)
        try await withTimeout { await client.close() }
        #expect(try await serverEvents.take { $0.connectionState == .disconnected(reason: .normal) } != nil)
        try await withTimeout { await server.close() }
        try await withTimeout { try await group.shutdownGracefully() }
    }

    @Test("RFC 5922 §7: without the test CA (system roots, full verification) the handshake fails, typed")
    func untrustedCertificate() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let (server, address, _) = try await Self.server(group)
        let client = try SIPTCPTransport(group: group, tls: .default)
        let clientEvents = AsyncLog.collecting(client.events)

        let reason = await Self.handshakeFailure { try await withTimeout { try await client.connect(to: address) } }
        #expect(reason?.contains("CERTIFICATE_VERIFY_FAILED") == true, "\(reason ?? "no failure")")
        #expect(try await clientEvents.take { _ in true }?.connectionState == .connecting)
        #expect(try await clientEvents.take { _ in true }?.connectionState == .disconnected(reason: .abnormal))
        #expect(client.connectedPeers.isEmpty)
        #expect(client.statistics.connectionsOpened == 0)
        // The transport stays usable: a message to the same server fails the same way.
        await #expect(throws: SIPTransportError.self) {
            try await withTimeout { try await client.write(TestMessages.options(), to: address) }
        }
        #expect(client.statistics.sendFailures == 1)
        #expect(server.statistics.messagesReceived == 0)

        try await withTimeout { await client.close() }
        try await withTimeout { await server.close() }
        try await withTimeout { try await group.shutdownGracefully() }
    }

    @Test("RFC 5922 §7.2: the server's certificate must name the server: checked against serverName or the IP")
    func hostnameCheck() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        // A certificate for sip.example.org only, no IP address in it.
        let (server, address, _) = try await Self.server(group, tls: TLSTestFixtures.otherServer)
        let client = try SIPTCPTransport(group: group, tls: TLSTestFixtures.clientTrustingCA)
        for name in [String?.none, "localhost"] {
            let reason = await Self.handshakeFailure {
                try await withTimeout { try await client.connect(to: address, serverName: name) }
            }
            #expect(reason?.contains("sip.example.org") == false && reason != nil, "\(name ?? "no name"): \(reason ?? "no failure")")
        }
        // The name in the certificate, given per connection or in the configuration.
        try await withTimeout { try await client.connect(to: address, serverName: "sip.example.org") }
        var named = TLSTestFixtures.clientTrustingCA
        named.serverName = "sip.example.org"
        let other = try SIPTCPTransport(group: group, tls: named)
        try await withTimeout { try await other.connect(to: address) }
        // Without the name check only the chain is verified.
        var relaxed = TLSTestFixtures.clientTrustingCA
        relaxed.certificateVerification = .noHostnameVerification
        let third = try SIPTCPTransport(group: group, tls: relaxed)
        try await withTimeout { try await third.connect(to: address) }

        for transport in [client, other, third] { try await withTimeout { await transport.close() } }
        try await withTimeout { await server.close() }
        try await withTimeout { try await group.shutdownGracefully() }
    }

    @Test("mutual TLS: a server that requires a client certificate accepts the CA's and refuses none")
    func clientCertificate() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var serverTLS = TLSTestFixtures.server
        serverTLS.trustRoots = .custom(.file(TLSTestFixtures.caFile))
        serverTLS.requiresClientCertificate = true
        let (server, address, serverEvents) = try await Self.server(group, tls: serverTLS)

        let alice = try SIPTCPTransport(group: group, tls: TLSTestFixtures.clientWithCertificate)
        try await withTimeout { try await alice.connect(to: address) }
        try await alice.write(TestMessages.options(branch: "z9hG4bK-alice"), to: address)
        #expect(try await serverEvents.take { $0.message != nil } != nil)

        // Without a certificate: with TLS 1.3 the client may finish its side before the server
        // refuses, so the refusal shows as a failed connect or as a closed connection.
        let anonymous = try SIPTCPTransport(group: group, tls: TLSTestFixtures.clientTrustingCA)
        let anonymousEvents = AsyncLog.collecting(anonymous.events)
        do {
            try await withTimeout { try await anonymous.connect(to: address) }
        } catch SIPTransportError.tlsHandshakeFailed {
        }
        #expect(try await anonymousEvents.take { $0.connectionState?.isDisconnected == true } != nil)
        #expect(server.statistics.connectionsOpened == 1)

        try await withTimeout { await anonymous.close() }
        try await withTimeout { await alice.close() }
        try await withTimeout { await server.close() }
        try await withTimeout { try await group.shutdownGracefully() }
    }

    @Test("a peer that never answers the ClientHello fails the handshake after its timeout, no hang")
    func handshakeTimeout() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let silent = try await ServerBootstrap(group: group).bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(silent.localAddress?.port)
        var tls = TLSTestFixtures.clientTrustingCA
        tls.handshakeTimeout = .milliseconds(200)
        let client = try SIPTCPTransport(group: group, tls: tls)
        let reason = await Self.handshakeFailure {
            try await withTimeout { try await client.connect(to: SIPTransportAddress(host: "127.0.0.1", port: port)) }
        }
        #expect(reason == "no handshake within 200 ms")
        try await withTimeout { await client.close() }
        try await withTimeout { try await silent.close() }
        try await withTimeout { try await group.shutdownGracefully() }
    }

    @Test("TLS configuration errors are typed: unreadable CA file, key without chain, listen without identity")
    func configurationErrors() async throws {
        func configurationFailure(_ body: () throws -> Void) -> Bool {
            do {
                try body()
                return false
            } catch SIPTransportError.tlsConfigurationFailed {
                return true
            } catch {
                return false
            }
        }
        #expect(configurationFailure { _ = try SIPTCPTransport(tls: .trusting(caFile: "/nonexistent/ca.pem")) })
        #expect(configurationFailure {
            _ = try SIPTCPTransport(tls: SIPTLSConfiguration(privateKey: .file(TLSTestFixtures.path("server.key"))))
        })
        #expect(configurationFailure {
            _ = try SIPWebSocketTransport(url: "wss://127.0.0.1/", tls: .trusting(caFile: TLSTestFixtures.path("README.md")))
        })
        // Plain ws:// ignores the TLS settings.
        #expect(try SIPWebSocketTransport(url: "ws://127.0.0.1/", tls: .trusting(caFile: "/nonexistent")).kind == .ws)

        let client = try SIPTCPTransport(tls: TLSTestFixtures.clientTrustingCA)
        await #expect(throws: SIPTransportError.tlsConfigurationFailed(
            "listening over TLS needs a certificate chain and a private key")) {
            try await client.listen(host: "127.0.0.1", port: 0)
        }
        await client.close()
        #expect(SIPTLSConfiguration.PEM.bytes([1, 2, 3]).description == "<3 bytes of PEM>")
        #expect(SIPTLSConfiguration.default.certificateVerification == .fullVerification)
        #expect(SIPTLSConfiguration.default.trustRoots == .system)
    }
}

extension SIPConnectionState {
    /// Whether this is `disconnected` with any reason.
    var isDisconnected: Bool {
        if case .disconnected = self { return true }
        return false
    }
}
