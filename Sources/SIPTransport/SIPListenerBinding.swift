import NIOCore
import NIOPosix
import Synchronization

/// The part of a listening transport's state the binding sets.
protocol SIPListenerState {
    var listener: (any Channel)? { get set }
    var localAddress: SIPTransportAddress? { get set }
    var closed: Bool { get }
}

/// Binding a stream listener (TCP, TLS, WebSocket) and handing it to its transport.
enum SIPListenerBinding {
    /// Binds `bootstrap` at `address` and stores the listener and its address in `state`,
    /// unless the transport closed or already listens (then the listener is closed again).
    static func bind<State: SIPListenerState>(_ bootstrap: ServerBootstrap, to address: SocketAddress, host: String,
                                              port: Int, state: borrowing Mutex<State>) async throws(SIPTransportError)
        -> SIPTransportAddress {
        try await bind(bootstrap, to: address, host: host, port: port, adopt: { listener, bound in
            state.withLock { state -> Bool in
                guard !state.closed, state.listener == nil else { return false }
                state.listener = listener
                state.localAddress = bound
                return true
            }
        }, isClosed: { state.withLock { $0.closed } })
    }

    /// Binds `bootstrap` at `address` and offers the listener to `adopt` with the bound address;
    /// when `adopt` refuses (the transport closed, or already listens) the listener is closed
    /// again and the error says which (`isClosed`).
    static func bind(_ bootstrap: ServerBootstrap, to address: SocketAddress, host: String, port: Int,
                     adopt: (any Channel, SIPTransportAddress) -> Bool,
                     isClosed: () -> Bool) async throws(SIPTransportError) -> SIPTransportAddress {
        let listener: any Channel
        do {
            listener = try await bootstrap.bind(to: address).get()
        } catch {
            throw .bindFailed("\(address): \(error)")
        }
        let bound = listener.localAddress.flatMap(SIPTransportAddress.init) ?? SIPTransportAddress(host: host, port: port)
        guard adopt(listener, bound) else {
            try? await listener.close()
            throw isClosed() ? .closed : .bindFailed("already listening")
        }
        return bound
    }
}
