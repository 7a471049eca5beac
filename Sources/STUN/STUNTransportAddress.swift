/// An IP address and port, the value of MAPPED-ADDRESS, XOR-MAPPED-ADDRESS and
/// ALTERNATE-SERVER (RFC 8489 §14.1, §14.2, §14.15).
public struct STUNTransportAddress: Sendable, Hashable, CustomStringConvertible {
    /// The IP address.
    public var address: STUNIPAddress
    /// The port.
    public var port: UInt16

    /// Creates a transport address.
    public init(address: STUNIPAddress, port: UInt16) {
        self.address = address
        self.port = port
    }

    /// Creates a transport address from the text of an IP address; `nil` if it does not parse.
    public init?(host: String, port: UInt16) {
        guard let address = STUNIPAddress(host) else { return nil }
        self.init(address: address, port: port)
    }

    /// `192.0.2.1:32853` or `[2001:db8::1]:32853`.
    public var description: String {
        switch address {
        case .ipv4: return "\(address):\(port)"
        case .ipv6: return "[\(address)]:\(port)"
        }
    }
}
