extension SIPURI {
    /// Parses a URI from its text (RFC 3261 §19.1.1, §25.1; RFC 3966 for `tel`).
    public init(_ text: String) throws(SIPParseError) {
        let bytes = Array(text.utf8)
        try self.init(parsing: bytes[...])
    }

    /// Parses a URI from bytes. Error offsets are indices of `bytes`.
    public init(parsing bytes: ArraySlice<UInt8>) throws(SIPParseError) {
        try self.init(parsingBytes: bytes)
    }

    /// Parses a URI from any byte view; error offsets are its indices.
    init<B: SIPByteCollection>(parsingBytes bytes: B) throws(SIPParseError) {
        var i = bytes.startIndex
        let end = bytes.endIndex
        func fail(_ why: String, _ at: Int) -> SIPParseError { SIPParseError(.invalidURI(why), offset: at) }
        guard i < end, SIPCharacterClass.has(bytes[i], SIPCharacterClass.alpha) else {
            throw fail("no scheme", i)
        }
        while i < end, bytes[i] != 58 {
            let b = bytes[i]
            guard SIPCharacterClass.has(b, SIPCharacterClass.alpha) || SIPCharacterClass.isDigit(b) || b == 43 || b == 45 || b == 46 else {
                throw fail("bad scheme character", i)
            }
            i += 1
        }
        guard i < end else { throw fail("no scheme", bytes.startIndex) }
        let schemeBytes = bytes[bytes.startIndex..<i]
        i += 1
        for k in i..<end where bytes[k] <= 32 || bytes[k] == 127 || bytes[k] == 60 || bytes[k] == 62 || bytes[k] == 34 {
            throw fail(bytes[k] <= 32 ? "white space or control character" : "character not allowed in a URI", k)
        }
        if SIPText.equalsIgnoringCase(schemeBytes, "sip") {
            try self.init(sipScheme: .sip, bytes[i..<end])
        } else if SIPText.equalsIgnoringCase(schemeBytes, "sips") {
            try self.init(sipScheme: .sips, bytes[i..<end])
        } else if SIPText.equalsIgnoringCase(schemeBytes, "tel") {
            try self.init(telNumber: bytes[i..<end])
        } else {
            guard i < end else { throw fail("empty URI", i) }
            let schemeText = String(decoding: schemeBytes, as: UTF8.self).lowercased()
            self.init(scheme: .other(schemeText), opaque: String(decoding: bytes[i..<end], as: UTF8.self))
        }
    }

    private init<B: SIPByteCollection>(sipScheme: Scheme, _ bytes: B) throws(SIPParseError) {
        func fail(_ why: String, _ at: Int) -> SIPParseError { SIPParseError(.invalidURI(why), offset: at) }
        let end = bytes.endIndex
        var i = bytes.startIndex
        var user: String?
        var password: String?
        if let at = bytes.firstIndex(of: 64) {
            guard at > i else { throw fail("empty user part", at) }
            let colon = bytes[i..<at].firstIndex(of: 58)
            let userEnd = colon ?? at
            guard userEnd > i else { throw fail("empty user part", i) }
            try SIPURI.check(bytes[i..<userEnd], allowed: SIPCharacterClass.unreserved | SIPCharacterClass.userUnreserved, "user")
            user = String(decoding: bytes[i..<userEnd], as: UTF8.self)
            if let colon {
                try SIPURI.check(bytes[(colon + 1)..<at], allowed: SIPCharacterClass.unreserved | SIPCharacterClass.passwordExtra, "password")
                password = String(decoding: bytes[(colon + 1)..<at], as: UTF8.self)
            }
            i = at + 1
            if bytes[i..<end].contains(64) { throw fail("more than one '@'", i) }
        }
        // host
        var host: Host
        if i < end, bytes[i] == 91 {
            guard let close = bytes[i..<end].firstIndex(of: 93) else { throw fail("unterminated IPv6 reference", i) }
            let inner = bytes[(i + 1)..<close]
            guard SIPURI.isIPv6(inner) else { throw fail("bad IPv6 address", i) }
            host = .ipv6(String(decoding: inner, as: UTF8.self))
            i = close + 1
        } else {
            let hostStart = i
            while i < end, bytes[i] != 58, bytes[i] != 59, bytes[i] != 63 { i += 1 }
            let hostBytes = bytes[hostStart..<i]
            if SIPURI.isIPv4(hostBytes) {
                host = .ipv4(String(decoding: hostBytes, as: UTF8.self))
            } else if SIPURI.isHostname(hostBytes) {
                host = .domain(String(decoding: hostBytes, as: UTF8.self))
            } else {
                throw fail(hostBytes.isEmpty ? "no host" : "bad host", hostStart)
            }
        }
        // port
        var port: Int?
        if i < end, bytes[i] == 58 {
            i += 1
            let portStart = i
            var value = 0
            while i < end, SIPCharacterClass.isDigit(bytes[i]), i - portStart < 6 {
                value = value * 10 + Int(bytes[i] - 48)
                i += 1
            }
            guard i > portStart, value <= 65535, i == end || bytes[i] == 59 || bytes[i] == 63 else {
                throw fail("bad port", portStart)
            }
            port = value
        }
        // parameters
        var parameters: [SIPParameter] = []
        while i < end, bytes[i] == 59 {
            i += 1
            let nameStart = i
            while i < end, bytes[i] != 61, bytes[i] != 59, bytes[i] != 63 { i += 1 }
            let name = bytes[nameStart..<i]
            guard !name.isEmpty else { throw fail("empty parameter name", nameStart) }
            try SIPURI.check(name, allowed: SIPCharacterClass.unreserved | SIPCharacterClass.paramUnreserved, "parameter")
            var value: String?
            if i < end, bytes[i] == 61 {
                i += 1
                let valueStart = i
                while i < end, bytes[i] != 59, bytes[i] != 63 { i += 1 }
                guard i > valueStart else { throw fail("empty parameter value", valueStart) }
                try SIPURI.check(bytes[valueStart..<i], allowed: SIPCharacterClass.unreserved | SIPCharacterClass.paramUnreserved, "parameter")
                value = SIPText.string(bytes[valueStart..<i])
            }
            parameters.append(SIPParameter(SIPText.string(name), value))
        }
        // headers
        var headers: [SIPParameter] = []
        if i < end, bytes[i] == 63 {
            i += 1
            while true {
                let nameStart = i
                while i < end, bytes[i] != 61, bytes[i] != 38 { i += 1 }
                guard i > nameStart, i < end, bytes[i] == 61 else { throw fail("bad URI header", nameStart) }
                let allowed = SIPCharacterClass.unreserved | SIPCharacterClass.headerUnreserved
                try SIPURI.check(bytes[nameStart..<i], allowed: allowed, "header")
                let name = String(decoding: bytes[nameStart..<i], as: UTF8.self)
                i += 1
                let valueStart = i
                while i < end, bytes[i] != 38 { i += 1 }
                try SIPURI.check(bytes[valueStart..<i], allowed: allowed, "header")
                headers.append(SIPParameter(name, String(decoding: bytes[valueStart..<i], as: UTF8.self)))
                if i >= end { break }
                i += 1
            }
        }
        guard i == end else { throw fail("unexpected character", i) }
        self.init(scheme: sipScheme, user: user, password: password, host: host, port: port,
                  parameters: parameters, headers: headers)
    }

    private init<B: SIPByteCollection>(telNumber bytes: B) throws(SIPParseError) {
        func fail(_ why: String, _ at: Int) -> SIPParseError { SIPParseError(.invalidURI(why), offset: at) }
        let end = bytes.endIndex
        var i = bytes.startIndex
        while i < end, bytes[i] != 59 {
            let b = bytes[i]
            guard SIPCharacterClass.has(b, SIPCharacterClass.hexDigit) || b == 43 || b == 45 || b == 46 || b == 40
                    || b == 41 || b == 42 || b == 35 else { throw fail("bad telephone number", i) }
            i += 1
        }
        guard i > bytes.startIndex else { throw fail("empty telephone number", i) }
        let number = String(decoding: bytes[bytes.startIndex..<i], as: UTF8.self)
        var parameters: [SIPParameter] = []
        while i < end {
            i += 1
            let nameStart = i
            while i < end, bytes[i] != 61, bytes[i] != 59 { i += 1 }
            guard i > nameStart else { throw fail("empty parameter name", nameStart) }
            try SIPURI.check(bytes[nameStart..<i], allowed: SIPCharacterClass.unreserved | SIPCharacterClass.paramUnreserved, "parameter")
            let name = String(decoding: bytes[nameStart..<i], as: UTF8.self)
            var value: String?
            if i < end, bytes[i] == 61 {
                i += 1
                let valueStart = i
                while i < end, bytes[i] != 59 { i += 1 }
                guard i > valueStart else { throw fail("empty parameter value", valueStart) }
                try SIPURI.check(bytes[valueStart..<i], allowed: SIPCharacterClass.unreserved | SIPCharacterClass.paramUnreserved, "parameter")
                value = String(decoding: bytes[valueStart..<i], as: UTF8.self)
            }
            parameters.append(SIPParameter(name, value))
        }
        self.init(scheme: .tel, opaque: "")
        self.opaque = nil
        self.user = number
        self.parameters = parameters
    }

    /// Checks that every byte is in `allowed` or part of a valid `%HH` escape.
    static func check<B: SIPByteCollection>(_ bytes: B, allowed: SIPByteSet, _ what: String) throws(SIPParseError) {
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == 37 {
                guard i + 2 < bytes.endIndex,
                      SIPCharacterClass.has(bytes[i + 1], SIPCharacterClass.hexDigit),
                      SIPCharacterClass.has(bytes[i + 2], SIPCharacterClass.hexDigit)
                else { throw SIPParseError(.invalidURI("bad escape in \(what)"), offset: i) }
                i += 3
                continue
            }
            guard SIPCharacterClass.has(b, allowed) else {
                throw SIPParseError(.invalidURI("character '\(Character(UnicodeScalar(b)))' not allowed in \(what)"), offset: i)
            }
            i += 1
        }
    }
}
