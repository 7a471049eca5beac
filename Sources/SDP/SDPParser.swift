/// The RFC 8866 §5 line parser behind `SDPSession(parsing:)`: one pass over the bytes that
/// splits the lines, checks their bytes and grammar (`SDPLineValidator`) and builds the
/// sections. Lines keep their values as byte ranges of one String holding the whole text, so
/// parsing makes no String per line.
enum SDPParser {
    typealias Bytes = UnsafeBufferPointer<UInt8>

    /// Parses UTF-8 bytes.
    static func parse(_ bytes: Bytes) -> Result<SDPSession, SDPParseError> {
        if bytes.isEmpty { return .failure(SDPParseError(.emptyInput, line: 0)) }
        // All-ASCII input (the usual case) is valid UTF-8 as it is.
        let ascii = bytes.isASCII
        guard let text = ascii ? String(decoding: bytes, as: UTF8.self) : String(validating: bytes, as: UTF8.self) else {
            // Some line is not UTF-8; find the first problem in line order, as a line-by-line
            // parse does (an earlier line may have another error).
            return run(bytes, storage: "", checkingUTF8: true)
        }
        return parse(text)
    }

    /// Parses text.
    static func parse(_ text: String) -> Result<SDPSession, SDPParseError> {
        if text.isEmpty { return .failure(SDPParseError(.emptyInput, line: 0)) }
        return SDPGrammar.withBytes(text) { run($0, storage: text, checkingUTF8: false) }
    }

    /// One line of the section being read, before it becomes an `SDPLine`.
    private struct Span {
        var start: Int, end: Int
        var type: SDPLineType
        var ending: SDPLineEnding
        var kind: SDPAttributeKind
    }

    /// The parse proper. `bytes` are the UTF-8 of `storage`, whose ranges the lines keep; with
    /// `checkingUTF8`, each line is validated (used only for input that is not UTF-8, which
    /// always ends in an error). The lines of the current section are collected as spans in a
    /// scratch buffer and become one exactly sized `[SDPLine]` when the section ends.
    private static func run(_ bytes: Bytes, storage: String, checkingUTF8: Bool) -> Result<SDPSession, SDPParseError> {
        // Every line but the last takes at least 3 bytes (`x=` and an ending).
        let capacity = bytes.count / 3 + 2
        return withUnsafeTemporaryAllocation(of: Span.self, capacity: capacity) { spans in
            run(bytes, storage: storage, checkingUTF8: checkingUTF8, spans: spans)
        }
    }

    private static func run(_ bytes: Bytes, storage: String, checkingUTF8: Bool,
                            spans: UnsafeMutableBufferPointer<Span>) -> Result<SDPSession, SDPParseError> {
        let count = bytes.count
        var spanCount = 0
        var sessionLines: [SDPLine]?
        var media: [SDPMediaDescription] = []
        var header: (line: SDPLine, mediaLine: SDPMediaLine)?
        var hasOrigin = false
        var seen: UInt8 = 0
        var lineNumber = 0
        var start = 0
        while start < count {
            lineNumber += 1
            var end = start
            var bad = -1
            while true {
                end = bytes.firstControl(from: end)
                if end == count { break }
                let byte = bytes[end]
                if byte == 0x0A { break }
                if bad < 0, byte == 0x0D || byte == 0 { bad = end }
                end += 1
            }
            let lineStart = start
            var contentEnd = end
            let ending: SDPLineEnding
            if end < count {
                start = end + 1
                if end > lineStart, bytes[end - 1] == 0x0D {
                    contentEnd = end - 1
                    ending = .crlf
                } else {
                    ending = .lf
                }
            } else {
                start = end
                ending = .none
            }
            if contentEnd == lineStart { return failure(.emptyLine, lineNumber) }
            guard contentEnd - lineStart >= 2, let type = SDPLineType(rawValue: bytes[lineStart]),
                  bytes[lineStart + 1] == 0x3D else { return failure(.malformedLine, lineNumber) }
            if bad >= 0, bad < contentEnd { return failure(.invalidCharacter(bytes[bad]), lineNumber) }
            let valueStart = lineStart + 2
            let value = bytes.slice(valueStart, contentEnd)
            if checkingUTF8, String(validating: value, as: UTF8.self) == nil { return failure(.invalidUTF8, lineNumber) }
            if lineNumber == 1, type != .version { return failure(.missingVersion, 1) }

            if type == .media {
                guard let mediaLine = SDPMediaLine(bytes: value) else { return failure(.malformedValue(.media), lineNumber) }
                if !hasOrigin, header == nil { return failure(.missingOrigin, lineNumber) }
                let lines = makeLines(spans, spanCount, storage)
                if let (line, mediaLine) = header {
                    media.append(SDPMediaDescription(header: line, mediaLine: mediaLine, lines: lines))
                } else {
                    sessionLines = lines
                }
                spanCount = 0
                header = (SDPLine(.media, storage: storage, start: valueStart, end: contentEnd, ending: ending,
                                  kind: .notAttribute), mediaLine)
                seen = 0
                continue
            }
            var kind = SDPAttributeKind.notAttribute
            if let problem = SDPLineValidator.check(type, value, inMedia: header != nil, kind: &kind) {
                return failure(problem, lineNumber)
            }
            let bit: UInt8
            switch type {
            case .version: bit = 1
            case .origin: bit = 2
            case .sessionName: bit = 4
            case .connection: bit = 8
            default: bit = 0
            }
            if bit != 0 {
                if seen & bit != 0 { return failure(.duplicateLine(type), lineNumber) }
                seen |= bit
                if bit == 2 { hasOrigin = true }
            }
            guard spanCount < spans.count else { return failure(.malformedLine, lineNumber) }
            spans[spanCount] = Span(start: valueStart, end: contentEnd, type: type, ending: ending, kind: kind)
            spanCount += 1
        }
        if !hasOrigin { return failure(.missingOrigin, lineNumber) }
        let lines = makeLines(spans, spanCount, storage)
        if let (line, mediaLine) = header {
            media.append(SDPMediaDescription(header: line, mediaLine: mediaLine, lines: lines))
            return .success(SDPSession(lines: sessionLines ?? [], media: media))
        }
        return .success(SDPSession(lines: lines, media: media))
    }

    /// The lines of the first `count` spans, in an array of exactly that size.
    private static func makeLines(_ spans: UnsafeMutableBufferPointer<Span>, _ count: Int, _ storage: String) -> [SDPLine] {
        [SDPLine](unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in 0..<count {
                let span = spans[index]
                buffer.initializeElement(at: index, to: SDPLine(span.type, storage: storage, start: span.start, end: span.end,
                                                                ending: span.ending, kind: span.kind))
            }
            initialized = count
        }
    }

    private static func failure(_ kind: SDPParseError.Kind, _ line: Int) -> Result<SDPSession, SDPParseError> {
        .failure(SDPParseError(kind, line: line))
    }
}
