/// An IP address and UDP port as ICE uses them (RFC 8445 §5.1.1): the host part is a literal
/// IPv4 or IPv6 address, never a name.
public struct ICETransportAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address literal (`127.0.0.1`, `::1`), as written (IPv6 without brackets).
    public var host: String
    /// The port.
    public var port: Int

    /// Creates an address.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Whether the address is IPv6.
    public var isIPv6: Bool { host.contains(":") }

    /// `host:port`, IPv6 in brackets.
    public var description: String { isIPv6 ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
