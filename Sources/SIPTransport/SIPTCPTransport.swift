import NIOCore
import NIOPosix
import NIOSSL
import SIPCore
import Synchronization

/// SIP over TCP (RFC 3261 §18), or over TLS (RFC 3261 §26.2, RFC 5630) when created with a
/// `SIPTLSConfiguration`: listens for connections, connects to peers, frames each connection by
/// Content-Length with a `SIPStreamFramer` and answers CRLF keep-alive pings (RFC 5626 §3.5.1).
///
/// Over TLS the same framing, keep-alives and close reasons apply to the decrypted stream; a
/// connection is reported `connected` once its handshake has completed, and `connect(to:)`
/// returns only then. A failed handshake (an untrusted or mismatched certificate, a refused
/// client certificate, a timeout) throws `tlsHandshakeFailed` from `connect(to:)` and is reported
/// as `disconnected(reason: .abnormal)`; messages queued on that connection fail.
///
/// Connections are kept in a table by peer address: a connection accepted from a peer is keyed
/// by its remote address, one opened by `connect(to:)` or `send` by the address connected to.
/// Sending to an address with an open (or opening) connection uses it (RFC 3261 §18.1.1,
/// §18.2.2); sending to any other address opens a connection first. A framing error or an
/// over-limit message closes only that connection, reported as `disconnected(reason:)`.
public final class SIPTCPTransport: SIPMessageTransport, Sendable {
    private struct Entry {
        let id: Int
        let channel: EventLoopFuture<any Channel>
        /// The promise a connection being opened by this transport completes.
        let promise: EventLoopPromise<any Channel>?

        init(id: Int, channel: EventLoopFuture<any Channel>) {
            self.id = id
            self.channel = channel
            self.promise = nil
        }

        init(id: Int, promise: EventLoopPromise<any Channel>) {
            self.id = id
            self.channel = promise.futureResult
            self.promise = promise
        }
    }

    private struct State: SIPListenerState {
        var listener: (any Channel)?
        var localAddress: SIPTransportAddress?
        var connections: [SIPTransportAddress: Entry] = [:]
        var nextID = 0
        var closed = false
    }

    /// `.tcp`, or `.tls` when created with a TLS configuration (Via `SIP/2.0/TLS`).
    public var kind: SIPTransportKind { tls == nil ? .tcp : .tls }
    /// The TLS settings; nil for plain TCP.
    public var tlsConfiguration: SIPTLSConfiguration? { tls?.configuration }
    /// The transport's settings.
    public let configuration: SIPTransportConfiguration
    /// Received messages, keep-alives, connection changes and framing errors; ends after `close()`.
    public var events: AsyncStream<SIPTransportEvent> { sink.events }

    private let group: any EventLoopGroup
    private let sink: SIPTransportEventSink
    private let state = Mutex(State())
    private let tls: SIPTLSContexts?

    /// Creates a plain TCP transport with no socket yet: call `listen(host:port:)` to accept
    /// connections, `connect(to:)` or `send` to open them.
    public convenience init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                            configuration: SIPTransportConfiguration = .default) {
        self.init(group: group, configuration: configuration, contexts: nil)
    }

    /// Creates a TLS transport (kind `.tls`) with no socket yet. Reads the configuration's PEM
    /// files now and throws `tlsConfigurationFailed` when one cannot be used; `listen` needs the
    /// configuration's certificate chain and private key.
    public convenience init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                            configuration: SIPTransportConfiguration = .default,
                            tls: SIPTLSConfiguration) throws(SIPTransportError) {
        self.init(group: group, configuration: configuration, contexts: try SIPTLSContexts(tls, forServer: true))
    }

    private init(group: any EventLoopGroup, configuration: SIPTransportConfiguration, contexts: SIPTLSContexts?) {
        self.group = group
        self.configuration = configuration
        self.sink = SIPTransportEventSink(bufferSize: configuration.eventBufferSize)
        self.tls = contexts
    }

    /// The address listened on, once `listen` has returned; nil for a client-only transport.
    public var localAddress: SIPTransportAddress? { state.withLock { $0.localAddress } }

    /// A snapshot of the counters.
    public var statistics: SIPTransportStatistics { sink.statistics }

    /// The peers with an open or opening connection.
    public var connectedPeers: [SIPTransportAddress] { state.withLock { Array($0.connections.keys) } }

    /// Listens on `host` (an IP literal) and `port` (0 picks an ephemeral port) and returns the
    /// bound address; a transport listens on one address at most. Over TLS the configuration
    /// must have a certificate chain and private key (else `tlsConfigurationFailed`).
    @discardableResult
    public func listen(host: String, port: Int) async throws(SIPTransportError) -> SIPTransportAddress {
        let address = try SIPTransportAddress(host: host, port: port).socketAddress()
        guard !state.withLock({ $0.closed }) else { throw .closed }
        if let tls, tls.server == nil {
            throw .tlsConfigurationFailed("listening over TLS needs a certificate chain and a private key")
        }
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { [self] channel in
                guard let peer = channel.remoteAddress.flatMap(SIPTransportAddress.init) else {
                    return channel.close()
                }
                return channel.eventLoop.makeCompletedFuture {
                    // Registered first, so the handler knows which table entry to clear.
                    guard let id = self.register(channel, for: peer) else {
                        channel.close(promise: nil)
                        return
                    }
                    try self.configure(channel, peer: peer, id: id, handshake: self.acceptHandshake(on: channel))
                }
            }
        return try await SIPListenerBinding.bind(bootstrap, to: address, host: host, port: port, state: state)
    }

    /// Opens a connection to `address` unless one is open or opening, and waits until it is
    /// connected (over TLS: until the handshake has completed). Throws `connectFailed` when TCP
    /// fails and `tlsHandshakeFailed` when the handshake does.
    ///
    /// Over TLS, `serverName` is the name sent in SNI and checked against the server's
    /// certificate (RFC 5922 §7.2: the SIP domain being reached), used when this call opens the
    /// connection; nil takes the configuration's `serverName`, else `address.host` when it is a
    /// name (an IP literal is checked against the certificate's IP addresses). Plain TCP
    /// ignores it.
    public func connect(to address: SIPTransportAddress, serverName: String? = nil) async throws(SIPTransportError) {
        let future = try connection(to: address, serverName: serverName)
        do {
            _ = try await future.get()
        } catch let error as SIPTransportError {
            throw error
        } catch {
            throw .connectFailed("\(address): \(error)")
        }
    }

    /// The local address of the open connection to `peer` (the address a Via sent-by or a
    /// Contact can name when the transport does not listen); nil when there is none.
    public func localAddress(toward peer: SIPTransportAddress) async -> SIPTransportAddress? {
        guard let entry = state.withLock({ $0.closed ? nil : $0.connections[peer] }),
              let channel = try? await entry.channel.get() else { return nil }
        return channel.localAddress.flatMap(SIPTransportAddress.init)
    }

    /// Queues `message` on the connection to `address` (opening one if needed) without waiting.
    public func send(_ message: SIPMessage, to address: SIPTransportAddress) throws(SIPTransportError) {
        try send(bytes: message.serialized(), to: address)
    }

    /// Queues `bytes` on the connection to `address` (opening one if needed) without waiting.
    public func send(bytes: [UInt8], to address: SIPTransportAddress) throws(SIPTransportError) {
        sink.countWhenDone(try enqueue(bytes, to: address))
    }

    /// Sends `message` on the connection to `address` (opening one if needed) and returns when
    /// it has been written.
    public func write(_ message: SIPMessage, to address: SIPTransportAddress) async throws(SIPTransportError) {
        try await write(bytes: message.serialized(), to: address)
    }

    /// Sends `bytes` on the connection to `address` (opening one if needed) and returns when
    /// they have been written.
    public func write(bytes: [UInt8], to address: SIPTransportAddress) async throws(SIPTransportError) {
        try await sink.awaitWrite(try enqueue(bytes, to: address))
    }

    /// Sends a `CRLFCRLF` keep-alive ping on the open connection to `address` (RFC 5626
    /// §3.5.1); the pong arrives as a `keepAlive(.pong, from:)` event.
    public func sendKeepAlivePing(to address: SIPTransportAddress) async throws(SIPTransportError) {
        guard let entry = state.withLock({ $0.closed ? nil : $0.connections[address] }) else {
            throw .noConnection(address)
        }
        do {
            let channel = try await entry.channel.get()
            try await channel.triggerUserOutboundEvent(SIPStreamHandler.PingRequest()).get()
        } catch {
            throw .writeFailed("\(error)")
        }
    }

    /// Closes the connection to `address`, if any, reporting `disconnected(reason: .normal)`.
    public func disconnect(from address: SIPTransportAddress) async {
        guard let entry = state.withLock({ $0.connections.removeValue(forKey: address) }) else { return }
        if let channel = try? await entry.channel.get() {
            try? await channel.close()
        }
    }

    /// Stops listening, closes every connection and ends `events` after their disconnections.
    public func close() async {
        let (listener, entries) = state.withLock { state -> ((any Channel)?, [Entry]) in
            state.closed = true
            defer {
                state.listener = nil
                state.connections = [:]
            }
            return (state.listener, Array(state.connections.values))
        }
        if let listener { try? await listener.close() }
        for entry in entries {
            guard let channel = try? await entry.channel.get() else { continue }
            try? await channel.close()
            try? await channel.closeFuture.get()
        }
        sink.finish()
    }

    // MARK: - Connections

    private func enqueue(_ bytes: [UInt8], to address: SIPTransportAddress) throws(SIPTransportError) -> EventLoopFuture<Void> {
        let future = try connection(to: address)
        return future.flatMap { channel in
            channel.writeAndFlush(channel.allocator.buffer(bytes: bytes))
        }
    }

    /// The open or opening connection to `address`, or a new one (over TLS, to `serverName`).
    private func connection(to address: SIPTransportAddress,
                            serverName: String? = nil) throws(SIPTransportError) -> EventLoopFuture<any Channel> {
        guard (1...65535).contains(address.port), !address.host.isEmpty else { throw .invalidAddress(address.description) }
        let group = self.group
        let found = state.withLock { state -> (Entry, isNew: Bool)? in
            guard !state.closed else { return nil }
            if let entry = state.connections[address] { return (entry, false) }
            state.nextID += 1
            let entry = Entry(id: state.nextID, promise: group.next().makePromise(of: (any Channel).self))
            state.connections[address] = entry
            return (entry, true)
        }
        guard let (entry, isNew) = found else { throw .closed }
        if isNew, let promise = entry.promise { open(address, serverName: serverName, id: entry.id, promise: promise) }
        return entry.channel
    }

    private func open(_ address: SIPTransportAddress, serverName: String?, id: Int, promise: EventLoopPromise<any Channel>) {
        sink.emit(.connectionState(.connecting, peer: address))
        // Over TLS the connection is handed out once the handshake has completed.
        let handshake = tls.map { _ in group.next().makePromise(of: Void.self) }
        let bootstrap = ClientBootstrap(group: group)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls, let handshake {
                        let name = tls.serverName(forHost: address.host, override: serverName)
                        try channel.pipeline.syncOperations.addHandlers([
                            try NIOSSLClientHandler(context: tls.client, serverHostname: name),
                            SIPTLSHandshakeHandler(promise: handshake, timeout: TimeAmount(tls.configuration.handshakeTimeout)),
                        ])
                    }
                    try self.configure(channel, peer: address, id: id, handshake: handshake)
                }
            }
        let connecting: EventLoopFuture<any Channel>
        if let socketAddress = try? address.socketAddress() {
            connecting = bootstrap.connect(to: socketAddress)
        } else {
            connecting = bootstrap.connect(host: address.host, port: address.port)
        }
        connecting.whenComplete { [self] result in
            switch result {
            case .success(let channel):
                watchClose(of: channel, for: address, id: id)
                guard let handshake else {
                    promise.succeed(channel)
                    return
                }
                handshake.futureResult.whenComplete { [self] result in
                    switch result {
                    case .success:
                        promise.succeed(channel)
                    case .failure(let error):
                        forget(address, id: id)
                        sink.emit(.connectionState(.disconnected(reason: .abnormal), peer: address))
                        channel.close(promise: nil)
                        promise.fail(error)
                    }
                }
            case .failure(let error):
                handshake?.fail(error)
                forget(address, id: id)
                sink.emit(.connectionState(.disconnected(reason: .abnormal), peer: address))
                promise.fail(error)
            }
        }
    }

    /// Over TLS, adds the server-side TLS handlers to an accepted channel and returns the
    /// handshake promise (which nothing waits for: a failed handshake just closes the
    /// connection); nil for plain TCP. Runs on the channel's event loop.
    private func acceptHandshake(on channel: any Channel) throws -> EventLoopPromise<Void>? {
        guard let tls, let context = tls.server else { return nil }
        let handshake = channel.eventLoop.makePromise(of: Void.self)
        do {
            try channel.pipeline.syncOperations.addHandlers([
                NIOSSLServerHandler(context: context),
                SIPTLSHandshakeHandler(promise: handshake, timeout: TimeAmount(tls.configuration.handshakeTimeout)),
            ])
        } catch {
            handshake.fail(error)
            throw error
        }
        return handshake
    }

    /// Adds the framing handler, which forgets the table entry `id` for `peer` when the
    /// connection goes inactive, before it emits `disconnected` (NIO completes `closeFuture`
    /// only after `channelInactive`, so waiting for it would leave a dead entry that a
    /// `connect` or `send` made on seeing `disconnected` could pick up); runs on the channel's
    /// event loop.
    /// Over TLS (`handshake` not nil) the TLS handlers are already in place and the stream
    /// handler opens the connection at the end of the handshake.
    private func configure(_ channel: any Channel, peer: SIPTransportAddress, id: Int,
                           handshake: EventLoopPromise<Void>?) throws {
        try channel.pipeline.syncOperations.addHandler(
            SIPStreamHandler(options: configuration.parserOptions, sink: sink, peer: peer,
                             waitsForTLSHandshake: handshake != nil) { [weak self] in
                self?.forget(peer, id: id)
            })
    }

    /// Records an accepted connection and returns its entry's id; nil when the transport is
    /// closed (the caller closes the channel then).
    private func register(_ channel: any Channel, for peer: SIPTransportAddress) -> Int? {
        let id = state.withLock { state -> Int? in
            guard !state.closed else { return nil }
            state.nextID += 1
            state.connections[peer] = Entry(id: state.nextID, channel: channel.eventLoop.makeSucceededFuture(channel))
            return state.nextID
        }
        if let id { watchClose(of: channel, for: peer, id: id) }
        return id
    }

    private func watchClose(of channel: any Channel, for peer: SIPTransportAddress, id: Int) {
        channel.closeFuture.whenComplete { [self] _ in forget(peer, id: id) }
    }

    /// Removes the table entry for `peer` if it is still the connection `id`.
    private func forget(_ peer: SIPTransportAddress, id: Int) {
        state.withLock { state in
            if state.connections[peer]?.id == id { state.connections[peer] = nil }
        }
    }
}
