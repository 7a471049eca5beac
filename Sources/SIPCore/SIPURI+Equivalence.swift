extension SIPURI {
    /// Compares two URIs by the rules of RFC 3261 §19.1.4: scheme must match; user and password
    /// compare case-sensitively and host case-insensitively, escapes resolved first; IPv6
    /// references compare as addresses (RFC 5954); an omitted port differs from any explicit
    /// port; `user`, `ttl`, `method`, `maddr` and `transport` must agree when either URI has
    /// them; other parameters only when both have them; URI headers must all match. `tel` URIs
    /// (RFC 3966 §4) compare their numbers without visual separators, and must have the same
    /// parameters; other schemes compare their text case-sensitively.
    public func isEquivalent(to other: SIPURI) -> Bool {
        guard scheme == other.scheme else { return false }
        switch scheme {
        case .sip, .sips:
            break
        case .tel:
            return SIPURI.withoutVisualSeparators(user ?? "") == SIPURI.withoutVisualSeparators(other.user ?? "")
                && SIPURI.telParametersAgree(parameters, other.parameters)
        case .other:
            return opaque == other.opaque
        }
        guard SIPURI.unescaped(user) == SIPURI.unescaped(other.user),
              SIPURI.unescaped(password) == SIPURI.unescaped(other.password),
              port == other.port else { return false }
        switch (host, other.host) {
        case (nil, nil):
            break
        case let (.ipv6(a)?, .ipv6(b)?):
            guard let va = SIPURI.ipv6Groups(a), let vb = SIPURI.ipv6Groups(b) else { return a.lowercased() == b.lowercased() }
            guard va == vb else { return false }
        case let (h1?, h2?):
            guard h1.description.lowercased() == h2.description.lowercased() else { return false }
        default:
            return false
        }
        guard SIPURI.parametersAgree(parameters, other.parameters,
                                     mustMatch: ["user", "ttl", "method", "maddr", "transport"]) else { return false }
        // Headers: every header in either must be in the other with an equal value.
        func headerSet(_ list: [SIPParameter]) -> [String: String] {
            var out: [String: String] = [:]
            for h in list { out[SIPURI.unescaped(h.name)?.lowercased() ?? h.name] = SIPURI.unescaped(h.value) ?? "" }
            return out
        }
        return headerSet(headers) == headerSet(other.headers)
    }

    /// RFC 3966 §4: the same parameter names on both sides, values compared case-insensitively,
    /// `ext` and a numeric `phone-context` without visual separators.
    static func telParametersAgree(_ a: [SIPParameter], _ b: [SIPParameter]) -> Bool {
        func table(_ list: [SIPParameter]) -> [String: String] {
            var out: [String: String] = [:]
            for p in list {
                let name = (unescaped(p.name) ?? p.name).lowercased()
                var value = unescaped(p.value) ?? ""
                if name == "ext" || (name == "phone-context" && value.hasPrefix("+")) {
                    value = withoutVisualSeparators(value)
                }
                if out[name] == nil { out[name] = value.lowercased() }
            }
            return out
        }
        return table(a) == table(b)
    }

    /// A telephone number without the RFC 3966 visual separators `-`, `.`, `(` and `)`, lower-cased.
    static func withoutVisualSeparators(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0 != "-" && $0 != "." && $0 != "(" && $0 != ")" }).lowercased()
    }

    /// The eight 16-bit groups of a valid IPv6 address (an IPv4 tail gives the last two), or nil.
    static func ipv6Groups(_ text: String) -> [UInt16]? {
        guard isIPv6(Array(text.utf8)[...]) else { return nil }
        func groups(_ part: Substring) -> [UInt16]? {
            if part.isEmpty { return [] }
            var out: [UInt16] = []
            for piece in part.split(separator: ":", omittingEmptySubsequences: false) {
                if piece.contains(".") {
                    let octets = piece.split(separator: ".").compactMap { UInt16($0) }
                    guard octets.count == 4 else { return nil }
                    out += [octets[0] << 8 | octets[1], octets[2] << 8 | octets[3]]
                } else {
                    guard let value = UInt16(piece, radix: 16) else { return nil }
                    out.append(value)
                }
            }
            return out
        }
        let bytes = Array(text.utf8)
        guard let gap = bytes.indices.dropLast().first(where: { bytes[$0] == 58 && bytes[$0 + 1] == 58 }) else {
            let all = groups(Substring(text))
            return all?.count == 8 ? all : nil
        }
        guard let head = groups(Substring(decoding: bytes[..<gap], as: UTF8.self)),
              let tail = groups(Substring(decoding: bytes[(gap + 2)...], as: UTF8.self)),
              head.count + tail.count < 8 else { return nil }
        return head + [UInt16](repeating: 0, count: 8 - head.count - tail.count) + tail
    }

    static func parametersAgree(_ a: [SIPParameter], _ b: [SIPParameter], mustMatch: Set<String>) -> Bool {
        func table(_ list: [SIPParameter]) -> [String: String] {
            var out: [String: String] = [:]
            for p in list {
                let name = (unescaped(p.name) ?? p.name).lowercased()
                if out[name] == nil { out[name] = (unescaped(p.value) ?? "").lowercased() }
            }
            return out
        }
        let ta = table(a), tb = table(b)
        for (name, va) in ta {
            if let vb = tb[name] {
                if va != vb { return false }
            } else if mustMatch.contains(name) {
                return false
            }
        }
        for name in tb.keys where ta[name] == nil && mustMatch.contains(name) { return false }
        return true
    }

    /// Resolves `%HH` escapes for comparison only; the URI itself never changes.
    static func unescaped(_ text: String?) -> String? {
        guard let text else { return nil }
        guard text.utf8.contains(37) else { return text }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 37, i + 2 < bytes.count, let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 48...57: return b - 48
        case 65...70: return b - 55
        case 97...102: return b - 87
        default: return nil
        }
    }

    /// `IPv4address = 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT`, each at most 255.
    static func isIPv4<B: SIPByteCollection>(_ bytes: B) -> Bool {
        var parts = 0, digits = 0, value = 0
        for b in bytes {
            if b == 46 {
                guard digits > 0 else { return false }
                parts += 1
                digits = 0
                value = 0
            } else if SIPCharacterClass.isDigit(b) {
                digits += 1
                value = value * 10 + Int(b - 48)
                guard digits <= 3, value <= 255 else { return false }
            } else {
                return false
            }
        }
        return parts == 3 && digits > 0
    }

    /// `hostname = *( domainlabel "." ) toplabel [ "." ]` with labels of alphanumerics and
    /// inner hyphens; the toplabel starts with a letter, so a dotted number that is not an IPv4
    /// address (`1.2.3.4.5`, `192.0.2.256`) is no host name. Underscores are tolerated (they
    /// occur in the wild, e.g. SRV-style names).
    static func isHostname<B: SIPByteCollection>(_ bytes: B) -> Bool {
        guard !bytes.isEmpty, bytes.count <= 255 else { return false }
        var labelLength = 0
        var previous: UInt8 = 46
        var labelFirst: UInt8 = 0
        var topFirst: UInt8 = 0
        for b in bytes {
            if b == 46 {
                guard labelLength > 0, previous != 45 else { return false }
                topFirst = labelFirst
                labelLength = 0
            } else if SIPCharacterClass.has(b, SIPCharacterClass.alpha) || SIPCharacterClass.isDigit(b) || b == 95 {
                if labelLength == 0 { labelFirst = b }
                labelLength += 1
            } else if b == 45 {
                guard labelLength > 0 else { return false }
                labelLength += 1
            } else {
                return false
            }
            previous = b
        }
        if labelLength > 0 { topFirst = labelFirst }
        return previous != 45 && SIPCharacterClass.has(topFirst, SIPCharacterClass.alpha)
    }

    /// An IPv6 address (RFC 4291 text forms, including an embedded IPv4 tail).
    static func isIPv6<B: SIPByteCollection>(_ bytes: B) -> Bool {
        guard bytes.count >= 2, bytes.count <= 45 else { return false }
        var groups = 0, hexDigits = 0, doubleColon = false, previousColon = false
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == 58 {
                if previousColon {
                    if doubleColon { return false }
                    doubleColon = true
                } else if hexDigits > 0 {
                    groups += 1
                } else if i != bytes.startIndex {
                    return false
                } else {
                    // A leading ':' must be the first half of '::'.
                    guard i + 1 < bytes.endIndex, bytes[i + 1] == 58 else { return false }
                }
                hexDigits = 0
                previousColon = true
            } else if b == 46 {
                // IPv4 tail: the rest from the start of this group must be a dotted quad.
                var start = i
                while start > bytes.startIndex, bytes[start - 1] != 58 { start -= 1 }
                guard isIPv4(bytes[start..<bytes.endIndex]) else { return false }
                groups += 2
                hexDigits = 0
                return doubleColon ? groups <= 7 : groups == 8
            } else if SIPCharacterClass.has(b, SIPCharacterClass.hexDigit) {
                hexDigits += 1
                guard hexDigits <= 4 else { return false }
                previousColon = false
            } else {
                return false
            }
            i += 1
        }
        if hexDigits > 0 { groups += 1 } else if !previousColon { return false }
        if previousColon, !(bytes.count >= 2 && bytes[bytes.endIndex - 2] == 58) { return false }
        return doubleColon ? groups <= 7 : groups == 8
    }
}
