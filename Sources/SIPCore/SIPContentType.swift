/// A media type with parameters, as in Content-Type (RFC 3261 §20.15) and, with `*`
/// wildcards, in Accept media ranges (§20.1).
public struct SIPContentType: Sendable, Hashable, CustomStringConvertible {
    /// The type, lower-cased (`application`, or `*` in a media range).
    public var type: String
    /// The subtype, lower-cased (`sdp`, or `*`).
    public var subtype: String
    /// Parameters (`boundary`, `charset`, `q`, …).
    public var parameters: [SIPParameter]

    /// Creates a media type.
    public init(_ type: String, _ subtype: String, parameters: [SIPParameter] = []) {
        self.type = SIPText.lowercasedASCII(type)
        self.subtype = SIPText.lowercasedASCII(subtype)
        self.parameters = parameters
    }

    /// `application/sdp`
    public static let sdp = SIPContentType("application", "sdp")

    /// `type/subtype` without parameters.
    public var mediaType: String { "\(type)/\(subtype)" }

    /// `type/subtype;params`
    public var description: String { ([mediaType] + parameters.map(\.description)).joined(separator: ";") }

    /// Whether this media range (with wildcards) covers `other`.
    public func covers(_ other: SIPContentType) -> Bool {
        (type == "*" || type == other.type) && (subtype == "*" || subtype == other.subtype)
    }

    static func parse(_ scanner: inout SIPHeaderScanner) throws(SIPParseError) -> SIPContentType {
        scanner.skipLWS()
        let type = try scanner.token("media type")
        try scanner.expect(47, "'/'")
        let subtype = try scanner.token("media subtype")
        return SIPContentType(type, subtype, parameters: try scanner.parameters())
    }
}
