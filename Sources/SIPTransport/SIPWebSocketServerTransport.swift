import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket
import SIPCore
import Synchronization

/// The server side of SIP over WebSocket (RFC 7118): listens for HTTP connections, upgrades
/// those that offer the `sip` subprotocol (RFC 7118 §4.1: the 101 names it), and then carries
/// one SIP message per frame, unmasked (RFC 6455 §5.1), with the same framing, pings and close
/// handshake as the client (`SIPWebSocketHandler`).
///
/// A request that is not a WebSocket upgrade, or that does not offer `sip`, is answered with
/// 400 and closed. Connections are kept by the peer's address: `send(_:to:)` writes on the
/// connection that address opened (a server cannot open a WebSocket to a client; an address
/// with no open connection is `noConnection`).
public final class SIPWebSocketServerTransport: SIPMessageTransport, Sendable {
    private struct State: SIPListenerState {
        var listener: (any Channel)?
        var localAddress: SIPTransportAddress?
        var connections: [SIPTransportAddress: any Channel] = [:]
        var closed = false
    }

    /// `.ws` (Via `SIP/2.0/WS`).
    public var kind: SIPTransportKind { .ws }
    /// The transport's settings.
    public let configuration: SIPTransportConfiguration
    /// Received messages, keep-alives, connection changes and framing errors; ends after `close()`.
    public var events: AsyncStream<SIPTransportEvent> { sink.events }

    private let group: any EventLoopGroup
    private let sink: SIPTransportEventSink
    private let state = Mutex(State())

    /// A transport with no socket yet: call `listen(host:port:)`.
    public init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                configuration: SIPTransportConfiguration = .default) {
        self.group = group
        self.configuration = configuration
        sink = SIPTransportEventSink(bufferSize: configuration.eventBufferSize)
    }

    /// The address listened on, once `listen` has returned.
    public var localAddress: SIPTransportAddress? { state.withLock { $0.localAddress } }

    /// A snapshot of the counters.
    public var statistics: SIPTransportStatistics { sink.statistics }

    /// The peers with an upgraded connection.
    public var connectedPeers: [SIPTransportAddress] { state.withLock { Array($0.connections.keys) } }

    /// Listens on `host` (an IP literal) and `port` (0: an ephemeral port); returns the bound
    /// address. A transport listens on one address at most.
    @discardableResult
    public func listen(host: String, port: Int) async throws(SIPTransportError) -> SIPTransportAddress {
        let address = try SIPTransportAddress(host: host, port: port).socketAddress()
        guard !state.withLock({ $0.closed }) else { throw .closed }
        let options = configuration.parserOptions
        let maxSize = options.limits.maxMessageSize
        let sink = self.sink
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { [self] channel in
                guard let peer = channel.remoteAddress.flatMap(SIPTransportAddress.init) else {
                    return channel.close()
                }
                let upgrader = NIOWebSocketServerUpgrader(
                    maxFrameSize: min(maxSize, Int(UInt32.max)),
                    shouldUpgrade: { channel, head in
                        // RFC 7118 §4.1: only a client offering `sip` is upgraded, and the 101 names it.
                        channel.eventLoop.makeSucceededFuture(
                            Self.offersSIP(head.headers) ? HTTPHeaders([("Sec-WebSocket-Protocol", "sip")]) : nil)
                    },
                    upgradePipelineHandler: { channel, _ in
                        // The refusal responder is for HTTP only: frames must not reach it.
                        channel.pipeline.removeHandler(name: Self.refusalHandlerName).flatMapThrowing {
                            try channel.pipeline.syncOperations.addHandler(NIOWebSocketFrameAggregator(
                                minNonFinalFragmentSize: 0, maxAccumulatedFrameCount: 1024, maxAccumulatedFrameSize: maxSize))
                            try channel.pipeline.syncOperations.addHandler(SIPWebSocketHandler(
                                sink: sink, peer: peer, options: options, masksFrames: false,
                                onClose: { [weak self] in self?.forget(peer, channel: channel) }))
                            self.adopt(channel, peer: peer)
                        }
                    })
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                        withServerUpgrade: (upgraders: [upgrader], completionHandler: { _ in }))
                    try channel.pipeline.syncOperations.addHandler(NotWebSocketResponder(), name: Self.refusalHandlerName)
                }
            }
        return try await SIPListenerBinding.bind(bootstrap, to: address, host: host, port: port, state: state)
    }

    static let refusalHandlerName = "sip-websocket-refusal"

    /// Whether the handshake's `Sec-WebSocket-Protocol` values include `sip` (case-insensitive).
    static func offersSIP(_ headers: HTTPHeaders) -> Bool {
        headers["Sec-WebSocket-Protocol"].flatMap { $0.split(separator: ",") }
            .contains { $0.filter { $0 != " " && $0 != "\t" }.lowercased() == "sip" }
    }

    private func adopt(_ channel: any Channel, peer: SIPTransportAddress) {
        let closed = state.withLock { state -> Bool in
            guard !state.closed else { return true }
            state.connections[peer] = channel
            return false
        }
        if closed { channel.close(promise: nil) }
    }

    private func forget(_ peer: SIPTransportAddress, channel: any Channel) {
        state.withLock { state in
            if let current = state.connections[peer], current === channel { state.connections[peer] = nil }
        }
    }

    // MARK: - Sending

    /// Queues `message` on the connection `address` opened, without waiting.
    public func send(_ message: SIPMessage, to address: SIPTransportAddress) throws(SIPTransportError) {
        sink.countWhenDone(try enqueue(message.serialized(), to: address))
    }

    /// Sends `message` on the connection `address` opened and returns when it has been written.
    public func write(_ message: SIPMessage, to address: SIPTransportAddress) async throws(SIPTransportError) {
        try await sink.awaitWrite(try enqueue(message.serialized(), to: address))
    }

    private func enqueue(_ bytes: [UInt8], to address: SIPTransportAddress) throws(SIPTransportError) -> EventLoopFuture<Void> {
        let channel = state.withLock { $0.closed ? nil : $0.connections[address] }
        guard let channel else {
            if state.withLock({ $0.closed }) { throw .closed }
            throw .noConnection(address)
        }
        return channel.writeAndFlush(channel.allocator.buffer(bytes: bytes))
    }

    /// Closes the connection `address` opened, if any, with 1000.
    public func disconnect(from address: SIPTransportAddress) async {
        guard let channel = state.withLock({ $0.connections.removeValue(forKey: address) }) else { return }
        channel.triggerUserOutboundEvent(SIPWebSocketHandler.CloseRequest(code: .normal, timeout: .seconds(2)), promise: nil)
        try? await channel.closeFuture.get()
    }

    /// Stops listening, closes every connection and ends `events` after their disconnections.
    public func close() async {
        let (listener, channels) = state.withLock { state -> ((any Channel)?, [any Channel]) in
            state.closed = true
            defer {
                state.listener = nil
                state.connections = [:]
            }
            return (state.listener, Array(state.connections.values))
        }
        if let listener { try? await listener.close() }
        for channel in channels {
            try? await channel.close()
            try? await channel.closeFuture.get()
        }
        sink.finish()
    }
}

/// Answers any HTTP request that did not become a SIP WebSocket with 400 and closes.
private final class NotWebSocketResponder: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .end = unwrapInboundIn(data) else { return }
        let body = context.channel.allocator.buffer(string: "SIP over WebSocket only (RFC 7118): upgrade with the sip subprotocol\n")
        let headers = HTTPHeaders([("Content-Length", "\(body.readableBytes)"), ("Connection", "close"),
                                   ("Content-Type", "text/plain")])
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .badRequest, headers: headers))),
                      promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}
