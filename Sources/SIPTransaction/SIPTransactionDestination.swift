/// The far end of a transaction: where requests go (client) or where the request came from and
/// responses go (server; RFC 3261 §18.2.2 with RFC 3581 symmetric response routing).
public struct SIPTransactionDestination: Sendable, Hashable, CustomStringConvertible {
    /// Host name or IP address.
    public var host: String
    /// Port.
    public var port: Int
    /// Transport name as in a Via (`UDP`, `TCP`, `TLS`, `WS`, `WSS`, `SCTP`), upper-cased.
    public var transport: String

    /// Creates a destination.
    public init(host: String, port: Int, transport: String) {
        self.host = host
        self.port = port
        self.transport = transport.uppercased()
    }

    /// Whether the transport is reliable (RFC 3261 §17.1.1.2): everything but UDP. Reliable
    /// transports get no retransmissions and zero-length Timers D, I, J and K.
    public var isReliable: Bool { transport != "UDP" }

    /// `transport host:port`
    public var description: String { "\(transport) \(host):\(port)" }
}
