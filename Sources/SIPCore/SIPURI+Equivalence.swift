extension SIPURI {
    /// Compares two URIs by the rules of RFC 3261 §19.1.4: scheme must match; user and password
    /// compare case-sensitively and host case-insensitively, escapes resolved first; an omitted
    /// port differs from any explicit port; `user`, `ttl`, `method`, `maddr` and `transport`
    /// must agree when either URI has them; other parameters only when both have them; URI
    /// headers must all match. `tel` URIs compare their numbers without visual separators
    /// (RFC 3966 §4); other schemes compare their text case-sensitively.
    public func isEquivalent(to other: SIPURI) -> Bool {
        guard scheme == other.scheme else { return false }
        switch scheme {
        case .sip, .sips:
            break
        case .tel:
            let visual: Set<Character> = ["-", ".", "(", ")"]
            let a = (user ?? "").filter { !visual.contains($0) }.lowercased()
            let b = (other.user ?? "").filter { !visual.contains($0) }.lowercased()
            return a == b && SIPURI.parametersAgree(parameters, other.parameters, mustMatch: [])
        case .other:
            return opaque == other.opaque
        }
        guard SIPURI.unescaped(user) == SIPURI.unescaped(other.user),
              SIPURI.unescaped(password) == SIPURI.unescaped(other.password),
              port == other.port else { return false }
        guard let h1 = host, let h2 = other.host,
              SIPURI.unescaped(h1.description)?.lowercased() == SIPURI.unescaped(h2.description)?.lowercased()
        else { return host == nil && other.host == nil }
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
    static func isIPv4(_ bytes: ArraySlice<UInt8>) -> Bool {
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
    /// inner hyphens. Underscores are tolerated (they occur in the wild, e.g. SRV-style names).
    static func isHostname(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard !bytes.isEmpty, bytes.count <= 255 else { return false }
        var labelLength = 0
        var previous: UInt8 = 46
        for b in bytes {
            if b == 46 {
                guard labelLength > 0, previous != 45 else { return false }
                labelLength = 0
            } else if SIPCharacterClass.has(b, SIPCharacterClass.alpha) || SIPCharacterClass.isDigit(b) || b == 95 {
                labelLength += 1
            } else if b == 45 {
                guard labelLength > 0 else { return false }
                labelLength += 1
            } else {
                return false
            }
            previous = b
        }
        return previous != 45
    }

    /// An IPv6 address (RFC 4291 text forms, including an embedded IPv4 tail).
    static func isIPv6(_ bytes: ArraySlice<UInt8>) -> Bool {
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
