extension SIPMessageParser {
    /// Parses a Request-Line or Status-Line in `buf[start..<end]` (RFC 3261 §7.1, §7.2).
    static func parseStartLine(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, lenient: Bool,
                               violations: inout [SIPParseError]) throws(SIPParseError) -> SIPMessage.StartLine {
        if end - start >= 4, buf[start] | 0x20 == 115, buf[start + 1] | 0x20 == 105, buf[start + 2] | 0x20 == 112,
           buf[start + 3] == 47 {
            return try parseStatusLine(buf, start, end, lenient: lenient, violations: &violations)
        }
        return try parseRequestLine(buf, start, end, lenient: lenient, violations: &violations)
    }

    /// `SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT`; returns the end of the version or throws.
    static func checkVersion(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) throws(SIPParseError) {
        let text = String(decoding: UnsafeBufferPointer(rebasing: buf[start..<end]), as: UTF8.self)
        var i = start + 4
        guard end - start >= 7, buf[start] | 0x20 == 115, buf[start + 1] | 0x20 == 105,
              buf[start + 2] | 0x20 == 112, buf[start + 3] == 47 else {
            throw SIPParseError(.malformedStartLine("bad SIP-Version \"\(text)\""), offset: start)
        }
        let majorStart = i
        while i < end, SIPCharacterClass.isDigit(buf[i]) { i += 1 }
        guard i > majorStart, i < end, buf[i] == 46 else {
            throw SIPParseError(.malformedStartLine("bad SIP-Version \"\(text)\""), offset: start)
        }
        i += 1
        let minorStart = i
        while i < end, SIPCharacterClass.isDigit(buf[i]) { i += 1 }
        guard i > minorStart, i == end else {
            throw SIPParseError(.malformedStartLine("bad SIP-Version \"\(text)\""), offset: start)
        }
        // "SIP" is case-insensitive in the ABNF; the numbers must say 2.0.
        guard end - start == 7, buf[start + 4] == 50, buf[start + 6] == 48 else {
            throw SIPParseError(.unsupportedVersion(text), offset: start)
        }
    }

    static func parseRequestLine(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, lenient: Bool,
                                 violations: inout [SIPParseError]) throws(SIPParseError) -> SIPMessage.StartLine {
        var i = start
        while i < end, SIPCharacterClass.isToken(buf[i]) { i += 1 }
        let methodEnd = i
        if methodEnd == start || (i < end && buf[i] != 32) {
            if lenient, methodEnd > start, i < end, buf[i] == 9 {
                violations.append(SIPParseError(.malformedStartLine("HTAB separates Request-Line elements"), offset: i))
            } else {
                throw SIPParseError(i < end && buf[i] != 32 && buf[i] != 9 ? .invalidMethod
                                    : .malformedStartLine("no method"), offset: i)
            }
        }
        guard i < end else { throw SIPParseError(.malformedStartLine("no Request-URI"), offset: i) }
        if lenient {
            // Runs of white space, trailing white space and LWS inside the URI are repaired:
            // the version is the last word, the URI all between.
            var versionEnd = end
            while versionEnd > i, buf[versionEnd - 1] == 32 || buf[versionEnd - 1] == 9 { versionEnd -= 1 }
            var versionStart = versionEnd
            while versionStart > i, buf[versionStart - 1] != 32, buf[versionStart - 1] != 9 { versionStart -= 1 }
            var uriStart = i
            while uriStart < versionStart, buf[uriStart] == 32 || buf[uriStart] == 9 { uriStart += 1 }
            var uriEnd = versionStart
            while uriEnd > uriStart, buf[uriEnd - 1] == 32 || buf[uriEnd - 1] == 9 { uriEnd -= 1 }
            guard uriEnd > uriStart else { throw SIPParseError(.malformedStartLine("no Request-URI"), offset: i) }
            if uriStart != i + 1 || versionStart != uriEnd + 1 || versionEnd != end {
                violations.append(SIPParseError(.malformedStartLine("extra white space in Request-Line"), offset: i))
            }
            for k in uriStart..<uriEnd where buf[k] == 32 || buf[k] == 9 {
                violations.append(SIPParseError(.invalidRequestURI("white space inside the Request-URI"), offset: k))
                break
            }
            try checkVersion(buf, versionStart, versionEnd)
            return .request(method: start..<methodEnd, uri: uriStart..<uriEnd, version: versionStart..<versionEnd)
        }
        i += 1
        let uriStart = i
        while i < end, buf[i] > 32, buf[i] != 127 { i += 1 }
        let uriEnd = i
        if uriEnd == uriStart {
            throw SIPParseError(.malformedStartLine("more than one SP before the Request-URI"), offset: uriStart)
        }
        guard i < end, buf[i] == 32 else {
            if i < end, buf[i] != 9 {
                throw SIPParseError(.invalidRequestURI("control character"), offset: i)
            }
            throw SIPParseError(.malformedStartLine("no SIP-Version"), offset: i)
        }
        i += 1
        let versionStart = i
        for k in versionStart..<end where buf[k] == 32 || buf[k] == 9 {
            // Either LWS inside the Request-URI or trailing white space after the version.
            if k == versionStart {
                throw SIPParseError(.malformedStartLine("more than one SP before the SIP-Version"), offset: k)
            }
            let looksLikeVersion = k - versionStart >= 4 && buf[versionStart] | 0x20 == 115 && buf[versionStart + 3] == 47
            throw SIPParseError(looksLikeVersion ? .malformedStartLine("white space after the SIP-Version")
                                : .invalidRequestURI("white space inside the Request-URI"), offset: k)
        }
        try checkVersion(buf, versionStart, end)
        return .request(method: start..<methodEnd, uri: uriStart..<uriEnd, version: versionStart..<end)
    }

    static func parseStatusLine(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, lenient: Bool,
                                violations: inout [SIPParseError]) throws(SIPParseError) -> SIPMessage.StartLine {
        var i = start
        while i < end, buf[i] != 32, buf[i] != 9 { i += 1 }
        let versionEnd = i
        try checkVersion(buf, start, versionEnd)
        guard i < end else { throw SIPParseError(.malformedStartLine("no Status-Code"), offset: i) }
        if buf[i] == 9 || (i + 1 < end && buf[i + 1] == 32) {
            let error = SIPParseError(.malformedStartLine("extra white space in Status-Line"), offset: i)
            guard lenient else { throw error }
            violations.append(error)
        }
        while i < end, buf[i] == 32 || buf[i] == 9 { i += 1 }
        let codeStart = i
        var code = 0
        while i < end, SIPCharacterClass.isDigit(buf[i]) {
            if i - codeStart < 4 { code = code * 10 + Int(buf[i] - 48) }
            i += 1
        }
        guard i - codeStart == 3, code >= 100, code <= 699 else {
            throw SIPParseError(.invalidStatusCode, offset: codeStart)
        }
        var reasonStart = i
        if i < end {
            guard buf[i] == 32 || (lenient && buf[i] == 9) else { throw SIPParseError(.invalidStatusCode, offset: codeStart) }
            reasonStart = i + 1
        } else {
            violations.append(SIPParseError(.malformedStartLine("no SP after the Status-Code"), offset: i))
        }
        for k in reasonStart..<end where buf[k] < 32 && buf[k] != 9 {
            let error = SIPParseError(.invalidCharacter(buf[k]), offset: k)
            guard lenient else { throw error }
            violations.append(error)
            break
        }
        return .response(version: start..<versionEnd, code: code, reason: reasonStart..<end)
    }
}
