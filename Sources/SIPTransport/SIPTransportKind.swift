/// A SIP transport protocol (RFC 3261 §18, RFC 7118 for WebSocket), named as in a Via
/// header's `sent-protocol` and a SIP URI's `transport` parameter.
public enum SIPTransportKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// UDP datagrams (RFC 3261 §18.1.1): unreliable, one message per datagram.
    case udp
    /// TCP byte stream framed by Content-Length (RFC 3261 §18.3).
    case tcp
    /// TLS over TCP (RFC 3261 §26.2), framed like TCP.
    case tls
    /// WebSocket, one message per frame (RFC 7118 §5).
    case ws
    /// WebSocket over TLS (RFC 7118 §5).
    case wss

    /// The transport name in a Via header (`SIP/2.0/UDP`, …): upper case (RFC 3261 §20.42,
    /// RFC 7118 §5.2).
    public var viaTransport: String { rawValue.uppercased() }

    /// The value of a SIP URI's `transport` parameter (RFC 3261 §19.1.1, RFC 7118 §5.1).
    public var uriParameter: String { rawValue }

    /// The port used when a URI names none: 5060 for UDP and TCP, 5061 for TLS (RFC 3261
    /// §19.1.2), 80 and 443 for WebSocket (RFC 6455 §3).
    public var defaultPort: Int {
        switch self {
        case .udp, .tcp: 5060
        case .tls: 5061
        case .ws: 80
        case .wss: 443
        }
    }

    /// Whether the transport delivers reliably, so the transaction layer sends no
    /// retransmissions (RFC 3261 §17.1.1.2): every kind but UDP.
    public var isReliable: Bool { self != .udp }

    /// Whether the transport is secured by TLS.
    public var isSecure: Bool { self == .tls || self == .wss }

    /// Whether the transport is a byte stream framed by Content-Length (TCP, TLS).
    public var isStream: Bool { self == .tcp || self == .tls }

    /// The kind a Via transport name (any case) names; nil for transports this stack lacks
    /// (SCTP, DTLS).
    public init?(viaTransport: String) {
        self.init(rawValue: viaTransport.lowercased())
    }

    /// The Via transport name.
    public var description: String { viaTransport }
}
