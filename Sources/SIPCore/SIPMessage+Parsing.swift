extension SIPMessage {
    /// Parses one message as received in a datagram or a WebSocket frame (RFC 3261 §7, §18.3;
    /// RFC 7118 §5): octets after the body that Content-Length announces are discarded, and a
    /// message without Content-Length takes the rest of the input as its body.
    ///
    /// Strict mode throws on any violation of the message grammar that the framing depends on
    /// (start line, header lines, Content-Length). Header values are parsed lazily by the typed
    /// accessors and checked as a whole by `SIPValidator`.
    public init(parsing bytes: [UInt8], options: SIPParserOptions = .strict) throws(SIPParseError) {
        self = try SIPMessageParser.parse(bytes, options: options, streamBodyLength: nil)
    }

    /// Parses one message from a string's UTF-8 bytes (see `init(parsing:options:)`).
    public init(parsing text: String, options: SIPParserOptions = .strict) throws(SIPParseError) {
        try self.init(parsing: Array(text.utf8), options: options)
    }
}

/// The one-pass scanner behind `SIPMessage(parsing:)`.
enum SIPMessageParser {
    /// Parses `bytes`. With `streamBodyLength` set (stream framing already found the message's
    /// extent), Content-Length is taken as given and not re-checked against the input.
    static func parse(_ bytes: [UInt8], options: SIPParserOptions,
                      streamBodyLength: Int?) throws(SIPParseError) -> SIPMessage {
        let limits = options.limits
        let lenient = options.mode == .lenient
        if bytes.count > limits.maxMessageSize {
            throw SIPParseError(.limitExceeded("message larger than \(limits.maxMessageSize) bytes"), offset: limits.maxMessageSize)
        }
        var violations: [SIPParseError] = []
        let result: (SIPMessage.StartLine, [SIPFieldSpan], Range<Int>) = try bytes.withUnsafeBufferPointer {
            (buf: UnsafeBufferPointer<UInt8>) throws(SIPParseError) -> (SIPMessage.StartLine, [SIPFieldSpan], Range<Int>) in
            let n = buf.count
            var i = 0
            // RFC 3261 §7.5: ignore CRLFs before the start line.
            while i < n, buf[i] == 13 || buf[i] == 10 { i += 1 }
            if i == n { throw SIPParseError(.empty, offset: i) }

            // Start line.
            guard let (lineEnd, next) = try findLineEnd(buf, from: i, lenient: lenient, violations: &violations) else {
                throw SIPParseError(.truncated, offset: n)
            }
            let startLine = try parseStartLine(buf, i, lineEnd, lenient: lenient, violations: &violations)
            i = next

            // Header fields.
            var spans: [SIPFieldSpan] = []
            spans.reserveCapacity(24)
            var contentLength: Int? = nil
            var bodyStart = -1
            while i < n {
                let b = buf[i]
                if b == 13 {
                    if i + 1 < n, buf[i + 1] == 10 { bodyStart = i + 2; break }
                    if lenient { violations.append(SIPParseError(.bareLineFeed, offset: i)); bodyStart = i + 1; break }
                    throw SIPParseError(.malformedHeaderLine, offset: i)
                }
                if b == 10 {
                    if lenient { violations.append(SIPParseError(.bareLineFeed, offset: i)); bodyStart = i + 1; break }
                    throw SIPParseError(.bareLineFeed, offset: i)
                }
                if i > limits.maxHeaderSectionSize {
                    throw SIPParseError(.limitExceeded("header section larger than \(limits.maxHeaderSectionSize) bytes"), offset: i)
                }
                // Field name: a token, then optional white space, then ':'.
                let lineStart = i
                while i < n, SIPCharacterClass.isToken(buf[i]) { i += 1 }
                let nameEnd = i
                while i < n, buf[i] == 32 || buf[i] == 9 { i += 1 }
                if nameEnd == lineStart || i >= n || buf[i] != 58 {
                    // Not a header line: an empty name, a bad character or no colon.
                    let error = SIPParseError(i >= n ? .truncated : .malformedHeaderLine, offset: nameEnd == lineStart ? lineStart : i,
                                              header: nameEnd > lineStart ? String(decoding: UnsafeBufferPointer(rebasing: buf[lineStart..<nameEnd]), as: UTF8.self) : nil)
                    guard lenient, i < n else { throw error }
                    violations.append(error)
                    guard let (_, skip) = try findFieldEnd(buf, from: i, lenient: true, violations: &violations) else {
                        throw SIPParseError(.truncated, offset: n)
                    }
                    i = skip
                    continue
                }
                i += 1
                while i < n, buf[i] == 32 || buf[i] == 9 { i += 1 }
                guard let (rawEnd, next) = try findFieldEnd(buf, from: i, lenient: lenient, violations: &violations) else {
                    throw SIPParseError(.truncated, offset: n)
                }
                // Trim white space (and, for a value that starts on a folded line, the fold).
                var valueStart = i
                while valueStart < rawEnd, SIPCharacterClass.isLWS(buf[valueStart]) { valueStart += 1 }
                var valueEnd = rawEnd
                while valueEnd > valueStart, SIPCharacterClass.isLWS(buf[valueEnd - 1]) { valueEnd -= 1 }
                let id = SIPHeaderName.classify(buf, lineStart, nameEnd)
                if id == SIPHeaderName.contentLength.knownID {
                    let value = parseContentLength(buf, valueStart, valueEnd)
                    if let value {
                        if let existing = contentLength {
                            let error = SIPParseError(.duplicateHeader, offset: lineStart, header: "Content-Length")
                            if !lenient { throw error }
                            violations.append(error)
                            contentLength = existing
                        } else {
                            contentLength = value
                        }
                    } else {
                        let error = SIPParseError(.invalidContentLength, offset: valueStart, header: "Content-Length")
                        if !lenient { throw error }
                        violations.append(error)
                    }
                }
                spans.append(SIPFieldSpan(lineStart: lineStart, nameEnd: nameEnd, valueStart: valueStart,
                                          valueEnd: valueEnd, knownID: id))
                if spans.count > limits.maxHeaderCount {
                    throw SIPParseError(.limitExceeded("more than \(limits.maxHeaderCount) header fields"), offset: lineStart)
                }
                i = next
            }
            if bodyStart < 0 {
                // No empty line: the datagram ended right after a complete header line. The
                // datagram's end closes the header section; this is recorded, not rejected.
                violations.append(SIPParseError(.truncated, offset: n, header: "no empty line after the header fields"))
                bodyStart = n
            }
            let available = n - bodyStart
            var bodyEnd = n
            if let streamBodyLength {
                bodyEnd = bodyStart + min(streamBodyLength, available)
            } else if let length = contentLength {
                if length > available {
                    let error = SIPParseError(.contentLengthExceedsBody(declared: length, available: available), offset: bodyStart, header: "Content-Length")
                    if !lenient { throw error }
                    violations.append(error)
                } else {
                    bodyEnd = bodyStart + length
                    if bodyEnd < n, buf[bodyEnd..<n].contains(where: { !SIPCharacterClass.isLWS($0) }) {
                        violations.append(SIPParseError(.limitExceeded("\(n - bodyEnd) octets after Content-Length discarded"), offset: bodyEnd))
                    }
                }
            }
            return (startLine, spans, bodyStart..<bodyEnd)
        }
        var message = SIPMessage(storage: bytes, startLine: result.0, spans: result.1, bodyRange: result.2)
        message.violations = violations
        message.nestingLimit = limits.maxNestingDepth
        return message
    }

    /// Finds the end of the line starting at `from`: returns the index of its CR (or bare LF) and
    /// the start of the next line, or `nil` when the input ends first.
    @inline(__always)
    static func findLineEnd(_ buf: UnsafeBufferPointer<UInt8>, from: Int, lenient: Bool,
                            violations: inout [SIPParseError]) throws(SIPParseError) -> (Int, Int)? {
        var i = from
        let n = buf.count
        guard let base = buf.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        while i < n {
            // Skip 8 bytes at a time while none of them is below 0x0E (CR, LF and the other
            // control characters): (w - 0x0E…) & ~w & 0x80… is non-zero iff some byte < 0x0E.
            while i &+ 8 <= n {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if (w &- 0x0E0E_0E0E_0E0E_0E0E) & ~w & 0x8080_8080_8080_8080 != 0 { break }
                i &+= 8
            }
            let stop = Swift.min(i &+ 8, n)
            while i < stop {
                let b = buf[i]
                if b == 13 {
                    if i + 1 < n, buf[i + 1] == 10 { return (i, i + 2) }
                    if i + 1 >= n { return nil }
                    if !lenient { throw SIPParseError(.invalidCharacter(13), offset: i) }
                    violations.append(SIPParseError(.invalidCharacter(13), offset: i))
                    return (i, i + 1)
                }
                if b == 10 {
                    if !lenient { throw SIPParseError(.bareLineFeed, offset: i) }
                    violations.append(SIPParseError(.bareLineFeed, offset: i))
                    return (i, i + 1)
                }
                i += 1
            }
        }
        return nil
    }

    /// Finds the end of a header field, following folded continuation lines.
    @inline(__always)
    static func findFieldEnd(_ buf: UnsafeBufferPointer<UInt8>, from: Int, lenient: Bool,
                             violations: inout [SIPParseError]) throws(SIPParseError) -> (Int, Int)? {
        var start = from
        let n = buf.count
        while true {
            guard let (end, next) = try findLineEnd(buf, from: start, lenient: lenient, violations: &violations) else { return nil }
            if next < n, buf[next] == 32 || buf[next] == 9 {
                start = next
                continue
            }
            return (end, next)
        }
    }

    /// Parses a Content-Length value (`1*DIGIT`), or returns nil when it is not a number in range.
    @inline(__always)
    static func parseContentLength(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        guard start < end, end - start <= 10 else { return nil }
        var value = 0
        for k in start..<end {
            let d = buf[k] &- 48
            guard d < 10 else { return nil }
            value = value * 10 + Int(d)
        }
        return value <= Int(Int32.max) ? value : nil
    }
}
