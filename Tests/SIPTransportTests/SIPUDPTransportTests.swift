import NIOCore
import NIOPosix
import SIPCore
import SIPTransport
import Testing

/// SIP over UDP on loopback, ephemeral ports (RFC 3261 §18.1.1, §18.2.1, §18.3).
@Suite struct SIPUDPTransportTests {
    private static func pair(_ group: any EventLoopGroup,
                             configuration: SIPTransportConfiguration = .default) async throws
        -> (SIPUDPTransport, SIPUDPTransport) {
        let a = try await SIPUDPTransport.bind(host: "127.0.0.1", port: 0, group: group)
        let b = try await SIPUDPTransport.bind(host: "127.0.0.1", port: 0, group: group, configuration: configuration)
        return (a, b)
    }

    @Test("RFC 3261 §18.1.1/§18.2.2: a request and its response cross between two transports unchanged")
    func roundTrip() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let (a, b) = try await Self.pair(group)
        let aEvents = AsyncLog.collecting(a.events)
        let bEvents = AsyncLog.collecting(b.events)
        let aAddress = try #require(a.localAddress)
        let bAddress = try #require(b.localAddress)
        #expect(aAddress.host == "127.0.0.1" && aAddress.port != 0)
        #expect(a.kind == .udp)

        let request = TestMessages.options(body: "hello over udp")
        try await a.write(request, to: bAddress)
        let received = try #require(try await bEvents.take { $0.message != nil })
        guard case .message(let message, let source) = received else { Issue.record("not a message"); return }
        #expect(message == request)
        #expect(message.serialized() == request.serialized())
        #expect(source == aAddress)

        let response = try SIPMessageBuilder.response(to: message, status: 200, toTag: "abc")
        try b.send(response, to: source)
        let reply = try #require(try await aEvents.take { $0.message != nil }?.message)
        #expect(reply == response)
        #expect(reply.statusCode == 200)

        #expect(b.statistics.messagesReceived == 1)
        #expect(a.statistics.messagesSent == 1)
        try await withTimeout { await a.close() }
        try await withTimeout { await b.close() }
        #expect(try await aEvents.hasFinished())
        try await withTimeout { try await group.shutdownGracefully() }
    }

    @Test("RFC 3261 §18.3: a garbage datagram is counted and reported; the transport keeps working")
    func garbageIsCounted() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let (a, b) = try await Self.pair(group)
        let bEvents = AsyncLog.collecting(b.events)
        let bAddress = try #require(b.localAddress)

        let garbage = Array("\u{01}\u{02}not sip at all\r\n\r\n".utf8)
        try await a.write(bytes: garbage, to: bAddress)
        let failure = try #require(try await bEvents.take { $0.parseFailure != nil }?.parseFailure)
        #expect(failure.count == 1)
        #expect(failure.bytes == garbage)
        #expect(failure.source == a.localAddress)
        #expect(failure.validation == nil)
        #expect(failure.rejectionResponse() == nil)

        let request = TestMessages.options()
        try await a.write(request, to: bAddress)
        #expect(try await bEvents.take { $0.message != nil }?.message == request)
        #expect(b.statistics.parseErrors == 1)
        #expect(b.statistics.messagesReceived == 1)
        try await withTimeout { await a.close() }
        try await withTimeout { await b.close() }
        try await withTimeout { try await group.shutdownGracefully() }
    }

    @Test("RFC 3261 §8.2/§21.4.1: a request with a readable Request-Line that fails to parse gets a 400")
    func malformedRequestIsAnswered() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let configuration = SIPTransportConfiguration(answersMalformedRequests: true)
        let (a, b) = try await Self.pair(group, configuration: configuration)
        let aEvents = AsyncLog.collecting(a.events)
        let bEvents = AsyncLog.collecting(b.events)
        let bytes = Array(TestMessages.optionsText(maxForwardsLine: "this line has no colon").utf8)
        #expect(throws: SIPParseError.self) { try SIPMessage(parsing: bytes) }

        try await a.write(bytes: bytes, to: try #require(b.localAddress))
        let failure = try #require(try await bEvents.take { $0.parseFailure != nil }?.parseFailure)
        #expect(failure.validation?.rejection?.status == 400)
        let answer = try #require(try await aEvents.take { $0.message != nil }?.message)
        #expect(answer.statusCode == 400)
        #expect(answer.value(.callID) == "a84b4c76e66710@127.0.0.1")
        #expect(answer.cseq?.description == "63104 OPTIONS")
        #expect(b.statistics.rejectionsSent == 1)
        try await withTimeout { await a.close() }
        try await withTimeout { await b.close() }
        try await withTimeout { try await group.shutdownGracefully() }
    }

    @Test("SIPParserLimits: a datagram over maxMessageSize is dropped and counted")
    func oversizeIsDropped() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let limits = SIPParserLimits(maxMessageSize: 1000)
        let (a, b) = try await Self.pair(group, configuration: SIPTransportConfiguration(
            parserOptions: SIPParserOptions(limits: limits)))
        let bEvents = AsyncLog.collecting(b.events)
        let bAddress = try #require(b.localAddress)

        let big = TestMessages.options(body: String(repeating: "x", count: 1500))
        try await a.write(big, to: bAddress)
        let failure = try #require(try await bEvents.take { $0.parseFailure != nil }?.parseFailure)
        #expect(failure.isOverLimit)
        let small = TestMessages.options()
        try await a.write(small, to: bAddress)
        #expect(try await bEvents.take { $0.message != nil }?.message == small)
        #expect(b.statistics.oversizeDropped == 1)
        #expect(b.statistics.parseErrors == 1)
        try await withTimeout { await a.close() }
        try await withTimeout { await b.close() }
        try await withTimeout { try await group.shutdownGracefully() }
    }

    @Test("RFC 5626 §3.5.1: a CRLFCRLF datagram is a keep-alive, not an error")
    func keepAliveDatagram() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let (a, b) = try await Self.pair(group)
        let bEvents = AsyncLog.collecting(b.events)
        try await a.write(bytes: [13, 10, 13, 10], to: try #require(b.localAddress))
        let event = try #require(try await bEvents.take { $0.keepAlive != nil })
        #expect(event.keepAlive == .ping)
        #expect(b.statistics.parseErrors == 0)
        #expect(b.statistics.keepAlivesReceived == 1)
        try await withTimeout { await a.close() }
        try await withTimeout { await b.close() }
        try await withTimeout { try await group.shutdownGracefully() }
    }

    @Test("close ends the events stream; sending afterwards throws .closed; names must be IP literals")
    func closeAndErrors() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let a = try await SIPUDPTransport.bind(host: "127.0.0.1", port: 0, group: group)
        let events = AsyncLog.collecting(a.events)
        #expect(throws: SIPTransportError.invalidAddress("example.invalid:5060")) {
            try a.send(TestMessages.options(), to: SIPTransportAddress(host: "example.invalid", port: 5060))
        }
        #expect(throws: SIPTransportError.messageTooLarge(70_000)) {
            try a.send(bytes: [UInt8](repeating: 65, count: 70_000), to: SIPTransportAddress(host: "127.0.0.1", port: 9))
        }
        try await withTimeout { await a.close() }
        #expect(try await events.hasFinished())
        #expect(throws: SIPTransportError.closed) {
            try a.send(TestMessages.options(), to: SIPTransportAddress(host: "127.0.0.1", port: 9))
        }
        await #expect(throws: SIPTransportError.self) {
            _ = try await SIPUDPTransport.bind(host: "not-an-ip", port: 0, group: group)
        }
        try await withTimeout { try await group.shutdownGracefully() }
    }
}
