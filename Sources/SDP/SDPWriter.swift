/// Builds a session description line by line into one byte buffer (CRLF endings), then makes a
/// single String of it whose ranges the lines keep: our offers and answers are written
/// directly as bytes, with no String per line or per field and nothing parsed back.
struct SDPWriter {
    private var bytes: [UInt8] = []
    /// Each written line: its type, attribute kind and the range of its value in `bytes`.
    private var spans: [(type: SDPLineType, kind: SDPAttributeKind, start: Int, end: Int)] = []
    /// The parsed form of each `m=` line, in order.
    private var mediaLines: [SDPMediaLine] = []
    /// The type, attribute kind and value start of the line being written.
    private var open: (type: SDPLineType, kind: SDPAttributeKind, start: Int)?

    /// A writer with room for `capacity` bytes and `lines` lines.
    init(capacity: Int = 1024, lines: Int = 32) {
        bytes.reserveCapacity(capacity)
        spans.reserveCapacity(lines)
    }

    /// Starts a line of `type`; what is appended up to the next `begin` or `finish` is its
    /// value. For an `a=` line, `kind` is the kind of the name that will be written. (`m=`
    /// lines are written with `media(_:)`.)
    mutating func begin(_ type: SDPLineType, kind: SDPAttributeKind = .notAttribute) {
        close()
        bytes.append(type.rawValue)
        bytes.append(0x3D)
        open = (type, type == .attribute ? kind : .notAttribute, bytes.count)
    }

    /// Starts an `a=` line with `name` (of kind `kind`), followed by a colon when `hasValue`.
    mutating func beginAttribute(_ name: StaticString, _ kind: SDPAttributeKind, hasValue: Bool = true) {
        begin(.attribute, kind: kind)
        append(ascii: name)
        if hasValue { bytes.append(0x3A) }
    }

    /// A whole `a=<name>:<value>` line.
    mutating func attribute(_ name: StaticString, _ kind: SDPAttributeKind, _ value: String) {
        beginAttribute(name, kind)
        append(value)
    }

    /// A whole property attribute line `a=<name>`.
    mutating func flag(_ name: StaticString, _ kind: SDPAttributeKind) {
        beginAttribute(name, kind, hasValue: false)
    }

    /// A whole `m=` line, written as `SDPMediaLine.description` does.
    mutating func media(_ line: SDPMediaLine) {
        begin(.media)
        append(line.media)
        space()
        append(decimal: UInt64(line.port))
        if let portCount = line.portCount {
            bytes.append(0x2F)
            append(decimal: UInt64(portCount))
        }
        space()
        append(line.proto)
        for format in line.formats {
            space()
            append(format)
        }
        mediaLines.append(line)
    }

    /// Appends the UTF-8 of `text`.
    @inline(__always) mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// Appends an ASCII literal.
    @inline(__always) mutating func append(ascii literal: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Appends one space.
    @inline(__always) mutating func space() { bytes.append(0x20) }

    /// Appends one byte.
    @inline(__always) mutating func append(byte: UInt8) { bytes.append(byte) }

    /// Appends a number in decimal, as `String(value)` writes it.
    mutating func append(decimal value: UInt64) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var rest = value
            var index = 20
            repeat {
                index -= 1
                digits[index] = UInt8(truncatingIfNeeded: rest % 10) &+ 0x30
                rest /= 10
            } while rest != 0 && index > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[index..<20]))
        }
    }

    /// Appends a signed number in decimal, as `String(value)` writes it.
    mutating func append(decimal value: Int) {
        if value < 0 { bytes.append(0x2D) }
        append(decimal: UInt64(value.magnitude))
    }

    /// Appends a byte as two upper-case hexadecimal digits.
    mutating func append(hex byte: UInt8) {
        bytes.append(Self.hexDigit(byte >> 4))
        bytes.append(Self.hexDigit(byte & 0x0F))
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x37 + nibble }

    private mutating func close() {
        guard let (type, kind, start) = open else { return }
        spans.append((type, kind, start, bytes.count))
        bytes.append(0x0D)
        bytes.append(0x0A)
        open = nil
    }

    /// The session: the lines before the first `m=` line are the session section, each `m=`
    /// line starts a media description. Every line ends with CRLF.
    mutating func finish() -> SDPSession {
        close()
        let storage = String(decoding: bytes, as: UTF8.self)
        var sections: [[SDPLine]] = [[]]
        var headers: [SDPLine] = []
        sections.reserveCapacity(mediaLines.count + 1)
        headers.reserveCapacity(mediaLines.count)
        var index = 0
        while index < spans.count {
            // The lines up to the next `m=` line (only `media(_:)` writes those).
            var end = index
            while end < spans.count, spans[end].type != .media { end += 1 }
            var lines: [SDPLine] = []
            lines.reserveCapacity(end - index)
            for span in spans[index..<end] {
                let line = SDPLine(span.type, storage: storage, start: span.start, end: span.end, ending: .crlf, kind: span.kind)
                assert(SDPLine(line.type, line.value).kind == line.kind, "wrong attribute kind written")
                lines.append(line)
            }
            sections[sections.count - 1] = lines
            guard end < spans.count else { break }
            let span = spans[end]
            headers.append(SDPLine(.media, storage: storage, start: span.start, end: span.end, ending: .crlf, kind: .notAttribute))
            sections.append([])
            index = end + 1
        }
        var media: [SDPMediaDescription] = []
        media.reserveCapacity(headers.count)
        for (position, header) in headers.enumerated() where position < mediaLines.count {
            media.append(SDPMediaDescription(header: header, mediaLine: mediaLines[position], lines: sections[position + 1]))
        }
        return SDPSession(lines: sections[0], media: media)
    }
}
