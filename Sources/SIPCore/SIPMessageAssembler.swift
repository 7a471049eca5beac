/// Writes a message's bytes and its spans in one go, for `SIPMessageBuilder`: no text is
/// re-parsed, yet everything that could break the framing is refused exactly as the strict
/// parser would (a non-token method or header name, white space or a control character in the
/// Request-URI, CR, LF or NUL in a header value or reason phrase).
struct SIPMessageAssembler {
    private(set) var storage: [UInt8] = []
    private var spans: [SIPFieldSpan] = []
    private let startLine: SIPMessage.StartLine

    /// Starts a request: `METHOD SP Request-URI SP SIP/2.0 CRLF`.
    init(method: SIPMethod, uri: String, capacity: Int) throws(SIPParseError) {
        storage.reserveCapacity(capacity)
        spans.reserveCapacity(12)
        let methodBytes = Array(method.rawValue.utf8)
        guard SIPCharacterClass.isToken(methodBytes) else { throw SIPParseError(.invalidMethod, offset: 0) }
        storage.append(contentsOf: methodBytes)
        storage.append(32)
        let uriStart = storage.count
        storage.append(contentsOf: uri.utf8)
        if uriStart == storage.count { throw SIPParseError(.invalidRequestURI("empty"), offset: uriStart) }
        if let bad = storage[uriStart...].firstIndex(where: { $0 <= 32 || $0 == 127 }) {
            throw SIPParseError(.invalidRequestURI("white space or control character"), offset: bad)
        }
        let uriEnd = storage.count
        storage.append(contentsOf: " SIP/2.0\r\n".utf8)
        startLine = .request(method: 0..<methodBytes.count, uri: uriStart..<uriEnd, version: (uriEnd + 1)..<(uriEnd + 8))
    }

    /// Starts a response: `SIP/2.0 SP Status-Code SP Reason-Phrase CRLF`.
    init(status: Int, reason: String, capacity: Int) throws(SIPParseError) {
        guard status >= 100, status <= 699 else { throw SIPParseError(.invalidStatusCode, offset: 0) }
        storage.reserveCapacity(capacity)
        spans.reserveCapacity(12)
        storage.append(contentsOf: "SIP/2.0 \(status) ".utf8)
        let reasonStart = storage.count
        storage.append(contentsOf: reason.utf8)
        if let bad = storage[reasonStart...].firstIndex(where: { $0 == 13 || $0 == 10 || $0 == 0 }) {
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
        // Leading and trailing white space is not part of a value (the parser trims it too).
        let utf8 = value.utf8
        let first = utf8.firstIndex { $0 != 32 && $0 != 9 } ?? utf8.endIndex
        let last = utf8.lastIndex { $0 != 32 && $0 != 9 }.map { utf8.index(after: $0) } ?? first
        storage.append(contentsOf: utf8[first..<max(first, last)])
        if let bad = storage[valueStart...].firstIndex(where: { $0 == 13 || $0 == 10 || $0 == 0 }) {
            let byte = storage[bad]
            storage.removeSubrange(lineStart...)
            throw SIPParseError(.invalidCharacter(byte), offset: bad, header: name)
        }
        finishLine(lineStart: lineStart, nameEnd: nameEnd, valueStart: valueStart)
    }

    /// Copies a field of a parsed message byte for byte (its bytes already passed the parser).
    mutating func copy(_ span: SIPFieldSpan, from message: SIPMessage, appending suffix: String = "") {
        let lineStart = storage.count
        storage.append(contentsOf: message.storage[span.lineStart..<span.nameEnd])
        let nameEnd = storage.count
        storage.append(58)
        storage.append(32)
        let valueStart = storage.count
        storage.append(contentsOf: message.storage[span.valueStart..<span.valueEnd])
        storage.append(contentsOf: suffix.utf8)
        finishLine(lineStart: lineStart, nameEnd: nameEnd, valueStart: valueStart)
    }

    private mutating func finishLine(lineStart: Int, nameEnd: Int, valueStart: Int) {
        let id = storage.withUnsafeBufferPointer { SIPHeaderName.classify($0, lineStart, nameEnd) }
        spans.append(SIPFieldSpan(lineStart: lineStart, nameEnd: nameEnd, valueStart: valueStart,
                                  valueEnd: storage.count, knownID: id))
        storage.append(13)
        storage.append(10)
    }

    /// Ends the header section with Content-Length and appends the body.
    mutating func finish(body: [UInt8]) -> SIPMessage {
        // The value is digits: it cannot fail.
        try? header("Content-Length", String(body.count))
        storage.append(13)
        storage.append(10)
        let bodyStart = storage.count
        storage.append(contentsOf: body)
        return SIPMessage(storage: storage, startLine: startLine, spans: spans, bodyRange: bodyStart..<storage.count)
    }
}
