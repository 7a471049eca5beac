import NIOCore
import NIOPosix
import SIPCore
import Synchronization

/// SIP over TCP (RFC 3261 §18): listens for connections, connects to peers, frames each
/// connection by Content-Length with a `SIPStreamFramer` and answers CRLF keep-alive pings
/// (RFC 5626 §3.5.1).
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

    private struct State {
        var listener: (any Channel)?
        var localAddress: SIPTransportAddress?
        var connections: [SIPTransportAddress: Entry] = [:]
        var nextID = 0
        var closed = false
    }

    /// Always `.tcp`.
    public var kind: SIPTransportKind { .tcp }
    /// The transport's settings.
    public let configuration: SIPTransportConfiguration
    /// Received messages, keep-alives, connection changes and framing errors; ends after `close()`.
    public var events: AsyncStream<SIPTransportEvent> { sink.events }

    private let group: any EventLoopGroup
    private let sink: SIPTransportEventSink
    private let state = Mutex(State())

    /// Creates a transport with no socket yet: call `listen(host:port:)` to accept connections,
    /// `connect(to:)` or `send` to open them.
    public init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                configuration: SIPTransportConfiguration = .default) {
        self.group = group
        self.configuration = configuration
        self.sink = SIPTransportEventSink(bufferSize: configuration.eventBufferSize)
    }

    /// The address listened on, once `listen` has returned; nil for a client-only transport.
    public var localAddress: SIPTransportAddress? { state.withLock { $0.localAddress } }

    /// A snapshot of the counters.
    public var statistics: SIPTransportStatistics { sink.statistics }

    /// The peers with an open or opening connection.
    public var connectedPeers: [SIPTransportAddress] { state.withLock { Array($0.connections.keys) } }

    /// Listens on `host` (an IP literal) and `port` (0 picks an ephemeral port) and returns the
    /// bound address; a transport listens on one address at most.
    @discardableResult
    public func listen(host: String, port: Int) async throws(SIPTransportError) -> SIPTransportAddress {
        let address = try SIPTransportAddress(host: host, port: port).socketAddress()
        guard !state.withLock({ $0.closed }) else { throw .closed }
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
                    try self.configure(channel, peer: peer, id: id)
                }
            }
        let listener: any Channel
        do {
            listener = try await bootstrap.bind(to: address).get()
        } catch {
            throw .bindFailed("\(address): \(error)")
        }
        let bound = listener.localAddress.flatMap(SIPTransportAddress.init) ?? SIPTransportAddress(host: host, port: port)
        let accepted = state.withLock { state -> Bool in
            guard !state.closed, state.listener == nil else { return false }
            state.listener = listener
            state.localAddress = bound
            return true
        }
        guard accepted else {
            try? await listener.close()
            throw state.withLock({ $0.closed }) ? .closed : .bindFailed("already listening")
        }
        return bound
    }

    /// Opens a connection to `address` unless one is open or opening, and waits until it is
    /// connected.
    public func connect(to address: SIPTransportAddress) async throws(SIPTransportError) {
        let future = try connection(to: address)
        do {
            _ = try await future.get()
        } catch {
            throw .connectFailed("\(address): \(error)")
        }
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

    /// The open or opening connection to `address`, or a new one.
    private func connection(to address: SIPTransportAddress) throws(SIPTransportError) -> EventLoopFuture<any Channel> {
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
        if isNew, let promise = entry.promise { open(address, id: entry.id, promise: promise) }
        return entry.channel
    }

    private func open(_ address: SIPTransportAddress, id: Int, promise: EventLoopPromise<any Channel>) {
        sink.emit(.connectionState(.connecting, peer: address))
        let bootstrap = ClientBootstrap(group: group)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture { try self.configure(channel, peer: address, id: id) }
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
                promise.succeed(channel)
            case .failure(let error):
                forget(address, id: id)
                sink.emit(.connectionState(.disconnected(reason: .abnormal), peer: address))
                promise.fail(error)
            }
        }
    }

    /// Adds the framing handler, which forgets the table entry `id` for `peer` when the
    /// connection goes inactive, before it emits `disconnected` (NIO completes `closeFuture`
    /// only after `channelInactive`, so waiting for it would leave a dead entry that a
    /// `connect` or `send` made on seeing `disconnected` could pick up); runs on the channel's
    /// event loop.
    private func configure(_ channel: any Channel, peer: SIPTransportAddress, id: Int) throws {
        try channel.pipeline.syncOperations.addHandler(
            SIPStreamHandler(options: configuration.parserOptions, sink: sink, peer: peer) { [weak self] in
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
