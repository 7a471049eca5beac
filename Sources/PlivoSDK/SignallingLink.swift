import SIPCore
import SIPTransaction
import SIPTransport
import SIPUserAgent
import StackCore
import Synchronization

/// The signalling path of one login: a ``SignallingConnection`` adopted by a
/// `SIPReconnectingTransport` (back-off 2–20 s and failover across the servers, keep-alive
/// OPTIONS on WebSocket and UDP — the seed's ping — or CRLF on TCP/TLS, RFC 5626 §4.4.1), the
/// transaction layer on top, and the pump between them.
///
/// Shared by the public client and `plivo-phone`: both open a connection, make a link, then
/// register and place calls on ``layer``.
package final class SignallingLink: Sendable {
    /// The supervised transport.
    package let transport: SIPReconnectingTransport
    /// The transaction layer over it.
    package let layer: SIPTransactionLayer
    private let bridge: SIPTransportBridge
    private let current: Cell<SignallingConnection>
    private let pump: Mutex<Task<Void, Never>?>
    private let serverCount: Int

    /// A link over `connection` (already open to `servers[0]`); reconnections go through
    /// `servers` in order, starting again from the first. `domain` is the ping's Request-URI
    /// host; `userAgent` its User-Agent.
    package init(connection: SignallingConnection, servers: [SignallingServer], user: String, tls: SIPTLSConfiguration,
                 domain: SIPURI.Host, userAgent: String, clock: any StackClock) {
        let current = Cell(connection)
        let layerBox = Cell<SIPTransactionLayer?>(nil)
        let order = servers.isEmpty ? [SignallingServer]() : servers
        let stream = connection.transport.kind == .tcp || connection.transport.kind == .tls
        let transport = SIPReconnectingTransport(
            kind: connection.transport.kind, keepAlive: SIPKeepAliveConfiguration(kind: stream ? .crlf : .options),
            clock: clock,
            open: { index in
                guard !order.isEmpty else { throw SIPTransportError.noConnection(SIPTransportAddress(host: "", port: 0)) }
                let next = try await SignallingConnection.open(order[index % order.count], user: user, tls: tls)
                current.set(next)
                return SIPReconnectingTransport.Link(
                    transport: next.transport,
                    server: SIPTransportAddress(host: next.destination.host, port: next.destination.port))
            },
            ping: { kind in
                if kind == .crlf {
                    let open = current.get()
                    guard let tcp = open.transport as? SIPTCPTransport else { return false }
                    try? await tcp.sendKeepAlivePing(
                        to: SIPTransportAddress(host: open.destination.host, port: open.destination.port))
                    return false
                }
                guard let layer = layerBox.get() else { return false }
                return await SignallingLink.ping(layer: layer, connection: current.get(), domain: domain,
                                                 userAgent: userAgent)
            })
        let bridge = SIPTransportBridge(transport: transport)
        let layer = SIPTransactionLayer(clock: clock, transport: bridge)
        layerBox.set(layer)
        self.transport = transport
        self.layer = layer
        self.bridge = bridge
        self.current = current
        self.serverCount = max(order.count, 1)
        pump = Mutex(nil)
    }

    /// The connection in use (after a reconnection, the new one).
    package var connection: SignallingConnection { current.get() }

    /// Starts the pump and the supervision of the first connection.
    package func start() async {
        let bridge = self.bridge, layer = self.layer
        pump.withLock { $0 = Task { await bridge.pump(into: layer) } }
        let first = connection
        await transport.start(adopting: SIPReconnectingTransport.Link(
            transport: first.transport,
            server: SIPTransportAddress(host: first.destination.host, port: first.destination.port)),
            serverCount: serverCount)
    }

    /// Closes the transport and waits for the pump to end.
    package func close() async {
        await transport.close()
        let task = pump.withLock { task in
            defer { task = nil }
            return task
        }
        await task?.value
    }

    /// The call settings for a connection and registration.
    package static func callConfiguration(_ connection: SignallingConnection, _ registration: SIPRegistrationConfiguration,
                                          _ credentials: SIPDigestCredentials) -> SIPCallConfiguration {
        SIPCallConfiguration(
            localAddress: SIPNameAddress(uri: registration.addressOfRecord), contact: connection.contact,
            via: connection.via, userAgent: registration.userAgent, supported: registration.supported,
            reliableTransport: connection.destination.isReliable, credentials: credentials)
    }

    /// One keep-alive OPTIONS to the server (the seed's ping, behaviour §4.3): true when any
    /// final response arrives before the transaction ends.
    package static func ping(layer: SIPTransactionLayer, connection: SignallingConnection, domain: SIPURI.Host,
                             userAgent: String) async -> Bool {
        let uri = SIPURI(host: domain)
        let tag = SIPRegistrationStateMachine.randomHex(16)
        guard let request = try? SIPMessageBuilder.request(
            method: .options, uri: uri, via: connection.via,
            from: SIPNameAddress(uri: uri, parameters: [SIPParameter("tag", tag)]),
            to: SIPNameAddress(uri: uri), callID: SIPRegistrationStateMachine.randomHex(32), cseq: 1,
            extraHeaders: [SIPParameter("User-Agent", userAgent)]),
              let transaction = try? await layer.sendRequest(request, to: connection.destination) else { return false }
        for await update in transaction.updates {
            if case .response(let response) = update, let status = response.statusCode, status >= 200 { return true }
        }
        return false
    }
}

/// A value shared by closures and its owner behind a lock.
private final class Cell<Value: Sendable>: Sendable {
    private let value: Mutex<Value>

    init(_ initial: Value) {
        value = Mutex(initial)
    }

    func get() -> Value { value.withLock { $0 } }
    func set(_ new: Value) { value.withLock { $0 = new } }
}
