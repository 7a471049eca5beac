/// An SDP attribute, `a=<attribute-name>[:<attribute-value>]` (RFC 8866 §5.13, §6).
///
/// `value` is nil for a property attribute (`a=rtcp-mux`) and the text after the first colon
/// otherwise (possibly empty, e.g. `a=foo:`), so the line can be written back unchanged.
public struct SDPAttribute: Sendable, Hashable, CustomStringConvertible {
    /// The attribute name (before the first colon).
    public var name: String
    /// The attribute value (after the first colon), nil when there is no colon.
    public var value: String?

    /// Creates an attribute (RFC 8866 §5.13).
    public init(name: String, value: String? = nil) {
        self.name = name
        self.value = value
    }

    /// Splits the value of an `a=` line at its first colon (RFC 8866 §5.13).
    public init(lineValue: String) {
        if let (before, after) = SDPGrammar.splitAt(lineValue, byte: 0x3A) {
            name = String(before)
            value = String(after)
        } else {
            name = lineValue
            value = nil
        }
    }

    /// The text after `a=`.
    public var lineValue: String {
        if let value { return name + ":" + value }
        return name
    }

    /// The text after `a=`.
    public var description: String { lineValue }
}
