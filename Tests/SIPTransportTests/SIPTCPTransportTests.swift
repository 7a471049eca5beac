import NIOCore
import NIOPosix
import SIPCore
import SIPTransport
import Testing

/// SIP over TCP on loopback, ephemeral ports (RFC 3261 §18.3 framing, RFC 5626 §3.5.1 keep-alive).
@Suite struct SIPTCPTransportTests {
    private static func server(_ group: any EventLoopGroup, limits: SIPParserLimits = .default) async throws
        -> (SIPTCPTransport, SIPTransportAddress, AsyncLog<SIPTransportEvent>) {
        let server = SIPTCPTransport(group: group, configuration: SIPTransportConfiguration(
            parserOptions: SIPParserOptions(limits: limits)))
        let events = AsyncLog.collecting(server.events)
        let address = try await server.listen(host: "127.0.0.1", port: 0)
        return (server, address, events)
    }

    @Test("RFC 3261 §18.1.1/§18.2.2: client↔server exchange reuses the one connection both ways")
    func clientServerExchange() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let (server, address, serverEvents) = try await Self.server(group)
        #expect(address.port != 0 && server.localAddress == address)
        await #expect(throws: SIPTransportError.bindFailed("already listening")) {
            try await server.listen(host: "127.0.0.1", port: 0)
        }
        let client = SIPTCPTransport(group: group)
        let clientEvents = AsyncLog.collecting(client.events)

        let requests = (0..<3).map { TestMessages.options(branch: "z9hG4bK-\($0)", body: "body \($0)") }
        try client.send(requests[0], to: address)
        try client.send(requests[1], to: address)
        try await client.write(requests[2], to: address)
        var sources: Set<SIPTransportAddress> = []
        for request in requests {
            guard case .message(let message, let source)? = try await serverEvents.take(where: { $0.message != nil }) else {
                Issue.record("message missing")
                return
            }
            #expect(message == request)
            sources.insert(source)
        }
        #expect(sources.count == 1)
        #expect(client.connectedPeers == [address])
        #expect(try await clientEvents.take { $0.connectionState == .connected } != nil)

        let response = try SIPMessageBuilder.response(to: requests[0], status: 200, toTag: "t1")
        try await server.write(response, to: try #require(sources.first))
        #expect(try await clientEvents.take { $0.message != nil }?.message == response)
        #expect(server.statistics.connectionsOpened == 1)
        #expect(server.statistics.messagesReceived == 3)
        #expect(client.statistics.messagesSent == 3)

        try await withTimeout { await client.close() }
        #expect(try await serverEvents.take { $0.connectionState == .disconnected(reason: .normal) } != nil)
        try await withTimeout { await server.close() }
        try await withTimeout { try await group.shutdownGracefully() }
    }

    @Test("RFC 3261 §18.3: several messages in one write are framed apart, in order")
    func severalMessagesInOneWrite() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let (server, address, events) = try await Self.server(group)
        let raw = try await RawTCPClient(group: group, host: address.host, port: address.port)
        let messages = (0..<4).map { TestMessages.options(branch: "z9hG4bK-m\($0)", body: $0 % 2 == 0 ? "" : "x\($0)") }
        try await raw.write(messages.flatMap { $0.serialized() })
        for expected in messages {
            guard case .message(let message, let source)? = try await events.take(where: { $0.message != nil }) else {
                Issue.record("message missing")
                return
            }
            #expect(message == expected)
            #expect(source.port == raw.localPort)
        }
        #expect(server.statistics.parseErrors == 0)
        try await withTimeout { await raw.close() }
        try await withTimeout { await server.close() }
        try await withTimeout { try await group.shutdownGracefully() }
    }

    @Test("RFC 3261 §18.3: a message written one byte at a time arrives whole")
    func oneMessageByteByByte() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let (server, address, events) = try await Self.server(group)
        let raw = try await RawTCPClient(group: group, host: address.host, port: address.port)
        let message = TestMessages.options(body: "v=0\r\nsplit into single bytes\r\n")
        try await raw.writeByteByByte(message.serialized())
        #expect(try await events.take { $0.message != nil }?.message == message)
        try await withTimeout { await raw.close() }
        try await withTimeout { await server.close() }
        try await withTimeout { try await group.shutdownGracefully() }
    }

    @Test("RFC 5626 §3.5.1: a CRLFCRLF ping gets a CRLF pong, also when split")
    func pingGetsPong() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let (server, address, events) = try await Self.server(group)
        let raw = try await RawTCPClient(group: group, host: address.host, port: address.port)
        try await raw.write([13, 10, 13, 10])
        #expect(try await raw.read(count: 2) == [13, 10])
        #expect(try await events.take { $0.keepAlive != nil }?.keepAlive == .ping)
        try await raw.writeByteByByte([13, 10, 13, 10])
        #expect(try await raw.read(count: 2) == [13, 10])
        // A message after the keep-alives still frames.
        let message = TestMessages.options()
        try await raw.write(message.serialized())
        #expect(try await events.take { $0.message != nil }?.message == message)
        #expect(server.statistics.keepAlivesReceived == 2)
        #expect(server.statistics.keepAlivesSent == 2)
        try await withTimeout { await raw.close() }
        try await withTimeout { await server.close() }
        try await withTimeout { try await group.shutdownGracefully() }
    }

    @Test("RFC 5626 §3.5.1: sendKeepAlivePing is answered and reported as a pong")
    func transportPing() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let (server, address, serverEvents) = try await Self.server(group)
        let client = SIPTCPTransport(group: group)
        let clientEvents = AsyncLog.collecting(client.events)
        await #expect(throws: SIPTransportError.noConnection(address)) { try await client.sendKeepAlivePing(to: address) }
        try await client.connect(to: address)
        try await client.sendKeepAlivePing(to: address)
        #expect(try await serverEvents.take { $0.keepAlive != nil }?.keepAlive == .ping)
        #expect(try await clientEvents.take { $0.keepAlive != nil }?.keepAlive == .pong)
        try await withTimeout { await client.close() }
        try await withTimeout { await server.close() }
        try await withTimeout { try await group.shutdownGracefully() }
    }

    @Test("SIPParserLimits: an over-size header section closes that connection as tooBig; the server keeps accepting")
    func oversizeHeaderClosesConnection() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let (server, address, events) = try await Self.server(group, limits: SIPParserLimits(maxHeaderSectionSize: 512))
        let raw = try await RawTCPClient(group: group, host: address.host, port: address.port)
        var flood = Array("INVITE sip:bob@127.0.0.1 SIP/2.0\r\n".utf8)
        for index in 0..<40 { flood += Array("X-Filler-\(index): \(String(repeating: "a", count: 40))\r\n".utf8) }
        try await raw.write(flood)
        #expect(try await raw.waitForClose())
        let failure = try #require(try await events.take { $0.parseFailure != nil }?.parseFailure)
        #expect(failure.isOverLimit)
        #expect(try await events.take { $0.connectionState == .disconnected(reason: .tooBig) } != nil)

        let second = try await RawTCPClient(group: group, host: address.host, port: address.port)
        let message = TestMessages.options()
        try await second.write(message.serialized())
        #expect(try await events.take { $0.message != nil }?.message == message)
        #expect(server.statistics.oversizeDropped == 1)
        try await withTimeout { await second.close() }
        try await withTimeout { await server.close() }
        try await withTimeout { try await group.shutdownGracefully() }
    }

    @Test("RFC 3261 §18.3: a stream message without Content-Length closes the connection as protocolError")
    func framingErrorClosesConnection() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let (server, address, events) = try await Self.server(group)
        let raw = try await RawTCPClient(group: group, host: address.host, port: address.port)
        let text = TestMessages.optionsText(contentLength: false)
        try await raw.write(Array(text.utf8))
        #expect(try await raw.waitForClose())
        #expect(try await events.take { $0.connectionState == .disconnected(reason: .protocolError) } != nil)
        #expect(server.statistics.parseErrors == 1)
        try await withTimeout { await server.close() }
        try await withTimeout { try await group.shutdownGracefully() }
    }

    @Test("connecting to a closed port fails with connectFailed and an abnormal disconnection")
    func connectFailure() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let (server, address, _) = try await Self.server(group)
        try await withTimeout { await server.close() }
        let client = SIPTCPTransport(group: group)
        let events = AsyncLog.collecting(client.events)
        await #expect(throws: SIPTransportError.self) { try await client.connect(to: address) }
        #expect(try await events.take { $0.connectionState == .disconnected(reason: .abnormal) } != nil)
        #expect(client.connectedPeers.isEmpty)
        try await withTimeout { await client.close() }
        try await withTimeout { try await group.shutdownGracefully() }
    }

    @Test("a connect or write made on seeing disconnected opens a fresh connection (20 rounds)")
    func reconnectRightAfterDisconnected() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let (server, address, serverEvents) = try await Self.server(group)
        let client = SIPTCPTransport(group: group)
        try await withTimeout(60) {
            // The client's events are read here, with no relay task, so the test acts as soon as
            // `disconnected` is emitted (before NIO completes the dead channel's closeFuture).
            var clientEvents = client.events.makeAsyncIterator()
            try await client.connect(to: address)
            var previous: SIPTransportAddress?
            for round in 0..<20 {
                let request = TestMessages.options(branch: "z9hG4bK-r\(round)")
                if round.isMultiple(of: 2) { try await client.connect(to: address) }
                try await client.write(request, to: address)
                guard case .message(let received, let source)? = try await serverEvents.take(where: { $0.message != nil }) else {
                    Issue.record("round \(round): message missing")
                    return
                }
                #expect(received == request)
                #expect(source != previous, "round \(round) reused the closed connection")
                previous = source
                await server.disconnect(from: source)
                while let event = await clientEvents.next() {
                    if case .connectionState(.disconnected, address) = event { break }
                }
                #expect(client.connectedPeers.isEmpty, "round \(round): the dead connection is still in the table")
            }
        }
        #expect(server.statistics.messagesReceived == 20)
        #expect(client.statistics.sendFailures == 0)
        try await withTimeout { await client.close() }
        try await withTimeout { await server.close() }
        try await withTimeout { try await group.shutdownGracefully() }
    }

    @Test("close shuts the listener and every connection, ends events; then the group shuts down")
    func shutdownClosesEverything() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let (server, address, serverEvents) = try await Self.server(group)
        let raw = try await RawTCPClient(group: group, host: address.host, port: address.port)
        let client = SIPTCPTransport(group: group)
        let clientEvents = AsyncLog.collecting(client.events)
        try await client.connect(to: address)
        try await raw.write(TestMessages.options().serialized())
        _ = try await serverEvents.take { $0.message != nil }

        try await withTimeout { await server.close() }
        #expect(try await raw.waitForClose())
        #expect(try await clientEvents.take { $0.connectionState == .disconnected(reason: .normal) } != nil)
        #expect(try await serverEvents.hasFinished())
        #expect(server.connectedPeers.isEmpty)
        #expect(throws: SIPTransportError.closed) { try server.send(TestMessages.options(), to: address) }
        await #expect(throws: (any Error).self) { _ = try await RawTCPClient(group: group, host: address.host, port: address.port) }
        try await withTimeout { await client.close() }
        #expect(try await clientEvents.hasFinished())
        try await withTimeout { try await group.shutdownGracefully() }
    }
}
