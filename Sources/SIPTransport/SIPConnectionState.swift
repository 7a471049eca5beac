/// The state of one connection of a connection-oriented transport (TCP, TLS, WebSocket).
public enum SIPConnectionState: Sendable, Hashable, CustomStringConvertible {
    /// A connection attempt has started.
    case connecting
    /// The connection is open and carries messages.
    case connected
    /// The connection has ended; `reason` says why (RFC 6455 §7.4 close codes).
    case disconnected(reason: SIPCloseCode)

    /// `connecting`, `connected` or `disconnected(<code>)`.
    public var description: String {
        switch self {
        case .connecting: "connecting"
        case .connected: "connected"
        case .disconnected(let reason): "disconnected(\(reason))"
        }
    }
}
