import NIOCore
import NIOPosix
import NIOWebSocket
import SIPCore
import SIPTransport
import Testing

/// SIP over WebSocket (RFC 7118) against a NIO WebSocket server on loopback, ephemeral ports.
@Suite struct SIPWebSocketTransportTests {
    private static func client(_ group: any EventLoopGroup, _ server: WebSocketTestServer,
                               limits: SIPParserLimits = .default) throws
        -> (SIPWebSocketTransport, AsyncLog<SIPTransportEvent>) {
        let client = try SIPWebSocketTransport(url: server.url(), group: group, configuration: SIPTransportConfiguration(
            parserOptions: SIPParserOptions(limits: limits)))
        return (client, AsyncLog.collecting(client.events))
    }

    private static func finish(_ client: SIPWebSocketTransport, _ server: WebSocketTestServer,
                               _ group: MultiThreadedEventLoopGroup) async throws {
        try await withTimeout { await client.close() }
        try await withTimeout { await server.close() }
        try await withTimeout { try await group.shutdownGracefully() }
    }

    @Test("RFC 7118 §4-§5: upgrade with subprotocol sip, request out in a masked frame, 200 back")
    func requestResponse() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server = try await WebSocketTestServer(group: group)
        let (client, events) = try Self.client(group, server)
        #expect(client.kind == .ws && client.kind.viaTransport == "WS")
        #expect(throws: SIPTransportError.noConnection(client.serverAddress)) { try client.send(TestMessages.options()) }

        try await withTimeout { try await client.connect() }
        #expect(try await events.take { _ in true }?.connectionState == .connecting)
        #expect(try await events.take { _ in true }?.connectionState == .connected)
        #expect(try await server.log.take { if case .upgraded = $0 { true } else { false } } == .upgraded(offered: "sip"))
        #expect(client.localAddress?.port != nil)

        let request = TestMessages.options(branch: "z9hG4bK-ws1")
        try await client.write(request, to: client.serverAddress)
        let text = String(decoding: request.serialized(), as: UTF8.self)
        #expect(try await server.log.take { if case .text = $0 { true } else { false } } == .text(text, masked: true))
        guard case .message(let response, let source)? = try await events.take(where: { $0.message != nil }) else {
            Issue.record("response missing")
            return
        }
        #expect(response == (try SIPMessageBuilder.response(to: request, status: 200, toTag: "ws1")))
        #expect(source == client.serverAddress)

        try client.send(TestMessages.options(branch: "z9hG4bK-ws2"))
        #expect(try await events.take { $0.message != nil } != nil)
        let elsewhere = SIPTransportAddress(host: "127.0.0.2", port: 5060)
        #expect(throws: SIPTransportError.noConnection(elsewhere)) { try client.send(request, to: elsewhere) }
        #expect(client.statistics.messagesSent == 2)
        #expect(client.statistics.messagesReceived == 2)

        try await withTimeout { await client.close() }
        #expect(try await server.log.take { if case .close = $0 { true } else { false } } == .close(1000))
        #expect(try await events.take { $0.connectionState != nil }?.connectionState == .disconnected(reason: .normal))
        #expect(try await events.hasFinished())
        #expect(throws: SIPTransportError.closed) { try client.send(request) }
        try await Self.finish(client, server, group)
    }

    @Test("RFC 7118 §4.1: a server that does not select sip fails the handshake with a typed error",
          arguments: [(WebSocketTestServer.Subprotocol.absent, String?.none), (.other("xmpp"), "xmpp")])
    func subprotocolNotSelected(reply: WebSocketTestServer.Subprotocol, expected: String?) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server = try await WebSocketTestServer(group: group, subprotocol: reply)
        let (client, events) = try Self.client(group, server)
        await #expect(throws: SIPTransportError.handshakeFailed(.subprotocolNotSelected(expected))) {
            try await withTimeout { try await client.connect() }
        }
        #expect(try await events.take { _ in true }?.connectionState == .connecting)
        #expect(try await events.take { _ in true }?.connectionState == .disconnected(reason: .abnormal))
        #expect(client.statistics.connectionsOpened == 0)
        try await Self.finish(client, server, group)
    }

    @Test("RFC 6455 §7.4.1: a frame or a fragmented message over the size limit closes with 1009")
    func oversizedFrame() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server = try await WebSocketTestServer(group: group)
        let (client, events) = try Self.client(group, server, limits: SIPParserLimits(maxMessageSize: 2000))

        try await withTimeout { try await client.connect() }
        try await server.sendText(String(repeating: "a", count: 3000))
        #expect(try await events.take { $0.parseFailure != nil }?.parseFailure?.isOverLimit == true)
        #expect(try await events.take { $0.connectionState == .disconnected(reason: .tooBig) } != nil)
        #expect(try await server.log.take { if case .close = $0 { true } else { false } } == .close(1009))

        // Reconnect; this time the excess arrives in continuation frames.
        try await withTimeout { try await client.connect() }
        let part = ByteBuffer(string: String(repeating: "b", count: 900))
        try await server.send([WebSocketFrame(fin: false, opcode: .text, data: part),
                               WebSocketFrame(fin: false, opcode: .continuation, data: part),
                               WebSocketFrame(fin: true, opcode: .continuation, data: part)])
        #expect(try await events.take { $0.connectionState == .disconnected(reason: .tooBig) } != nil)
        #expect(try await server.log.take { if case .close = $0 { true } else { false } } == .close(1009))
        #expect(client.statistics.oversizeDropped == 2)
        try await Self.finish(client, server, group)
    }

    @Test("RFC 6455 §5.5.1: the server's Close is echoed and its code reported")
    func serverCloses() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server = try await WebSocketTestServer(group: group)
        let (client, events) = try Self.client(group, server)
        for (code, reason) in [(UInt16(1000), SIPCloseCode.normal), (1001, .goingAway), (4321, .other(4321))] {
            try await withTimeout { try await client.connect() }
            #expect(try await events.take { $0.connectionState == .connected } != nil)
            try await server.sendClose(code: code)
            #expect(try await events.take { $0.connectionState != nil && $0.connectionState != .connecting }?
                .connectionState == .disconnected(reason: reason))
            #expect(try await server.log.take { if case .close = $0 { true } else { false } } == .close(code))
        }
        try await Self.finish(client, server, group)
    }

    @Test("RFC 6455 §7.1.1: close() drops the connection after closeTimeout when the server never answers")
    func closeTimeout() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server = try await WebSocketTestServer(group: group, answersClose: false)
        let client = try SIPWebSocketTransport(url: server.url(), group: group, closeTimeout: .milliseconds(100))
        let events = AsyncLog.collecting(client.events)
        try await withTimeout { try await client.connect() }
        try await withTimeout { await client.close() }
        #expect(try await server.log.take { if case .close = $0 { true } else { false } } == .close(1000))
        #expect(try await server.log.take { $0 == .closed } != nil)
        #expect(try await events.take { $0.connectionState == .disconnected(reason: .normal) } != nil)
        #expect(try await events.hasFinished())
        try await withTimeout { await server.close() }
        try await withTimeout { try await group.shutdownGracefully() }
    }

    @Test("RFC 6455 §7.1.5: a connection lost without a Close frame is reported as 1006")
    func abruptLoss() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server = try await WebSocketTestServer(group: group)
        let (client, events) = try Self.client(group, server)
        try await withTimeout { try await client.connect() }
        try await server.dropConnection()
        #expect(try await events.take { $0.connectionState == .disconnected(reason: .abnormal) } != nil)
        try await Self.finish(client, server, group)
    }

    @Test("RFC 6455 §5.4: a message fragmented into continuation frames is reassembled")
    func fragmentedMessage() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server = try await WebSocketTestServer(group: group)
        let (client, events) = try Self.client(group, server)
        try await withTimeout { try await client.connect() }
        let bytes = TestMessages.options(body: "fragmented body").serialized()
        let thirds = [bytes[..<20], bytes[20..<120], bytes[120...]].map { ByteBuffer(bytes: $0) }
        try await server.send([WebSocketFrame(fin: false, opcode: .text, data: thirds[0]),
                               WebSocketFrame(fin: false, opcode: .continuation, data: thirds[1]),
                               WebSocketFrame(fin: true, opcode: .continuation, data: thirds[2])])
        #expect(try await events.take { $0.message != nil }?.message == TestMessages.options(body: "fragmented body"))
        #expect(client.statistics.parseErrors == 0)
        try await Self.finish(client, server, group)
    }

    @Test("RFC 7118 §5: a garbage frame is a counted parse error; the next frame (no Content-Length) parses")
    func garbageFrame() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server = try await WebSocketTestServer(group: group)
        let (client, events) = try Self.client(group, server)
        try await withTimeout { try await client.connect() }
        try await server.sendText("this is not SIP\r\n\r\n")
        let failure = try await events.take { $0.parseFailure != nil }?.parseFailure
        #expect(failure?.count == 1 && failure?.source == client.serverAddress)
        #expect(failure?.bytes == Array("this is not SIP\r\n\r\n".utf8))

        try await server.sendText(TestMessages.optionsText(contentLength: false))
        #expect(try await events.take { $0.message != nil }?.message?.isRequest == true)
        try await client.write(TestMessages.options())
        #expect(try await events.take { $0.message != nil }?.message?.isRequest == false)
        #expect(client.statistics.parseErrors == 1)
        try await Self.finish(client, server, group)
    }

    @Test("RFC 6455 §5.5.2-§5.5.3: server pings are answered with the same payload; client pings get pongs")
    func pingPong() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server = try await WebSocketTestServer(group: group)
        let (client, events) = try Self.client(group, server)
        try await withTimeout { try await client.connect() }
        try await server.send([WebSocketFrame(fin: true, opcode: .ping, data: ByteBuffer(bytes: [1, 2, 3]))])
        #expect(try await server.log.take { if case .pong = $0 { true } else { false } } == .pong([1, 2, 3]))
        #expect(try await events.take { $0.keepAlive != nil }?.keepAlive == .ping)
        try await client.sendKeepAlivePing()
        #expect(try await events.take { $0.keepAlive != nil }?.keepAlive == .pong)
        try await Self.finish(client, server, group)
    }

    @Test("RFC 7118 §5.2 helpers and ws:// / wss:// URLs")
    func urlsAndHelpers() throws {
        let url = try #require(SIPWebSocketURL("WS://example.com:8080/sip?x=1"))
        #expect(url.host == "example.com" && url.port == 8080 && url.resource == "/sip?x=1" && !url.isSecure)
        #expect(url.hostHeader == "example.com:8080")
        #expect(SIPWebSocketURL("ws://[::1]")?.address == SIPTransportAddress(host: "::1", port: 80))
        #expect(SIPWebSocketURL("ws://[::1]")?.hostHeader == "[::1]")
        #expect(SIPWebSocketURL("wss://h")?.port == 443)
        #expect(SIPWebSocketURL("ws://h?q")?.resource == "/?q")
        for bad in ["http://h", "ws://", "ws://:80", "ws://h:0", "ws://h:99999", "ws://u@h", "ws://h/#f", "ws://a:b:c"] {
            #expect(SIPWebSocketURL(bad) == nil, "\(bad)")
        }
        #expect(try SIPWebSocketTransport(url: "wss://h").kind == .wss)
        #expect(throws: SIPTransportError.invalidAddress("nonsense")) { try SIPWebSocketTransport(url: "nonsense") }
        let host = SIPWebSocketTransport.randomContactHost()
        #expect(host.hasSuffix(".invalid") && host.count == 20)
        #expect(host.dropLast(8).allSatisfy { $0.isLowercase || $0.isNumber })
        #expect(SIPWebSocketTransport.randomContactHost() != host)
        #expect(SIPCloseCode(rawValue: 1009) == .tooBig)
    }
}
