/// The name of a SIP header field, compared case-insensitively (RFC 3261 §7.3.1).
///
/// Names this stack knows (see `SIPHeaderName+Known.swift`) carry a small numeric ID so that
/// classification and comparison cost no string work; compact forms (`v`, `f`, `i`, …) map to
/// the same name as their long form. Any other name is kept in lower case.
public struct SIPHeaderName: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The known-header ID, or 0 for a name this stack does not know.
    let knownID: UInt8
    /// Lower-cased spelling for unknown names; empty for known ones.
    let otherName: String

    init(knownID: UInt8, otherName: String = "") {
        self.knownID = knownID
        self.otherName = otherName
    }

    /// Creates a name from its spelling (long or compact form, any case).
    public init(_ name: String) {
        var utf8 = name
        let id = utf8.withUTF8 { SIPHeaderName.classify($0, 0, $0.count) }
        if id != 0 {
            self.init(knownID: id)
        } else {
            self.init(knownID: 0, otherName: SIPText.lowercasedASCII(name))
        }
    }

    /// Creates a name from a string literal.
    public init(stringLiteral value: String) { self.init(value) }

    /// The canonical spelling (`Call-ID`, `WWW-Authenticate`, …), or the lower-cased name when unknown.
    public var canonicalName: String {
        knownID == 0 ? otherName : SIPKnownHeaders.canonical[Int(knownID)]
    }

    /// The compact form (RFC 3261 §7.3.3), when the header has one.
    public var compactForm: String? {
        let c = knownID == 0 ? 0 : SIPKnownHeaders.compact[Int(knownID)]
        return c == 0 ? nil : String(UnicodeScalar(c))
    }

    /// Whether this stack knows the header by name.
    public var isKnown: Bool { knownID != 0 }

    /// The canonical spelling.
    public var description: String { canonicalName }

    /// Classifies a header name in `buffer[start..<end]` to a known ID, or 0.
    @inline(__always)
    static func classify(_ buffer: UnsafeMutableBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt8 {
        classify(UnsafeBufferPointer(buffer), start, end)
    }
}
