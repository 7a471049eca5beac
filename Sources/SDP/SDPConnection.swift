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
        guard let connection = SDPGrammar.withBytes(value, { SDPConnection(bytes: $0) }) else { return nil }
        self = connection
    }

    /// Parses the bytes of a `c=` value.
    init?(bytes: UnsafeBufferPointer<UInt8>) {
        guard let fields = Self.scan(bytes) else { return nil }
        networkType = fields.0.string
        addressType = fields.1.string
        address = fields.2.string
    }

    /// True when the bytes are a valid `c=` value.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { scan(bytes) != nil }

    /// Three fields, the first two tokens.
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>)
        -> (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>)? {
        var fields = SDPFields(bytes)
        guard let network = fields.next(), let type = fields.next(), let address = fields.next(), fields.next() == nil,
              network.isToken, type.isToken else { return nil }
        return (network, type, address)
    }

    /// The address without a multicast `/ttl[/count]` suffix.
    public var host: String {
        String(SDPGrammar.splitAt(address, byte: 0x2F)?.before ?? Substring(address))
    }

    /// The value of the `c=` line.
    public var description: String { "\(networkType) \(addressType) \(address)" }
}
