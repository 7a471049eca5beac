/// ICE parameters of one side: `a=ice-ufrag`, `a=ice-pwd`, `a=ice-options` and `a=ice-lite`
/// (RFC 8839 §5.3, §5.4, §5.6).
public struct SDPICEParameters: Sendable, Hashable {
    /// The username fragment (`a=ice-ufrag`).
    public var usernameFragment: String
    /// The password (`a=ice-pwd`).
    public var password: String
    /// The ICE option tags (`a=ice-options`), e.g. `trickle` (RFC 8840 §4.1.1).
    public var options: [String]
    /// True for a lite implementation (`a=ice-lite`, session level, RFC 8839 §5.3).
    public var isLite: Bool

    /// Creates ICE parameters (RFC 8839 §5.4).
    public init(usernameFragment: String, password: String, options: [String] = [], isLite: Bool = false) {
        self.usernameFragment = usernameFragment
        self.password = password
        self.options = options
        self.isLite = isLite
    }

    /// True when `trickle` is among the options (RFC 8840 §4.1.1).
    public var supportsTrickle: Bool { options.contains { SDPGrammar.equalsIgnoringCase($0, "trickle") } }
}
