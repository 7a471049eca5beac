/// A session description: the session section (from `v=` up to the first `m=`) and its media
/// descriptions (RFC 8866 §5).
///
/// Parsing keeps every line, known or unknown, in order, with its exact value and line
/// ending, so `SDPSession(parsing: bytes).serialized() == bytes` for every input the parser
/// accepts. Typed views (`origin`, `connection`, `fingerprints`, candidates, codecs, …) are
/// read from the lines on demand.
public struct SDPSession: SDPSection, Sendable, Hashable, CustomStringConvertible {
    /// The session-level lines, `v=` first, in wire order.
    public var lines: [SDPLine]
    /// The media descriptions, in wire order.
    public var media: [SDPMediaDescription]

    /// Creates a session from its lines (RFC 8866 §5).
    public init(lines: [SDPLine], media: [SDPMediaDescription] = []) {
        self.lines = lines
        self.media = media
    }

    /// Parses a session description (RFC 8866 §5, §9), keeping every line losslessly.
    ///
    /// Lines end with CRLF or LF (the last one may have neither). The structure is checked
    /// (`v=0` first, one `o=`, no session-only line in a media section) and so is the grammar
    /// of every line type and attribute the offer/answer code reads; other lines are kept as
    /// they are. Throws `SDPParseError` naming the 1-based line number.
    public init(parsing bytes: some Collection<UInt8>) throws(SDPParseError) {
        self = try SDPParser.parse(Array(bytes))
    }

    /// Parses a session description from text (RFC 8866 §5); see `init(parsing:)` for bytes.
    public init(parsing text: String) throws(SDPParseError) {
        self = try SDPParser.parse(Array(text.utf8))
    }

    /// The bytes of the session description: every line with its own line ending (RFC 8866 §5).
    /// A line without an ending that is not the last line is written with CRLF.
    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(2048)
        let all = allLines
        for (index, line) in all.enumerated() {
            let isLast = index == all.count - 1
            line.write(to: &out, ending: !isLast && line.ending == .none ? .crlf : nil)
        }
        return out
    }

    /// The session description as text (the serialized bytes).
    public var text: String { String(decoding: serialized(), as: UTF8.self) }

    /// The session description as text.
    public var description: String { text }

    /// Every line of the session in wire order, media lines included.
    public var allLines: [SDPLine] {
        lines + media.flatMap(\.allLines)
    }

    /// The parsed `o=` line (RFC 8866 §5.2).
    public var origin: SDPOrigin? {
        lines.first { $0.type == .origin }.flatMap { SDPOrigin(parsing: $0.value) }
    }

    /// Every `a=group` line (RFC 5888 §5), in order.
    public var groups: [SDPGroup] {
        attributeValues("group").compactMap { SDPGroup(parsing: $0) }
    }

    /// The first `a=group:BUNDLE` group (RFC 9143 §7.1), if any.
    public var bundleGroup: SDPGroup? {
        groups.first { SDPGrammar.equalsIgnoringCase($0.semantics, "BUNDLE") }
    }

    /// True when the session-level `a=ice-lite` is present (RFC 8839 §5.3).
    public var isICELite: Bool { hasAttribute("ice-lite") }
}
