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
        let result = bytes.withContiguousStorageIfAvailable { SDPParser.parse($0) }
            ?? Array(bytes).withUnsafeBufferPointer { SDPParser.parse($0) }
        self = try result.get()
    }

    /// Parses a session description from a byte array (RFC 8866 §5): the same as the
    /// `some Collection<UInt8>` form, without its generic dispatch.
    public init(parsing bytes: [UInt8]) throws(SDPParseError) {
        self = try bytes.withUnsafeBufferPointer { SDPParser.parse($0) }.get()
    }

    /// Parses a session description from text (RFC 8866 §5); see `init(parsing:)` for bytes.
    public init(parsing text: String) throws(SDPParseError) {
        self = try SDPParser.parse(text).get()
    }

    /// The bytes of the session description: every line with its own line ending (RFC 8866 §5).
    /// A line without an ending that is not the last line is written with CRLF.
    public func serialized() -> [UInt8] {
        if let bytes = contiguousBytes() { return bytes }
        var total = 0
        forEachLine { line, isLast in
            total += line.wireCount(ending: !isLast && line.ending == .none ? .crlf : line.ending)
        }
        var out: [UInt8] = []
        out.reserveCapacity(total)
        forEachLine { line, isLast in
            line.write(to: &out, ending: !isLast && line.ending == .none ? .crlf : nil)
        }
        return out
    }

    /// The serialization as one copy, when every line is still where it was read (or written by
    /// `SDPWriter`): all lines in one stored text, in order, each with its type letter, `=` and
    /// ending around its value, and nothing in between. Nil otherwise.
    private func contiguousBytes() -> [UInt8]? {
        guard let first = lines.first, first.start >= 2, first.storage.utf8.count > 15 else { return nil }
        let storage = first.storage
        return SDPGrammar.withBytes(storage) { text -> [UInt8]? in
            guard let base = text.baseAddress else { return nil }
            var next = first.start - 2
            var ok = true
            forEachLine { line, isLast in
                guard ok else { return }
                let sameText = SDPGrammar.withBytes(line.storage) { $0.baseAddress == base }
                let end = line.end + line.ending.count
                guard sameText, line.start == next + 2, end <= text.count, text[next] == line.type.rawValue,
                      text[next + 1] == 0x3D, isLast || line.ending != .none else {
                    ok = false
                    return
                }
                switch line.ending {
                case .crlf: ok = text[line.end] == 0x0D && text[line.end + 1] == 0x0A
                case .lf: ok = text[line.end] == 0x0A
                case .none: ok = true
                }
                next = end
            }
            return ok ? Array(text.slice(first.start - 2, next)) : nil
        }
    }

    /// Calls `body` with every line in wire order and whether it is the last one.
    private func forEachLine(_ body: (borrowing SDPLine, Bool) -> Void) {
        var remaining = lines.count
        for description in media { remaining += 1 + description.lines.count }
        lines.withUnsafeBufferPointer { lines in
            for index in lines.indices {
                remaining -= 1
                body(lines[index], remaining == 0)
            }
        }
        media.withUnsafeBufferPointer { media in
            for mediaIndex in media.indices {
                remaining -= 1
                body(media[mediaIndex].header, remaining == 0)
                media[mediaIndex].lines.withUnsafeBufferPointer { lines in
                    for index in lines.indices {
                        remaining -= 1
                        body(lines[index], remaining == 0)
                    }
                }
            }
        }
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
        lines.first { $0.type == .origin }.flatMap { line in line.withValue { SDPOrigin(bytes: $0) } }
    }

    /// Every `a=group` line (RFC 5888 §5), in order.
    public var groups: [SDPGroup] { values(.group) { SDPGroup(bytes: $0) } }

    /// The first `a=group:BUNDLE` group (RFC 9143 §7.1), if any.
    public var bundleGroup: SDPGroup? {
        groups.first { SDPGrammar.equalsIgnoringCase($0.semantics, "BUNDLE") }
    }

    /// Whether the first `a=group:BUNDLE` group lists `tag` (false when there is no such group),
    /// read without making the group's Strings.
    func bundleGroupLists(_ tag: String) -> Bool {
        firstResult(.group) { SDPGroup.lists($0, semantics: "bundle", tag: tag) } ?? false
    }

    /// True when the session-level `a=ice-lite` is present (RFC 8839 §5.3).
    public var isICELite: Bool { has(.iceLite) }
}
