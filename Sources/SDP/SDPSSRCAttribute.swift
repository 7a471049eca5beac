/// `a=ssrc:<ssrc-id> <attribute>[:<value>]` (RFC 5576 §4.1), e.g. `ssrc:3153997452 cname:JhT8`.
public struct SDPSSRCAttribute: Sendable, Hashable, CustomStringConvertible {
    /// The synchronization source identifier.
    public var ssrc: UInt32
    /// The source attribute name (`cname`, `msid`, …).
    public var name: String
    /// The source attribute value, nil when there is no colon.
    public var value: String?

    /// Creates a source-specific attribute (RFC 5576 §4.1).
    public init(ssrc: UInt32, name: String, value: String? = nil) {
        self.ssrc = ssrc
        self.name = name
        self.value = value
    }

    /// Parses the value of `a=ssrc` (RFC 5576 §4.1); nil when it does not follow the grammar.
    public init?(parsing text: some StringProtocol) {
        guard let (id, rest) = SDPGrammar.splitFirstField(text), let ssrc = SDPGrammar.number(id, as: UInt32.self)
        else { return nil }
        let attribute = SDPAttribute(lineValue: String(rest))
        guard SDPGrammar.isToken(attribute.name) else { return nil }
        self.ssrc = ssrc
        name = attribute.name
        value = attribute.value
    }

    /// The value of `a=ssrc`.
    public var description: String {
        String(ssrc) + " " + SDPAttribute(name: name, value: value).lineValue
    }
}
