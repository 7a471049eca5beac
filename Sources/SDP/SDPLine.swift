/// One line of a session description, `<type>=<value>`, with its line ending (RFC 8866 §5).
///
/// The value is kept exactly as read (no trimming, no case folding), so every line, known or
/// not, serializes back to its original bytes. A parsed line keeps its value as a byte range of
/// the text it was read from (shared by all lines of that text); `value` makes the String on
/// demand.
public struct SDPLine: Sendable, Hashable, CustomStringConvertible {
    /// The type letter before `=`.
    public var type: SDPLineType {
        didSet { if type != oldValue { kind = Self.kind(of: type, storage, start, end) } }
    }
    /// The line ending that followed the line.
    public var ending: SDPLineEnding
    /// The text holding the value: the whole description for a parsed line, else the value.
    private(set) var storage: String
    /// The UTF-8 offsets of the value in `storage`.
    private(set) var start: Int, end: Int
    /// The attribute this line is, recognised once (`.notAttribute` for other line types).
    private(set) var kind: SDPAttributeKind

    /// Creates a line (RFC 8866 §5).
    public init(_ type: SDPLineType, _ value: String, ending: SDPLineEnding = .crlf) {
        self.type = type
        self.ending = ending
        storage = value
        start = 0
        end = value.utf8.count
        kind = Self.kind(of: type, value, 0, end)
    }

    /// A line whose value is the UTF-8 range `start..<end` of `storage` (valid UTF-8, split at
    /// ASCII bytes), its attribute kind already known.
    init(_ type: SDPLineType, storage: String, start: Int, end: Int, ending: SDPLineEnding, kind: SDPAttributeKind) {
        self.type = type
        self.ending = ending
        self.storage = storage
        self.start = start
        self.end = end
        self.kind = kind
    }

    /// Everything after `=`, up to the line ending.
    public var value: String {
        get {
            if start == 0, end == storage.utf8.count { return storage }
            return withValue { $0.string }
        }
        set {
            storage = newValue
            start = 0
            end = newValue.utf8.count
            kind = Self.kind(of: type, storage, start, end)
        }
    }

    /// An attribute line `a=<name>` or `a=<name>:<value>` (RFC 8866 §5.13).
    public static func attribute(_ name: String, _ value: String? = nil, ending: SDPLineEnding = .crlf) -> SDPLine {
        SDPLine(.attribute, SDPAttribute(name: name, value: value).lineValue, ending: ending)
    }

    /// The attribute this line holds, when it is an `a=` line (RFC 8866 §5.13).
    public var attribute: SDPAttribute? {
        guard type == .attribute else { return nil }
        return withValue { bytes in
            guard let (name, value) = bytes.split(at: 0x3A) else { return SDPAttribute(name: bytes.string, value: nil) }
            return SDPAttribute(name: name.string, value: value.string)
        }
    }

    /// True when this is an `a=` line whose attribute name is `name` (ASCII case-insensitive).
    public func isAttribute(_ name: String) -> Bool {
        guard type == .attribute else { return false }
        let wanted = SDPAttributeKind.recognize(name)
        if wanted != .other || kind != .other { return kind == wanted }
        return withValue { bytes in
            let lineName = bytes.slice(0, bytes.index(of: 0x3A) ?? bytes.count)
            return SDPGrammar.withBytes(name) { lineName.equalsIgnoringCase($0) }
        }
    }

    /// True when this is an `a=` line of the known attribute `kind`.
    @inline(__always) func isAttribute(_ kind: SDPAttributeKind) -> Bool { self.kind == kind }

    /// The line without its ending, e.g. `a=rtcp-mux`.
    public var description: String { type.description + "=" + value }

    /// Runs `body` on the bytes of the value.
    @inline(__always) func withValue<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let (start, end) = (start, end)
        return SDPGrammar.withBytes(storage) { body($0.slice(start, end)) }
    }

    /// Runs `body` on the bytes of the attribute value: after the first colon, empty when there
    /// is none (as `SDPSection.attributeValues` reads a property attribute).
    @inline(__always) func withAttributeValue<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        withValue { bytes in body(bytes.split(at: 0x3A)?.after ?? bytes.slice(0, 0)) }
    }

    /// The attribute value as a String: after the first colon, empty when there is none.
    var attributeValueText: String { withAttributeValue { $0.string } }

    /// The number of bytes the line takes on the wire with `ending`.
    func wireCount(ending: SDPLineEnding) -> Int { 2 + end - start + ending.count }

    /// Appends the line's bytes, ending included, to `out`.
    func write(to out: inout [UInt8], ending override: SDPLineEnding? = nil) {
        out.append(type.rawValue)
        out.append(0x3D)
        withValue { out.append(contentsOf: $0) }
        (override ?? ending).write(to: &out)
    }

    /// Lines are equal when type, ending and value are (values compare as Strings do).
    public static func == (lhs: SDPLine, rhs: SDPLine) -> Bool {
        guard lhs.type == rhs.type, lhs.ending == rhs.ending else { return false }
        let (sameBytes, ascii) = lhs.withValue { left in
            rhs.withValue { right in
                (left.count == right.count && left.memcmpEqual(right), !left.hasNonASCII && !right.hasNonASCII)
            }
        }
        if sameBytes { return true }
        return ascii ? false : lhs.value == rhs.value
    }

    /// Hashes type, value and ending.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(type)
        hasher.combine(value)
        hasher.combine(ending)
    }

    private static func kind(of type: SDPLineType, _ storage: String, _ start: Int, _ end: Int) -> SDPAttributeKind {
        guard type == .attribute else { return .notAttribute }
        return SDPGrammar.withBytes(storage) { SDPAttributeKind.recognize(lineValue: $0.slice(start, end)) }
    }
}
