/// The `c=` line: `<nettype> <addrtype> <connection-address>` (RFC 8866 §5.7).
public struct SDPConnection: Sendable, Hashable, CustomStringConvertible {
    /// The network type, `IN`.
    public var networkType: String
    /// The address type, `IP4` or `IP6`.
    public var addressType: String
    /// The connection address as written, including a multicast `/ttl[/count]` suffix.
    public var address: String

    /// Creates connection data (RFC 8866 §5.7).
    public init(networkType: String = "IN", addressType: String, address: String) {
        self.networkType = networkType
        self.addressType = addressType
        self.address = address
    }

    /// Connection data for a unicast address: `IP6` when it contains a colon, else `IP4`.
    public init(address: String) {
        self.init(addressType: address.utf8.contains(0x3A) ? "IP6" : "IP4", address: address)
    }

    /// Parses the value of a `c=` line (RFC 8866 §5.7); nil when it does not follow the grammar.
    public init?(parsing value: some StringProtocol) {
        let fields = SDPGrammar.fields(value)
        guard fields.count == 3, SDPGrammar.isToken(fields[0]), SDPGrammar.isToken(fields[1]) else { return nil }
        networkType = String(fields[0])
        addressType = String(fields[1])
        address = String(fields[2])
    }

    /// The address without a multicast `/ttl[/count]` suffix.
    public var host: String {
        String(SDPGrammar.splitAt(address, byte: 0x2F)?.before ?? Substring(address))
    }

    /// The value of the `c=` line.
    public var description: String { "\(networkType) \(addressType) \(address)" }
}
