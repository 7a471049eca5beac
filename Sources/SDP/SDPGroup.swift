/// `a=group:<semantics> *(SP <identification-tag>)` (RFC 5888 §5), e.g. `BUNDLE 0 1` (RFC 9143).
public struct SDPGroup: Sendable, Hashable, CustomStringConvertible {
    /// The grouping semantics, e.g. `BUNDLE`, `LS`, `FID`.
    public var semantics: String
    /// The `a=mid` tags in the group, in order.
    public var identificationTags: [String]

    /// Creates a group (RFC 5888 §5).
    public init(semantics: String, identificationTags: [String]) {
        self.semantics = semantics
        self.identificationTags = identificationTags
    }

    /// Parses the value of `a=group` (RFC 5888 §5); nil when it does not follow the grammar.
    public init?(parsing value: some StringProtocol) {
        guard let group = SDPGrammar.withBytes(value, { SDPGroup(bytes: $0) }) else { return nil }
        self = group
    }

    /// Parses the bytes of an `a=group` value.
    init?(bytes: UnsafeBufferPointer<UInt8>) {
        guard let tagCount = Self.scan(bytes) else { return nil }
        var fields = SDPFields(bytes)
        semantics = fields.next()?.string ?? ""
        var tags: [String] = []
        tags.reserveCapacity(tagCount)
        while let tag = fields.next() { tags.append(tag.string) }
        identificationTags = tags
    }

    /// True when the bytes are a valid `a=group` value.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { scan(bytes) != nil }

    /// For a valid group of `bytes` with the semantics `semantics` (a lower-case literal, compared
    /// ASCII case-insensitively): whether it lists `tag`. Nil for other or invalid groups.
    static func lists(_ bytes: UnsafeBufferPointer<UInt8>, semantics: StaticString, tag: String) -> Bool? {
        guard scan(bytes) != nil else { return nil }
        var fields = SDPFields(bytes)
        guard let first = fields.next(), first.equalsIgnoringCase(semantics) else { return nil }
        while let field = fields.next() {
            if field.equals(tag) { return true }
        }
        return false
    }

    /// The number of tags after the semantics; nil unless every field is a token and there is one.
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var fields = SDPFields(bytes)
        var count = 0
        while let field = fields.next() {
            guard field.isToken else { return nil }
            count += 1
        }
        return count > 0 ? count - 1 : nil
    }

    /// The value of `a=group`.
    public var description: String {
        ([semantics] + identificationTags).joined(separator: " ")
    }
}
