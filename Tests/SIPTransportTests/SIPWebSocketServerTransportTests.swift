import NIOCore
import NIOPosix
import SIPCore
import SIPTransport
import Testing

/// The server side of SIP over WebSocket (RFC 7118) with the stack's own client, and raw
/// handshakes for what a client must offer.
@Suite struct SIPWebSocketServerTransportTests {
    @Test("RFC 7118: our client upgrades with sip, a request arrives from its address, the answer goes back on its connection")
    func requestAndAnswer() async throws {
        let server = SIPWebSocketServerTransport()
        let address = try await server.listen(host: "127.0.0.1", port: 0)
        let serverEvents = AsyncLog.collecting(server.events)
        let client = try SIPWebSocketTransport(url: "ws://127.0.0.1:\(address.port)/")
        let clientEvents = AsyncLog.collecting(client.events)
        try await withTimeout { try await client.connect() }
        #expect(try await serverEvents.take { $0.connectionState != nil }?.connectionState == .connected)

        let request = TestMessages.options(branch: "z9hG4bK-srv1")
        try await client.write(request, to: client.serverAddress)
        guard case .message(let received, let peer)? = try await serverEvents.take(where: { $0.message != nil }) else {
            Issue.record("no request at the server")
            return
        }
        #expect(received == request)
        #expect(peer.host == "127.0.0.1" && peer.port == client.localAddress?.port)
        #expect(server.connectedPeers == [peer])
        let answer = try SIPMessageBuilder.response(to: received, status: 200, toTag: "srv")
        try await server.write(answer, to: peer)
        #expect(try await clientEvents.take { $0.message != nil }?.message == answer)
        // No connection to an address that never connected.
        let stranger = SIPTransportAddress(host: "127.0.0.1", port: 9)
        #expect(throws: SIPTransportError.noConnection(stranger)) { try server.send(answer, to: stranger) }

        await client.close()
        #expect(try await serverEvents.take { $0.connectionState == .disconnected(reason: .normal) }?.connectionState == .disconnected(reason: .normal))
        try await withTimeout { await server.close() }
    }

    static func handshake(protocols: String?) -> [UInt8] {
        var text = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        if let protocols { text += "Sec-WebSocket-Protocol: \(protocols)\r\n" }
        return Array((text + "\r\n").utf8)
    }

    static func response(_ client: RawTCPClient) async throws -> String {
        var text = ""
        while !text.contains("\r\n\r\n") {
            let bytes = try await client.read(count: 1)
            if bytes.isEmpty { break }
            text += String(decoding: bytes, as: UTF8.self)
        }
        return text
    }

    @Test("RFC 7118 §4.1: the 101 names sip when offered among others; no sip offered, or no upgrade, is 400 and closed")
    func handshakes() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server = SIPWebSocketServerTransport(group: group)
        let address = try await server.listen(host: "127.0.0.1", port: 0)

        let offering = try await RawTCPClient(group: group, host: "127.0.0.1", port: address.port)
        try await offering.write(Self.handshake(protocols: "chat, SIP"))
        let accepted = try await Self.response(offering)
        #expect(accepted.hasPrefix("HTTP/1.1 101"), "\(accepted)")
        #expect(accepted.lowercased().contains("sec-websocket-protocol: sip\r\n"), "\(accepted)")
        #expect(accepted.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), "\(accepted)")
        await offering.close()

        for protocols in ["chat", nil] {
            let refused = try await RawTCPClient(group: group, host: "127.0.0.1", port: address.port)
            try await refused.write(Self.handshake(protocols: protocols))
            let answer = try await Self.response(refused)
            #expect(answer.hasPrefix("HTTP/1.1 400"), "\(answer)")
            #expect(try await refused.waitForClose())
            await refused.close()
        }
        let plain = try await RawTCPClient(group: group, host: "127.0.0.1", port: address.port)
        try await plain.write(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        #expect(try await Self.response(plain).hasPrefix("HTTP/1.1 400"))
        await plain.close()

        try await withTimeout { await server.close() }
        try await withTimeout { try await group.shutdownGracefully() }
    }
}
