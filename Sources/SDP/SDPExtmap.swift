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
        guard let (head, rest) = SDPGrammar.splitFirstField(value) else { return nil }
        if let (idText, directionText) = SDPGrammar.splitAt(head, byte: 0x2F) {
            guard let id = SDPGrammar.number(idText, as: UInt16.self), id <= 4095,
                  let direction = SDPDirection(rawValue: String(directionText)) else { return nil }
            self.id = id
            self.direction = direction
        } else {
            guard let id = SDPGrammar.number(head, as: UInt16.self), id <= 4095 else { return nil }
            self.id = id
            direction = nil
        }
        if let (uri, attributes) = SDPGrammar.splitFirstField(rest) {
            self.uri = String(uri)
            self.attributes = String(attributes)
        } else {
            uri = String(rest)
            attributes = nil
        }
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
