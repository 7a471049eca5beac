import NIOCore

/// One end of a SIP transport: a host (an IP address literal, or a name for connection-oriented
/// transports that resolve it) and a port (RFC 3261 §18).
public struct SIPTransportAddress: Sendable, Hashable, CustomStringConvertible {
    /// The host: an IPv4 or IPv6 literal (without brackets) or a host name.
    public var host: String
    /// The port.
    public var port: Int

    /// Creates an address; brackets around an IPv6 literal are removed.
    public init(host: String, port: Int) {
        if host.hasPrefix("["), host.hasSuffix("]"), host.count >= 2 {
            self.host = String(host.dropFirst().dropLast())
        } else {
            self.host = host
        }
        self.port = port
    }

    /// The address of an IPv4 or IPv6 socket address; nil for a Unix domain socket.
    public init?(_ socketAddress: SocketAddress) {
        guard let ip = socketAddress.ipAddress, let port = socketAddress.port else { return nil }
        self.init(host: ip, port: port)
    }

    /// Whether the host is an IPv6 literal.
    public var isIPv6: Bool { host.contains(":") }

    /// The host as it appears in a URI or Via: IPv6 literals in brackets (RFC 3261 §25.1).
    public var uriHost: String { isIPv6 ? "[\(host)]" : host }

    /// `host:port`, with an IPv6 host in brackets.
    public var description: String { "\(uriHost):\(port)" }

    /// The socket address of an IP literal host. Host names are not resolved here (that is
    /// RFC 3263's job, above the transport): they throw `SIPTransportError.invalidAddress`.
    public func socketAddress() throws(SIPTransportError) -> SocketAddress {
        guard (0...65535).contains(port) else { throw .invalidAddress(description) }
        do {
            return try SocketAddress(ipAddress: host, port: port)
        } catch {
            throw .invalidAddress(description)
        }
    }
}
