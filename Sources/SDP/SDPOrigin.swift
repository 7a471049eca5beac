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
        let fields = SDPGrammar.fields(value)
        guard fields.count == 6, SDPGrammar.isDigits(fields[1]),
              let version = SDPGrammar.number(fields[2], as: UInt64.self),
              SDPGrammar.isToken(fields[3]), SDPGrammar.isToken(fields[4]) else { return nil }
        username = String(fields[0])
        sessionID = String(fields[1])
        sessionVersion = version
        networkType = String(fields[3])
        addressType = String(fields[4])
        address = String(fields[5])
    }

    /// The value of the `o=` line.
    public var description: String {
        "\(username) \(sessionID) \(sessionVersion) \(networkType) \(addressType) \(address)"
    }
}
