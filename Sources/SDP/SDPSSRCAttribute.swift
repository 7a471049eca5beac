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
        guard let attribute = SDPGrammar.withBytes(text, { SDPSSRCAttribute(bytes: $0) }) else { return nil }
        self = attribute
    }

    /// Parses the bytes of an `a=ssrc` value.
    init?(bytes: UnsafeBufferPointer<UInt8>) {
        guard let (ssrc, name, value) = Self.scan(bytes) else { return nil }
        self.ssrc = ssrc
        self.name = name.string
        self.value = value?.string
    }

    /// True when the bytes are a valid `a=ssrc` value.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { scan(bytes) != nil }

    /// The SSRC of a valid `a=ssrc` value, without making Strings.
    static func ssrc(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32? { scan(bytes)?.ssrc }

    /// `<ssrc> <name>[:<value>]` with a 32-bit SSRC and a token name.
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>)
        -> (ssrc: UInt32, name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>?)? {
        guard let (id, rest) = bytes.splitFirstField(), let ssrc = id.number(as: UInt32.self) else { return nil }
        if let (name, value) = rest.split(at: 0x3A) {
            return name.isToken ? (ssrc, name, value) : nil
        }
        return rest.isToken ? (ssrc, rest, nil) : nil
    }

    /// The value of `a=ssrc`.
    public var description: String {
        String(ssrc) + " " + SDPAttribute(name: name, value: value).lineValue
    }
}
