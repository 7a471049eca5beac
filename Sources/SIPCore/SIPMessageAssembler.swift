/// Writes a message's bytes and its spans in one go, for `SIPMessageBuilder`: no text is
/// re-parsed, yet everything that could break the framing is refused exactly as the strict
/// parser would (a non-token method or header name, white space or a control character in the
/// Request-URI, CR, LF or NUL in a header value or reason phrase).
///
/// Typed values (URI, Via, name-addr, CSeq) are written straight into the storage; since their
/// parts are caller-supplied Strings, the written bytes are still checked, in place.
struct SIPMessageAssembler {
    private(set) var storage: [UInt8] = []
    private var spans: [SIPFieldSpan] = []
    private let startLine: SIPMessage.StartLine

    /// Starts a request: `METHOD SP Request-URI SP SIP/2.0 CRLF`.
    init(method: SIPMethod, uri: SIPURI, capacity: Int) throws(SIPParseError) {
        storage.reserveCapacity(capacity)
        spans.reserveCapacity(12)
        storage.append(contentsOf: method.rawValue.utf8)
        let methodEnd = storage.count
        guard SIPCharacterClass.isToken(storage) else { throw SIPParseError(.invalidMethod, offset: 0) }
        storage.append(32)
        let uriStart = storage.count
        uri.write(to: &storage)
        if uriStart == storage.count { throw SIPParseError(.invalidRequestURI("empty"), offset: uriStart) }
        if let bad = Self.firstIndex(in: storage, from: uriStart, where: { $0 <= 32 || $0 == 127 }) {
            throw SIPParseError(.invalidRequestURI("white space or control character"), offset: bad)
        }
        let uriEnd = storage.count
        storage.append(contentsOf: [32, 83, 73, 80, 47, 50, 46, 48, 13, 10]) // " SIP/2.0\r\n"
        startLine = .request(method: 0..<methodEnd, uri: uriStart..<uriEnd, version: (uriEnd + 1)..<(uriEnd + 8))
    }

    /// Starts a response: `SIP/2.0 SP Status-Code SP Reason-Phrase CRLF`.
    init(status: Int, reason: String, capacity: Int) throws(SIPParseError) {
        guard status >= 100, status <= 699 else { throw SIPParseError(.invalidStatusCode, offset: 0) }
        storage.reserveCapacity(capacity)
        spans.reserveCapacity(12)
        storage.append(contentsOf: [83, 73, 80, 47, 50, 46, 48, 32]) // "SIP/2.0 "
        storage.appendDecimal(status)
        storage.append(32)
        let reasonStart = storage.count
        storage.append(contentsOf: reason.utf8)
        if let bad = Self.firstIndex(in: storage, from: reasonStart, where: Self.breaksLine) {
            throw SIPParseError(.invalidCharacter(storage[bad]), offset: bad)
        }
        startLine = .response(version: 0..<7, code: status, reason: reasonStart..<storage.count)
        storage.append(13)
        storage.append(10)
    }

    /// Appends `name: value`, checking the name is a token and the value has no CR, LF or NUL.
    mutating func header(_ name: String, _ value: String) throws(SIPParseError) {
        let lineStart = storage.count
        storage.append(contentsOf: name.utf8)
        let nameEnd = storage.count
        guard nameEnd > lineStart, storage[lineStart..<nameEnd].allSatisfy(SIPCharacterClass.isToken) else {
            storage.removeSubrange(lineStart...)
            throw SIPParseError(.malformedHeaderLine, offset: lineStart, header: name)
        }
        storage.append(58)
        storage.append(32)
        let valueStart = storage.count
        storage.append(contentsOf: value.utf8)
        try endValue(lineStart: lineStart, nameEnd: nameEnd, valueStart: valueStart, name: name)
    }

    /// Appends `name: value` for a header name of this package's own (a token by construction),
    /// `id` being that name's known header: the value is checked as in `header(_:_:)`.
    mutating func knownHeader(_ name: StaticString, _ id: SIPHeaderName, text value: String) throws(SIPParseError) {
        let lineStart = storage.count
        name.withUTF8Buffer { storage.append(contentsOf: $0) }
        let nameEnd = storage.count
        storage.append(58)
        storage.append(32)
        let valueStart = storage.count
        storage.append(contentsOf: value.utf8)
        try endValue(lineStart: lineStart, nameEnd: nameEnd, valueStart: valueStart, knownID: id.knownID,
                     name: name.description)
    }

    /// Appends `name: value` (`id` being the name's known header), the value written in place
    /// from its typed form; the bytes are checked as in `header(_:_:)` (the value's parts are
    /// caller-supplied Strings).
    mutating func knownHeader<Value: SIPByteWritable>(_ name: StaticString, _ id: SIPHeaderName,
                                                      _ value: Value) throws(SIPParseError) {
        let lineStart = storage.count
        name.withUTF8Buffer { storage.append(contentsOf: $0) }
        let nameEnd = storage.count
        storage.append(58)
        storage.append(32)
        let valueStart = storage.count
        value.write(to: &storage)
        try endValue(lineStart: lineStart, nameEnd: nameEnd, valueStart: valueStart, knownID: id.knownID,
                     name: name.description)
    }

    /// Trims the value just written, refuses CR, LF or NUL in it (removing the line), and ends the line.
    private mutating func endValue(lineStart: Int, nameEnd: Int, valueStart: Int, knownID: UInt8? = nil,
                                   name: @autoclosure () -> String) throws(SIPParseError) {
        // One pass: the value without leading and trailing white space (the parser trims it
        // too), and the first CR, LF or NUL in it.
        let (first, end, bad) = storage.withUnsafeBufferPointer { p -> (Int, Int, Int?) in
            var end = p.count
            while end > valueStart, p[end - 1] == 32 || p[end - 1] == 9 { end -= 1 }
            var first = valueStart
            while first < end, p[first] == 32 || p[first] == 9 { first += 1 }
            var i = first
            while i < end {
                if Self.breaksLine(p[i]) { return (first, end, i) }
                i += 1
            }
            return (first, end, nil)
        }
        if let bad {
            let byte = storage[bad]
            storage.removeSubrange(lineStart...)
            // The offset is where the byte sits once the leading white space is removed.
            throw SIPParseError(.invalidCharacter(byte), offset: bad - (first - valueStart), header: name())
        }
        if end < storage.count { storage.removeSubrange(end...) }
        if first > valueStart { storage.removeSubrange(valueStart..<first) }
        finishLine(lineStart: lineStart, nameEnd: nameEnd, valueStart: valueStart, knownID: knownID)
    }

    /// Copies a field of a parsed message byte for byte (its bytes already passed the parser).
    mutating func copy(_ span: SIPFieldSpan, from message: SIPMessage) {
        let lineStart = storage.count
        storage.append(contentsOf: message.storage[span.lineStart..<span.nameEnd])
        let nameEnd = storage.count
        storage.append(58)
        storage.append(32)
        let valueStart = storage.count
        storage.append(contentsOf: message.storage[span.valueStart..<span.valueEnd])
        finishLine(lineStart: lineStart, nameEnd: nameEnd, valueStart: valueStart)
    }

    /// Copies a field of a parsed message and appends `;tag=` and `tag` (a token the caller checked).
    mutating func copy(_ span: SIPFieldSpan, from message: SIPMessage, tag: String) {
        let lineStart = storage.count
        storage.append(contentsOf: message.storage[span.lineStart..<span.nameEnd])
        let nameEnd = storage.count
        storage.append(58)
        storage.append(32)
        let valueStart = storage.count
        storage.append(contentsOf: message.storage[span.valueStart..<span.valueEnd])
        storage.append(contentsOf: [59, 116, 97, 103, 61]) // ";tag="
        storage.append(contentsOf: tag.utf8)
        finishLine(lineStart: lineStart, nameEnd: nameEnd, valueStart: valueStart)
    }

    /// Records the field's span and writes CRLF; `knownID`, when given, is the name's known-header
    /// ID (what `SIPHeaderName.classify` would find), saving the lookup.
    private mutating func finishLine(lineStart: Int, nameEnd: Int, valueStart: Int, knownID: UInt8? = nil) {
        let id = knownID ?? storage.withUnsafeBufferPointer { SIPHeaderName.classify($0, lineStart, nameEnd) }
        assert(id == storage.withUnsafeBufferPointer { SIPHeaderName.classify($0, lineStart, nameEnd) })
        spans.append(SIPFieldSpan(lineStart: lineStart, nameEnd: nameEnd, valueStart: valueStart,
                                  valueEnd: storage.count, knownID: id))
        storage.append(13)
        storage.append(10)
    }

    /// Ends the header section with Content-Length and appends the body.
    mutating func finish(body: [UInt8]) -> SIPMessage {
        let lineStart = storage.count
        // "Content-Length: " and the digits: nothing to check.
        storage.append(contentsOf: [67, 111, 110, 116, 101, 110, 116, 45, 76, 101, 110, 103, 116, 104])
        let nameEnd = storage.count
        storage.append(58)
        storage.append(32)
        let valueStart = storage.count
        storage.appendDecimal(body.count)
        finishLine(lineStart: lineStart, nameEnd: nameEnd, valueStart: valueStart, knownID: SIPHeaderName.contentLength.knownID)
        storage.append(13)
        storage.append(10)
        let bodyStart = storage.count
        storage.append(contentsOf: body)
        return SIPMessage(storage: storage, startLine: startLine, spans: spans, bodyRange: bodyStart..<storage.count)
    }

    @inline(__always)
    private static func breaksLine(_ b: UInt8) -> Bool { b == 13 || b == 10 || b == 0 }

    /// The first index at or after `start` whose byte matches `predicate`.
    @inline(__always)
    private static func firstIndex(in storage: [UInt8], from start: Int,
                                   where predicate: (UInt8) -> Bool) -> Int? {
        storage.withUnsafeBufferPointer { p -> Int? in
            var i = start
            while i < p.count {
                if predicate(p[i]) { return i }
                i += 1
            }
            return nil
        }
    }
}
