import NIOCore
import NIOPosix
import SIPCore
import Synchronization

/// SIP over UDP (RFC 3261 §18.1.1, §18.2.1, §18.3): one bound datagram socket that parses each
/// received datagram with the strict parser and sends messages to any address.
///
/// Received datagrams become `events` on the event loop with no actor hop. A datagram that does
/// not parse is counted and reported as `parseError` (with the validator's rejection when it is
/// a request with a readable Request-Line); one larger than `SIPParserLimits.maxMessageSize` is
/// dropped and counted. Nothing a peer sends stops the transport.
public final class SIPUDPTransport: SIPMessageTransport, Sendable {
    /// The largest UDP payload over IPv4 (65 535 − 8 − 20).
    public static let maxDatagramSize = 65_507

    /// Always `.udp`.
    public var kind: SIPTransportKind { .udp }
    /// The bound address (with the port the system chose when bound to port 0).
    public let localAddress: SIPTransportAddress?
    /// Received messages, keep-alives and parse errors; ends after `close()`.
    public var events: AsyncStream<SIPTransportEvent> { sink.events }
    /// The transport's settings.
    public let configuration: SIPTransportConfiguration

    private let channel: any Channel
    private let sink: SIPTransportEventSink
    private let closed = Mutex(false)

    private init(channel: any Channel, sink: SIPTransportEventSink, configuration: SIPTransportConfiguration) {
        self.channel = channel
        self.sink = sink
        self.configuration = configuration
        self.localAddress = channel.localAddress.flatMap(SIPTransportAddress.init)
    }

    /// Binds a datagram socket on `host` (an IP literal) and `port` (0 picks an ephemeral port;
    /// `localAddress` tells which).
    public static func bind(host: String, port: Int,
                            group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                            configuration: SIPTransportConfiguration = .default) async throws(SIPTransportError) -> SIPUDPTransport {
        let address = try SIPTransportAddress(host: host, port: port).socketAddress()
        let sink = SIPTransportEventSink(bufferSize: configuration.eventBufferSize)
        let bootstrap = DatagramBootstrap(group: group)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            // Room for the largest datagram, so an oversize one is seen whole and dropped, never truncated.
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 65_536))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        SIPDatagramHandler(sink: sink, configuration: configuration))
                }
            }
        do {
            let channel = try await bootstrap.bind(to: address).get()
            return SIPUDPTransport(channel: channel, sink: sink, configuration: configuration)
        } catch {
            sink.finish()
            throw .bindFailed("\(address): \(error)")
        }
    }

    /// A snapshot of the counters.
    public var statistics: SIPTransportStatistics { sink.statistics }

    /// Queues `message` as one datagram to `address` (an IP literal) without waiting.
    public func send(_ message: SIPMessage, to address: SIPTransportAddress) throws(SIPTransportError) {
        try send(bytes: message.serialized(), to: address)
    }

    /// Queues `bytes` as one datagram to `address` without waiting.
    public func send(bytes: [UInt8], to address: SIPTransportAddress) throws(SIPTransportError) {
        sink.countWhenDone(try enqueue(bytes, to: address))
    }

    /// Sends `message` as one datagram and returns when the socket has taken it.
    public func write(_ message: SIPMessage, to address: SIPTransportAddress) async throws(SIPTransportError) {
        try await write(bytes: message.serialized(), to: address)
    }

    /// Sends `bytes` as one datagram and returns when the socket has taken them.
    public func write(bytes: [UInt8], to address: SIPTransportAddress) async throws(SIPTransportError) {
        try await sink.awaitWrite(try enqueue(bytes, to: address))
    }

    private func enqueue(_ bytes: [UInt8], to address: SIPTransportAddress) throws(SIPTransportError) -> EventLoopFuture<Void> {
        guard !closed.withLock({ $0 }) else { throw .closed }
        guard bytes.count <= Self.maxDatagramSize else { throw .messageTooLarge(bytes.count) }
        let remote = try address.socketAddress()
        let envelope = AddressedEnvelope(remoteAddress: remote, data: channel.allocator.buffer(bytes: bytes))
        return channel.writeAndFlush(envelope)
    }

    /// Closes the socket and ends `events`.
    public func close() async {
        let wasClosed = closed.withLock { value -> Bool in
            defer { value = true }
            return value
        }
        if !wasClosed {
            try? await channel.close()
        }
        sink.finish()
    }
}
