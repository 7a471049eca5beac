/// A cursor over one header field value that reads the shared pieces of the RFC 3261 §25.1
/// grammar: LWS, tokens, quoted strings, comments, separators and generic parameters.
///
/// Errors carry the byte offset in the message and the header's name.
struct SIPHeaderScanner {
    let bytes: SIPBytes
    var index: Int
    /// The header's name as written, read only when an error is reported.
    let nameBytes: SIPBytes

    /// Deepest comment nesting followed (`SIPParserLimits.maxNestingDepth`).
    let maxDepth: Int

    init(_ bytes: SIPBytes, name: SIPBytes, maxDepth: Int = SIPParserLimits.default.maxNestingDepth) {
        self.bytes = bytes
        self.index = bytes.startIndex
        self.nameBytes = name
        self.maxDepth = maxDepth
    }

    /// The header's name as written (for error reports).
    var header: String { String(decoding: nameBytes, as: UTF8.self) }

    var atEnd: Bool { index >= bytes.endIndex }
    var peek: UInt8? { index < bytes.endIndex ? bytes[index] : nil }

    func error(_ why: String, at: Int? = nil) -> SIPParseError {
        SIPParseError(.invalidHeaderValue(why), offset: at ?? index, header: header)
    }

    /// Skips linear white space (SP, HTAB and line folds).
    mutating func skipLWS() {
        while index < bytes.endIndex, SIPCharacterClass.isLWS(bytes[index]) { index += 1 }
    }

    /// Skips LWS and consumes `separator` (with LWS after it) if it is next.
    mutating func consume(_ separator: UInt8) -> Bool {
        let saved = index
        skipLWS()
        if index < bytes.endIndex, bytes[index] == separator {
            index += 1
            skipLWS()
            return true
        }
        index = saved
        return false
    }

    /// Requires `separator` (LWS around it allowed).
    mutating func expect(_ separator: UInt8, _ what: String) throws(SIPParseError) {
        guard consume(separator) else { throw error("expected \(what)") }
    }

    /// Reads a token (`1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")`).
    mutating func token(_ what: String = "token") throws(SIPParseError) -> String {
        let start = index
        while index < bytes.endIndex, SIPCharacterClass.isToken(bytes[index]) { index += 1 }
        guard index > start else { throw error("expected \(what)") }
        return SIPText.string(bytes[start..<index])
    }

    /// Reads a run of decimal digits as a value no larger than `max`.
    mutating func number(max: UInt64, _ what: String) throws(SIPParseError) -> UInt64 {
        let start = index
        var value: UInt64 = 0
        var overflow = false
        while index < bytes.endIndex, SIPCharacterClass.isDigit(bytes[index]) {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(bytes[index] - 48))
            if o1 || o2 { overflow = true }
            value = a
            index += 1
        }
        guard index > start else { throw error("expected \(what)") }
        guard !overflow, value <= max else { throw error("\(what) too large", at: start) }
        return value
    }

    /// Reads a quoted-string including its quotes, validating qdtext and quoted-pairs.
    mutating func quotedString() throws(SIPParseError) -> String {
        let start = index
        guard index < bytes.endIndex, bytes[index] == 34 else { throw error("expected quoted string") }
        index += 1
        while index < bytes.endIndex {
            let b = bytes[index]
            if b == 34 {
                index += 1
                return String(decoding: bytes[start..<index], as: UTF8.self)
            }
            if b == 92 {
                guard index + 1 < bytes.endIndex, bytes[index + 1] != 10, bytes[index + 1] != 13,
                      bytes[index + 1] < 128 else { throw error("bad quoted-pair") }
                index += 2
                continue
            }
            if b < 32, b != 9, b != 13, b != 10 { throw error("control character in quoted string") }
            if b == 127 { throw error("control character in quoted string") }
            index += 1
        }
        throw error("unterminated quoted string", at: start)
    }

    /// Reads a comment `( … )`, nested up to `maxDepth`.
    mutating func comment() throws(SIPParseError) -> String {
        let start = index
        var depth = 0
        while index < bytes.endIndex {
            let b = bytes[index]
            if b == 40 {
                depth += 1
                guard depth <= maxDepth else { throw error("comment nested too deeply") }
            } else if b == 41 {
                depth -= 1
                if depth == 0 {
                    index += 1
                    return String(decoding: bytes[start..<index], as: UTF8.self)
                }
            } else if b == 92 {
                index += 1
            }
            index += 1
        }
        throw error("unterminated comment", at: start)
    }

    /// Reads `*( SEMI generic-param )` where `generic-param = token [ EQUAL gen-value ]` and
    /// `gen-value = token / host / quoted-string`.
    mutating func parameters() throws(SIPParseError) -> [SIPParameter] {
        var result: [SIPParameter] = []
        while consume(59) {
            if result.isEmpty { result.reserveCapacity(4) }
            let name = try token("parameter name")
            result.append(SIPParameter(name, consume(61) ? try parameterValue() : nil))
        }
        return result
    }

    mutating func locatedParameters() throws(SIPParseError) -> [(parameter: SIPParameter, offset: Int)] {
        var result: [(parameter: SIPParameter, offset: Int)] = []
        while consume(59) {
            var offset = index
            let name = try token("parameter name")
            var value: String?
            if consume(61) {
                offset = index
                value = try parameterValue()
            }
            result.append((SIPParameter(name, value), offset))
        }
        return result
    }

    /// Reads a gen-value: quoted-string, IPv6 reference, or token-like text (':' allowed for
    /// IPv6 addresses in Via `received`).
    mutating func parameterValue() throws(SIPParseError) -> String {
        guard let b = peek else { throw error("expected parameter value") }
        if b == 34 { return try quotedString() }
        let start = index
        if b == 91 {
            while index < bytes.endIndex, bytes[index] != 93 { index += 1 }
            guard index < bytes.endIndex else { throw error("unterminated IPv6 reference", at: start) }
            index += 1
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
        while index < bytes.endIndex, SIPCharacterClass.isToken(bytes[index]) || bytes[index] == 58 { index += 1 }
        guard index > start else { throw error("expected parameter value") }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// After an element of a comma-separated list: true when another element follows, false at
    /// the end; throws on anything else.
    mutating func nextListElement() throws(SIPParseError) -> Bool {
        skipLWS()
        if atEnd { return false }
        if bytes[index] == 44 {
            index += 1
            skipLWS()
            guard !atEnd else { throw error("empty list element") }
            return true
        }
        throw error("unexpected character '\(Character(UnicodeScalar(bytes[index])))'")
    }

    /// Requires that nothing but LWS is left.
    mutating func expectEnd() throws(SIPParseError) {
        skipLWS()
        guard atEnd else { throw error("unexpected character '\(Character(UnicodeScalar(bytes[index])))'") }
    }
}
