/// One line of a session description, `<type>=<value>`, with its line ending (RFC 8866 §5).
///
/// The value is kept exactly as read (no trimming, no case folding), so every line, known or
/// not, serializes back to its original bytes.
public struct SDPLine: Sendable, Hashable, CustomStringConvertible {
    /// The type letter before `=`.
    public var type: SDPLineType
    /// Everything after `=`, up to the line ending.
    public var value: String
    /// The line ending that followed the line.
    public var ending: SDPLineEnding

    /// Creates a line (RFC 8866 §5).
    public init(_ type: SDPLineType, _ value: String, ending: SDPLineEnding = .crlf) {
        self.type = type
        self.value = value
        self.ending = ending
    }

    /// An attribute line `a=<name>` or `a=<name>:<value>` (RFC 8866 §5.13).
    public static func attribute(_ name: String, _ value: String? = nil, ending: SDPLineEnding = .crlf) -> SDPLine {
        SDPLine(.attribute, SDPAttribute(name: name, value: value).lineValue, ending: ending)
    }

    /// The attribute this line holds, when it is an `a=` line (RFC 8866 §5.13).
    public var attribute: SDPAttribute? {
        type == .attribute ? SDPAttribute(lineValue: value) : nil
    }

    /// True when this is an `a=` line whose attribute name is `name` (ASCII case-insensitive).
    public func isAttribute(_ name: String) -> Bool {
        guard type == .attribute else { return false }
        let attributeName = value.utf8.prefix { $0 != 0x3A }
        return SDPGrammar.equalsIgnoringCase(String(decoding: attributeName, as: UTF8.self), name)
    }

    /// The line without its ending, e.g. `a=rtcp-mux`.
    public var description: String { type.description + "=" + value }

    /// Appends the line's bytes, ending included, to `out`.
    func write(to out: inout [UInt8], ending override: SDPLineEnding? = nil) {
        out.append(type.rawValue)
        out.append(0x3D)
        out.append(contentsOf: value.utf8)
        out.append(contentsOf: (override ?? ending).bytes)
    }
}
