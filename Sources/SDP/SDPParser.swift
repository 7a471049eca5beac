/// The RFC 8866 §5 line parser behind `SDPSession(parsing:)`: splits lines, checks the bytes,
/// builds the sections and validates each line with `SDPLineValidator`.
enum SDPParser {
    static func parse(_ bytes: [UInt8]) throws(SDPParseError) -> SDPSession {
        if bytes.isEmpty { throw SDPParseError(.emptyInput, line: 0) }
        var sessionLines: [SDPLine] = []
        var media: [SDPMediaDescription] = []
        var seenInSection: Set<UInt8> = []
        var lineNumber = 0
        var start = 0
        while start < bytes.count {
            lineNumber += 1
            let line = try readLine(bytes, from: &start, number: lineNumber)
            if lineNumber == 1 {
                guard line.type == .version else { throw SDPParseError(.missingVersion, line: 1) }
            }
            if let kind = SDPLineValidator.check(line, inMedia: !media.isEmpty) {
                throw SDPParseError(kind, line: lineNumber)
            }
            if line.type == .media {
                guard let mediaLine = SDPMediaLine(parsing: line.value) else {
                    throw SDPParseError(.malformedValue(.media), line: lineNumber)
                }
                if media.isEmpty, !sessionLines.contains(where: { $0.type == .origin }) {
                    throw SDPParseError(.missingOrigin, line: lineNumber)
                }
                media.append(SDPMediaDescription(header: line, mediaLine: mediaLine))
                seenInSection = []
                continue
            }
            if [SDPLineType.version, .origin, .sessionName, .connection].contains(line.type) {
                guard seenInSection.insert(line.type.rawValue).inserted else {
                    throw SDPParseError(.duplicateLine(line.type), line: lineNumber)
                }
            }
            if media.isEmpty {
                sessionLines.append(line)
            } else {
                media[media.count - 1].lines.append(line)
            }
        }
        if !sessionLines.contains(where: { $0.type == .origin }) {
            throw SDPParseError(.missingOrigin, line: lineNumber)
        }
        return SDPSession(lines: sessionLines, media: media)
    }

    /// Reads one line starting at `start` and moves `start` past its ending.
    private static func readLine(_ bytes: [UInt8], from start: inout Int, number: Int) throws(SDPParseError) -> SDPLine {
        var end = start
        while end < bytes.count, bytes[end] != 0x0A { end += 1 }
        var contentEnd = end
        let ending: SDPLineEnding
        if end < bytes.count {
            if end > start, bytes[end - 1] == 0x0D {
                contentEnd = end - 1
                ending = .crlf
            } else {
                ending = .lf
            }
        } else {
            ending = .none
        }
        let lineStart = start
        start = end < bytes.count ? end + 1 : end
        if contentEnd == lineStart { throw SDPParseError(.emptyLine, line: number) }
        guard contentEnd - lineStart >= 2, let type = SDPLineType(rawValue: bytes[lineStart]),
              bytes[lineStart + 1] == 0x3D else {
            throw SDPParseError(.malformedLine, line: number)
        }
        let valueBytes = bytes[(lineStart + 2)..<contentEnd]
        if let bad = valueBytes.first(where: { $0 == 0x00 || $0 == 0x0D }) {
            throw SDPParseError(.invalidCharacter(bad), line: number)
        }
        guard let value = String(validating: valueBytes, as: UTF8.self) else {
            throw SDPParseError(.invalidUTF8, line: number)
        }
        return SDPLine(type, value, ending: ending)
    }
}
