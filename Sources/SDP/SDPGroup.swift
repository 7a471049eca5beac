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
        let fields = SDPGrammar.fields(value)
        guard let first = fields.first, fields.allSatisfy({ SDPGrammar.isToken($0) }) else { return nil }
        semantics = String(first)
        identificationTags = fields.dropFirst().map(String.init)
    }

    /// The value of `a=group`.
    public var description: String {
        ([semantics] + identificationTags).joined(separator: " ")
    }
}
