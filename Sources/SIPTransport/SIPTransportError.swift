/// A failure of a transport operation (RFC 3261 §18.4: the transaction layer treats a send
/// failure as a transport error, §17.1.4 / §17.2.4).
public enum SIPTransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The transport has been closed.
    case closed
    /// The address is not usable (not an IP literal where one is needed, port out of range).
    case invalidAddress(String)
    /// Binding or listening failed.
    case bindFailed(String)
    /// Connecting failed.
    case connectFailed(String)
    /// There is no open connection to the address.
    case noConnection(SIPTransportAddress)
    /// The message is too large for the transport (a UDP datagram over 65 507 bytes).
    case messageTooLarge(Int)
    /// Writing to the socket failed.
    case writeFailed(String)
    /// The WebSocket opening handshake failed (RFC 6455 §4, RFC 7118 §4).
    case handshakeFailed(SIPWebSocketHandshakeFailure)
    /// The TLS handshake failed (RFC 3261 §26.2, RFC 7118 §5): the peer's certificate was not
    /// trusted or did not match the server name, the peer refused ours, no shared protocol
    /// version or cipher, the connection closed or the handshake timed out. The text names
    /// the reason, e.g. `CERTIFICATE_VERIFY_FAILED`.
    case tlsHandshakeFailed(String)
    /// A TLS configuration could not be used: a PEM file unreadable or empty, a key without a
    /// certificate, listening without a certificate.
    case tlsConfigurationFailed(String)

    /// A short English sentence naming the failure.
    public var description: String {
        switch self {
        case .closed: "transport closed"
        case .invalidAddress(let address): "invalid address \(address)"
        case .bindFailed(let reason): "bind failed: \(reason)"
        case .connectFailed(let reason): "connect failed: \(reason)"
        case .noConnection(let address): "no connection to \(address)"
        case .messageTooLarge(let size): "message of \(size) bytes too large for the transport"
        case .writeFailed(let reason): "write failed: \(reason)"
        case .handshakeFailed(let failure): "WebSocket handshake failed: \(failure)"
        case .tlsHandshakeFailed(let reason): "TLS handshake failed: \(reason)"
        case .tlsConfigurationFailed(let reason): "TLS configuration failed: \(reason)"
        }
    }
}
