import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket
import SIPCore
import Synchronization

/// SIP over WebSocket, client side (RFC 7118), `ws://` or `wss://`: one connection to one
/// server, opened by `connect()` with an HTTP upgrade that offers and requires the `sip`
/// subprotocol (RFC 7118 §4.1).
///
/// For `wss://` the upgrade runs inside TLS, set up by a `SIPTLSConfiguration` (by default the
/// system's trust roots and full verification): the URL's host, when it is a name, is sent in
/// SNI and checked against the server's certificate (an IP literal is checked against the
/// certificate's IP addresses). A failed TLS handshake throws `tlsHandshakeFailed` from
/// `connect()`.
///
/// Each message goes out as one masked text frame (a binary frame when it is not UTF-8); each
/// received text or binary frame, reassembled from fragments up to the parser's
/// `maxMessageSize`, is one message parsed as a datagram: Content-Length is optional
/// (RFC 7118 §5). A larger frame closes the connection with 1009 (`.tooBig`); WebSocket pings
/// are answered; `close()` and `disconnect(code:)` run the closing handshake (RFC 6455 §7),
/// bounded by `closeTimeout`; the peer's close code is reported in `disconnected(reason:)`,
/// and a connection lost without a Close frame as `.abnormal` (1006).
///
/// Every message goes to the server: `send(_:to:)` and `write(_:to:)` accept only the server's
/// address (`serverAddress`, which is also the source of every received message) and throw
/// `noConnection` for any other; `send(_:)` and `write(_:)` take no address.
public final class SIPWebSocketTransport: SIPMessageTransport, Sendable {
    private struct Connection {
        let id: Int
        let outcome: SIPWebSocketHandshakeOutcome
    }

    private struct State {
        var connection: Connection?
        var localAddress: SIPTransportAddress?
        var nextID = 0
        var closed = false
    }

    /// Fragments a reassembled message may have at most.
    static let maxFragments = 1024

    /// The server's URL.
    public let url: SIPWebSocketURL
    /// The transport's settings; `parserOptions.limits.maxMessageSize` bounds a (reassembled)
    /// frame.
    public let configuration: SIPTransportConfiguration
    /// How long the opening handshake may take.
    public let handshakeTimeout: Duration
    /// How long the closing handshake may take before the connection is dropped.
    public let closeTimeout: Duration
    /// `.ws` or `.wss` (`SIP/2.0/WS` or `SIP/2.0/WSS` in a Via, RFC 7118 §5.2).
    public var kind: SIPTransportKind { url.kind }
    /// The TLS settings of a `wss://` connection (unused for `ws://`).
    public let tlsConfiguration: SIPTLSConfiguration
    /// Received messages, keep-alives, connection changes and parse errors; ends after `close()`.
    public var events: AsyncStream<SIPTransportEvent> { sink.events }

    private let group: any EventLoopGroup
    private let sink: SIPTransportEventSink
    private let state = Mutex(State())
    /// The TLS contexts of a `wss` URL; nil for `ws`.
    private let tls: SIPTLSContexts?

    /// Creates a transport for the server at `url`. For a `wss` URL, `tls` sets up TLS (its PEM
    /// files are read now: a bad one throws `tlsConfigurationFailed`); `ws` ignores it. The
    /// handshake timeout bounds the TLS and WebSocket handshakes together. Call `connect()`
    /// before sending.
    public init(url: SIPWebSocketURL, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                configuration: SIPTransportConfiguration = .default,
                handshakeTimeout: Duration = .seconds(10), closeTimeout: Duration = .seconds(2),
                tls: SIPTLSConfiguration = .default) throws(SIPTransportError) {
        self.tls = url.isSecure ? try SIPTLSContexts(tls, forServer: false) : nil
        self.tlsConfiguration = tls
        self.url = url
        self.group = group
        self.configuration = configuration
        self.handshakeTimeout = handshakeTimeout
        self.closeTimeout = closeTimeout
        self.sink = SIPTransportEventSink(bufferSize: configuration.eventBufferSize)
    }

    /// Creates a transport for the server at `url` (`ws://host[:port][/path]` or
    /// `wss://host[:port][/path]`); throws `invalidAddress` when the URL does not parse.
    public convenience init(url: String, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                            configuration: SIPTransportConfiguration = .default,
                            handshakeTimeout: Duration = .seconds(10), closeTimeout: Duration = .seconds(2),
                            tls: SIPTLSConfiguration = .default) throws(SIPTransportError) {
        guard let parsed = SIPWebSocketURL(url) else { throw .invalidAddress(url) }
        try self.init(url: parsed, group: group, configuration: configuration,
                      handshakeTimeout: handshakeTimeout, closeTimeout: closeTimeout, tls: tls)
    }

    /// The server's address (the URL's host and port): the peer of every event.
    public var serverAddress: SIPTransportAddress { url.address }

    /// The local address of the current connection; nil before the first connection.
    public var localAddress: SIPTransportAddress? { state.withLock { $0.localAddress } }

    /// A snapshot of the counters.
    public var statistics: SIPTransportStatistics { sink.statistics }

    /// A random host in the `.invalid` domain (RFC 7118 §5.2, RFC 6761 §6.4), e.g.
    /// `df7jal23ls0d.invalid`, for the Contact and Via of a client that cannot be reached
    /// at its socket address.
    public static func randomContactHost() -> String {
        var generator = SystemRandomNumberGenerator()
        return randomContactHost(using: &generator)
    }

    /// A random `.invalid` host drawn from `generator`: a letter, then 11 letters or digits.
    public static func randomContactHost<G: RandomNumberGenerator>(using generator: inout G) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        let alphanumerics = letters + Array("0123456789")
        var label = String(letters[Int.random(in: 0..<letters.count, using: &generator)])
        for _ in 0..<11 { label.append(alphanumerics[Int.random(in: 0..<alphanumerics.count, using: &generator)]) }
        return label + ".invalid"
    }

    // MARK: - Connecting

    /// Connects and upgrades to a SIP WebSocket unless a connection is open or opening, and
    /// waits until it carries messages. Throws `connectFailed` when TCP fails,
    /// `tlsHandshakeFailed` when TLS does (`wss`: untrusted or mismatched certificate) and
    /// `handshakeFailed` when the upgrade does (no 101, no `sip` subprotocol, timeout).
    public func connect() async throws(SIPTransportError) {
        let group = self.group
        let found = state.withLock { state -> (Connection, isNew: Bool)? in
            guard !state.closed else { return nil }
            if let connection = state.connection { return (connection, false) }
            state.nextID += 1
            let outcome = SIPWebSocketHandshakeOutcome(group.next().makePromise(of: (any Channel).self))
            let connection = Connection(id: state.nextID, outcome: outcome)
            state.connection = connection
            return (connection, true)
        }
        guard let (connection, isNew) = found else { throw .closed }
        if isNew { open(connection) }
        do {
            _ = try await connection.outcome.futureResult.get()
        } catch let error as SIPTransportError {
            throw error
        } catch {
            throw .connectFailed("\(url): \(error)")
        }
    }

    private func open(_ connection: Connection) {
        let (url, sink, outcome, id, tls) = (self.url, self.sink, connection.outcome, connection.id, self.tls)
        let options = configuration.parserOptions
        let handshakeTimeout = TimeAmount(self.handshakeTimeout)
        sink.emit(.connectionState(.connecting, peer: url.address))
        outcome.futureResult.whenFailure { [self] _ in
            forget(id)
            sink.emit(.connectionState(.disconnected(reason: .abnormal), peer: url.address))
        }
        let bootstrap = ClientBootstrap(group: group)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls { try Self.addTLS(to: channel, tls: tls, url: url, outcome: outcome) }
                    try Self.configure(channel, url: url, outcome: outcome, sink: sink, options: options) { [weak self] in
                        self?.forget(id)
                    }
                }
            }
        let connecting: EventLoopFuture<any Channel>
        if let socketAddress = try? url.address.socketAddress() {
            connecting = bootstrap.connect(to: socketAddress)
        } else {
            connecting = bootstrap.connect(host: url.host, port: url.port)
        }
        connecting.whenComplete { [self] result in
            switch result {
            case .success(let channel):
                let local = channel.localAddress.flatMap(SIPTransportAddress.init)
                state.withLock { $0.localAddress = local ?? $0.localAddress }
                let timer = channel.eventLoop.scheduleTask(in: handshakeTimeout) {
                    outcome.fail(.handshakeFailed(.timedOut))
                }
                outcome.futureResult.whenComplete { result in
                    timer.cancel()
                    if case .failure = result { channel.close(promise: nil) }
                }
                channel.closeFuture.whenComplete { [self] _ in forget(id) }
            case .failure(let error):
                outcome.fail(.connectFailed("\(url): \(error)"))
            }
        }
    }

    /// Adds the TLS client handler (SNI: the URL's host when it is a name) and the handler that
    /// fails the attempt with `tlsHandshakeFailed` when the handshake does; runs on the
    /// channel's event loop, before the HTTP handlers are added behind them.
    private static func addTLS(to channel: any Channel, tls: SIPTLSContexts, url: SIPWebSocketURL,
                               outcome: SIPWebSocketHandshakeOutcome) throws {
        let handler = try NIOSSLClientHandler(context: tls.client, serverHostname: tls.serverName(forHost: url.host))
        let handshake = channel.eventLoop.makePromise(of: Void.self)
        handshake.futureResult.whenFailure { error in
            outcome.fail((error as? SIPTransportError) ?? .tlsHandshakeFailed("\(error)"))
        }
        do {
            try channel.pipeline.syncOperations.addHandler(handler)
            try channel.pipeline.syncOperations.addHandler(
                SIPTLSHandshakeHandler(promise: handshake, timeout: TimeAmount(tls.configuration.handshakeTimeout)))
        } catch {
            handshake.fail(error)
            throw error
        }
    }

    /// Builds the HTTP client pipeline whose upgrade installs the frame aggregator and the SIP
    /// handler; runs on the channel's event loop.
    private static func configure(_ channel: any Channel, url: SIPWebSocketURL, outcome: SIPWebSocketHandshakeOutcome,
                                  sink: SIPTransportEventSink, options: SIPParserOptions,
                                  onClose: @escaping @Sendable () -> Void) throws {
        let maxSize = options.limits.maxMessageSize
        let upgrader = SIPWebSocketClientUpgrader(maxFrameSize: min(maxSize, Int(UInt32.max))) { channel, _ in
            channel.eventLoop.makeCompletedFuture {
                guard !outcome.isDecided else {
                    channel.close(promise: nil)
                    return
                }
                try channel.pipeline.syncOperations.addHandler(NIOWebSocketFrameAggregator(
                    minNonFinalFragmentSize: 0, maxAccumulatedFrameCount: maxFragments,
                    maxAccumulatedFrameSize: maxSize))
                try channel.pipeline.syncOperations.addHandler(
                    SIPWebSocketHandler(sink: sink, peer: url.address, options: options, onClose: onClose))
                outcome.succeed(channel)
            }
        }
        let encoder = HTTPRequestEncoder()
        let decoder = ByteToMessageHandler(HTTPResponseDecoder(leftOverBytesStrategy: .forwardBytes))
        let handshake = SIPWebSocketHandshakeHandler(url: url, outcome: outcome)
        let upgradeHandler = NIOHTTPClientUpgradeHandler(upgraders: [upgrader], httpHandlers: [encoder, decoder, handshake],
                                                         upgradeCompletionHandler: { _ in })
        try channel.pipeline.syncOperations.addHandlers([encoder, decoder, upgradeHandler, handshake])
    }

    /// Removes the connection `id` from the state if it is still the current one.
    private func forget(_ id: Int) {
        state.withLock { state in
            if state.connection?.id == id { state.connection = nil }
        }
    }

    // MARK: - Sending

    /// Queues `message` for the server without waiting; `address` must be `serverAddress`.
    public func send(_ message: SIPMessage, to address: SIPTransportAddress) throws(SIPTransportError) {
        try check(address)
        try send(message)
    }

    /// Queues `message` for the server without waiting; throws `noConnection` before `connect()`.
    public func send(_ message: SIPMessage) throws(SIPTransportError) {
        sink.countWhenDone(try enqueue(message.serialized()))
    }

    /// Sends `message` to the server and returns once written; `address` must be `serverAddress`.
    public func write(_ message: SIPMessage, to address: SIPTransportAddress) async throws(SIPTransportError) {
        try check(address)
        try await write(message)
    }

    /// Sends `message` to the server and returns once written.
    public func write(_ message: SIPMessage) async throws(SIPTransportError) {
        try await sink.awaitWrite(try enqueue(message.serialized()))
    }

    /// Sends a WebSocket ping (RFC 6455 §5.5.2); the pong arrives as a `keepAlive(.pong, from:)`
    /// event.
    public func sendKeepAlivePing() async throws(SIPTransportError) {
        let future = try currentChannel()
        do {
            let channel = try await future.get()
            try await channel.triggerUserOutboundEvent(SIPWebSocketHandler.PingRequest()).get()
        } catch {
            throw .writeFailed("\(error)")
        }
    }

    private func check(_ address: SIPTransportAddress) throws(SIPTransportError) {
        guard address == serverAddress else { throw .noConnection(address) }
    }

    private func currentChannel() throws(SIPTransportError) -> EventLoopFuture<any Channel> {
        let connection = try state.withLock { state throws(SIPTransportError) -> Connection in
            guard !state.closed else { throw .closed }
            guard let connection = state.connection else { throw .noConnection(url.address) }
            return connection
        }
        return connection.outcome.futureResult
    }

    private func enqueue(_ bytes: [UInt8]) throws(SIPTransportError) -> EventLoopFuture<Void> {
        try currentChannel().flatMap { channel in
            channel.writeAndFlush(channel.allocator.buffer(bytes: bytes))
        }
    }

    // MARK: - Closing

    /// Closes the current connection with `code` (closing handshake, bounded by
    /// `closeTimeout`), reported as `disconnected(reason: code)`; `connect()` may open a new one.
    public func disconnect(code: SIPCloseCode = .normal) async {
        let connection = state.withLock { state -> Connection? in
            defer { state.connection = nil }
            return state.connection
        }
        if let connection { await shutdown(connection, code: code) }
    }

    /// Closes the connection with 1000 (waiting at most `closeTimeout` for the server's Close)
    /// and ends `events` after the disconnection.
    public func close() async {
        let connection = state.withLock { state -> Connection? in
            state.closed = true
            defer { state.connection = nil }
            return state.connection
        }
        if let connection { await shutdown(connection, code: .normal) }
        sink.finish()
    }

    private func shutdown(_ connection: Connection, code: SIPCloseCode) async {
        // A connection still opening is abandoned (its raw channel closes on failure).
        connection.outcome.fail(.closed)
        guard let channel = try? await connection.outcome.futureResult.get() else { return }
        let request = SIPWebSocketHandler.CloseRequest(code: code, timeout: TimeAmount(closeTimeout))
        try? await channel.triggerUserOutboundEvent(request).get()
        try? await channel.closeFuture.get()
    }
}
