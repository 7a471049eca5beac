extension SIPMessage {
    /// The message's wire form: start line, every header field line with its original bytes
    /// (folds kept), an empty line and the body. Parsing the result gives an equal message.
    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bodyRange.upperBound + 64)
        switch startLine {
        case let .request(m, u, v):
            out.append(contentsOf: storage[m]); out.append(32)
            out.append(contentsOf: storage[u]); out.append(32)
            out.append(contentsOf: storage[v])
        case let .response(v, code, r):
            out.append(contentsOf: storage[v]); out.append(32)
            out.append(UInt8(48 + code / 100)); out.append(UInt8(48 + code / 10 % 10)); out.append(UInt8(48 + code % 10))
            out.append(32)
            out.append(contentsOf: storage[r])
        }
        out.append(13); out.append(10)
        for span in spans {
            out.append(contentsOf: storage[span.lineStart..<span.nameEnd])
            out.append(58); out.append(32)
            out.append(contentsOf: storage[span.valueStart..<span.valueEnd])
            out.append(13); out.append(10)
        }
        out.append(13); out.append(10)
        out.append(contentsOf: storage[bodyRange])
        return out
    }

    /// The wire form as text (the body decoded as UTF-8).
    public var text: String { String(decoding: serialized(), as: UTF8.self) }

    // MARK: Editing

    /// Appends a header field. The name must be a token and the value may not contain CR or LF.
    public mutating func append(header name: String, value: String) throws(SIPParseError) {
        try insert(header: name, value: value, at: spans.count)
    }

    /// Inserts a header field before the field at `position` (0 puts it first).
    public mutating func insert(header name: String, value: String, at position: Int) throws(SIPParseError) {
        let nameBytes = Array(name.utf8), valueBytes = Array(value.utf8)
        guard SIPCharacterClass.isToken(nameBytes) else {
            throw SIPParseError(.malformedHeaderLine, offset: 0, header: name)
        }
        if let bad = valueBytes.firstIndex(where: { $0 == 13 || $0 == 10 || $0 == 0 }) {
            throw SIPParseError(.invalidCharacter(valueBytes[bad]), offset: bad, header: name)
        }
        let lineStart = storage.count
        storage.append(contentsOf: nameBytes)
        let valueStart = storage.count
        storage.append(contentsOf: valueBytes)
        let id = nameBytes.withUnsafeBufferPointer { SIPHeaderName.classify($0, 0, $0.count) }
        let span = SIPFieldSpan(lineStart: lineStart, nameEnd: valueStart, valueStart: valueStart,
                                valueEnd: storage.count, knownID: id)
        spans.insert(span, at: Swift.min(Swift.max(position, 0), spans.count))
    }

    /// Removes every field with this name; returns how many were removed.
    @discardableResult
    public mutating func removeHeaders(_ name: SIPHeaderName) -> Int {
        let kept = spans.filter { !matches($0, name) }
        defer { spans = kept }
        return spans.count - kept.count
    }

    /// Replaces every field with this name by one field with `value`, where the first one stood
    /// (or at the end).
    public mutating func setHeader(_ name: String, value: String) throws(SIPParseError) {
        let headerName = SIPHeaderName(name)
        let position = spans.firstIndex { matches($0, headerName) } ?? spans.count
        removeHeaders(headerName)
        try insert(header: name, value: value, at: position)
    }

    /// Replaces the first (topmost) field with this name by one with `value` in the same place
    /// (or appends it when there is none), e.g. the top Via a server stamps with `received`.
    public mutating func setFirst(_ name: String, value: String) throws(SIPParseError) {
        let headerName = SIPHeaderName(name)
        guard let index = spans.firstIndex(where: { matches($0, headerName) }) else {
            try append(header: name, value: value)
            return
        }
        spans.remove(at: index)
        try insert(header: name, value: value, at: index)
    }

    /// Removes the first (topmost) field with this name, e.g. the top Via at a proxy.
    public mutating func removeFirst(_ name: SIPHeaderName) {
        if let index = spans.firstIndex(where: { matches($0, name) }) { spans.remove(at: index) }
    }

    /// Replaces the body and sets Content-Length (and Content-Type when given).
    public mutating func setBody(_ body: [UInt8], contentType: String? = nil) throws(SIPParseError) {
        if let contentType { try setHeader("Content-Type", value: contentType) }
        try setHeader("Content-Length", value: String(body.count))
        let start = storage.count
        storage.append(contentsOf: body)
        bodyRange = start..<storage.count
    }

    /// Removes the octets no span refers to any more (after many edits).
    public mutating func compact() {
        if let copy = try? SIPMessage(parsing: serialized(), options: .lenient) {
            let kept = violations
            self = copy
            violations = kept
        }
    }
}
