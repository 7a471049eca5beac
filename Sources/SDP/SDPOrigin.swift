/// The `o=` line: `<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>`
/// (RFC 8866 §5.2).
public struct SDPOrigin: Sendable, Hashable, CustomStringConvertible {
    /// The user's login on the originating host, `-` when there is none.
    public var username: String
    /// The session identifier, a decimal number of any length (kept as text).
    public var sessionID: String
    /// The session version, incremented on every new offer (RFC 3264 §8).
    public var sessionVersion: UInt64
    /// The network type, `IN`.
    public var networkType: String
    /// The address type, `IP4` or `IP6`.
    public var addressType: String
    /// The address of the originating machine.
    public var address: String

    /// Creates an origin (RFC 8866 §5.2).
    public init(username: String = "-", sessionID: String, sessionVersion: UInt64,
                networkType: String = "IN", addressType: String = "IP4", address: String) {
        self.username = username
        self.sessionID = sessionID
        self.sessionVersion = sessionVersion
        self.networkType = networkType
        self.addressType = addressType
        self.address = address
    }

    /// Parses the value of an `o=` line (RFC 8866 §5.2); nil when it does not follow the grammar.
    public init?(parsing value: some StringProtocol) {
        guard let origin = SDPGrammar.withBytes(value, { SDPOrigin(bytes: $0) }) else { return nil }
        self = origin
    }

    /// Parses the bytes of an `o=` value.
    init?(bytes: UnsafeBufferPointer<UInt8>) {
        guard let fields = Self.scan(bytes) else { return nil }
        username = fields.username.string
        sessionID = fields.sessionID.string
        sessionVersion = fields.version
        networkType = fields.networkType.string
        addressType = fields.addressType.string
        address = fields.address.string
    }

    /// True when the bytes are a valid `o=` value.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { scan(bytes) != nil }

    private typealias Bytes = UnsafeBufferPointer<UInt8>

    /// The six fields, checked: the session id all digits, the version a 64-bit number, the
    /// network and address types tokens.
    private static func scan(_ bytes: Bytes) -> (username: Bytes, sessionID: Bytes, version: UInt64,
                                                 networkType: Bytes, addressType: Bytes, address: Bytes)? {
        var fields = SDPFields(bytes)
        guard let username = fields.next(), let sessionID = fields.next(), let versionText = fields.next(),
              let networkType = fields.next(), let addressType = fields.next(), let address = fields.next(),
              fields.next() == nil, sessionID.isDigits, let version = versionText.number(as: UInt64.self),
              networkType.isToken, addressType.isToken else { return nil }
        return (username, sessionID, version, networkType, addressType, address)
    }

    /// The value of the `o=` line.
    public var description: String {
        "\(username) \(sessionID) \(sessionVersion) \(networkType) \(addressType) \(address)"
    }
}
