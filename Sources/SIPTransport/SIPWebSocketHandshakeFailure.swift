/// Why the HTTP upgrade to a SIP WebSocket connection failed (RFC 6455 §4.1, RFC 7118 §4).
public enum SIPWebSocketHandshakeFailure: Sendable, Hashable, CustomStringConvertible {
    /// The server upgraded but did not select the `sip` subprotocol in `Sec-WebSocket-Protocol`
    /// (RFC 7118 §4.1); carries the value it sent, nil when it sent none.
    case subprotocolNotSelected(String?)
    /// The server answered with a status other than 101 Switching Protocols.
    case rejected(status: Int)
    /// The server's answer was not a valid WebSocket upgrade (bad `Sec-WebSocket-Accept`,
    /// `Upgrade` header or HTTP syntax).
    case invalidResponse(String)
    /// The server did not complete the handshake in time.
    case timedOut
    /// The connection closed before the handshake completed.
    case connectionClosed

    /// A short English phrase naming the failure.
    public var description: String {
        switch self {
        case .subprotocolNotSelected(let value): "server did not select subprotocol sip (got \(value ?? "none"))"
        case .rejected(let status): "server answered \(status) instead of 101"
        case .invalidResponse(let reason): "invalid upgrade response: \(reason)"
        case .timedOut: "handshake timed out"
        case .connectionClosed: "connection closed during the handshake"
        }
    }
}
