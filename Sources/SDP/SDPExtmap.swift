/// `a=extmap:<id>[/<direction>] <URI> [<extension attributes>]`, an RTP header extension
/// (RFC 8285 §7).
public struct SDPExtmap: Sendable, Hashable, CustomStringConvertible {
    /// The local identifier, 1–14 (one-byte) or 1–255 (two-byte headers); up to 4095 kept.
    public var id: UInt16
    /// The direction after the slash, when given.
    public var direction: SDPDirection?
    /// The extension URI.
    public var uri: String
    /// The extension attributes after the URI, as written.
    public var attributes: String?

    /// Creates an extmap (RFC 8285 §7).
    public init(id: UInt16, direction: SDPDirection? = nil, uri: String, attributes: String? = nil) {
        self.id = id
        self.direction = direction
        self.uri = uri
        self.attributes = attributes
    }

    /// Parses the value of `a=extmap` (RFC 8285 §7); nil when it does not follow the grammar.
    public init?(parsing value: some StringProtocol) {
        guard let extmap = SDPGrammar.withBytes(value, { SDPExtmap(bytes: $0) }) else { return nil }
        self = extmap
    }

    /// Parses the bytes of an `a=extmap` value.
    init?(bytes: UnsafeBufferPointer<UInt8>) {
        guard let (id, direction, rest) = Self.scan(bytes) else { return nil }
        self.id = id
        self.direction = direction
        if let (uri, attributes) = rest.splitFirstField() {
            self.uri = uri.string
            self.attributes = attributes.string
        } else {
            uri = rest.string
            attributes = nil
        }
    }

    /// True when the bytes are a valid `a=extmap` value.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { scan(bytes) != nil }

    /// `<id>[/<direction>]` (id up to 4095) and the text after the spaces that follow it.
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>)
        -> (id: UInt16, direction: SDPDirection?, rest: UnsafeBufferPointer<UInt8>)? {
        guard let (head, rest) = bytes.splitFirstField() else { return nil }
        if let (idText, directionText) = head.split(at: 0x2F) {
            guard let id = idText.number(as: UInt16.self), id <= 4095,
                  let direction = SDPDirection(exactly: directionText) else { return nil }
            return (id, direction, rest)
        }
        guard let id = head.number(as: UInt16.self), id <= 4095 else { return nil }
        return (id, nil, rest)
    }

    /// The value of `a=extmap`.
    public var description: String {
        var text = String(id)
        if let direction { text += "/" + direction.rawValue }
        text += " " + uri
        if let attributes { text += " " + attributes }
        return text
    }
}
