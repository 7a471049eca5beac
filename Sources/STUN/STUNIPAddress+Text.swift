/// Text forms of IP addresses: dotted quad for IPv4, RFC 4291 §2.2 input and RFC 5952
/// canonical output for IPv6.
extension STUNIPAddress: CustomStringConvertible, LosslessStringConvertible {
    /// Parses `192.0.2.1` or an IPv6 address such as `2001:db8::1` or `::ffff:192.0.2.1`
    /// (RFC 4291 §2.2); `nil` for anything else (zone IDs and brackets are not accepted).
    public init?(_ text: String) {
        let utf8 = Array(text.utf8)
        if let value = Self.parseIPv4(utf8[...]) {
            self = .ipv4(value)
        } else if let (high, low) = Self.parseIPv6(utf8) {
            self = .ipv6(high: high, low: low)
        } else {
            return nil
        }
    }

    /// `192.0.2.1`, or IPv6 as RFC 5952 §4 recommends (lower case, no leading zeros, the
    /// longest run of two or more zero groups as `::`, IPv4-mapped as `::ffff:a.b.c.d`).
    public var description: String {
        switch self {
        case .ipv4(let value):
            return Self.dottedQuad(value)
        case .ipv6(let high, let low):
            return Self.ipv6Text(high: high, low: low)
        }
    }

    // MARK: - IPv4

    /// Parses four decimal octets 0–255 (at most three digits each) separated by dots.
    static func parseIPv4(_ text: ArraySlice<UInt8>) -> UInt32? {
        var value: UInt32 = 0
        var octets = 0
        var current: UInt32 = 0
        var digits = 0
        for byte in text {
            if byte >= 0x30 && byte <= 0x39 {
                current = current * 10 + UInt32(byte - 0x30)
                digits += 1
                guard digits <= 3, current <= 255 else { return nil }
            } else if byte == 0x2E {
                guard digits > 0, octets < 3 else { return nil }
                value = value << 8 | current
                octets += 1
                current = 0
                digits = 0
            } else {
                return nil
            }
        }
        guard digits > 0, octets == 3 else { return nil }
        return value << 8 | current
    }

    /// `a.b.c.d` for a big-endian IPv4 value.
    static func dottedQuad(_ value: UInt32) -> String {
        var text = ""
        for shift in stride(from: 24, through: 0, by: -8) {
            if shift != 24 { text += "." }
            text += String((value >> UInt32(shift)) & 0xFF)
        }
        return text
    }

    // MARK: - IPv6

    /// Parses RFC 4291 §2.2 text into eight 16-bit groups.
    static func parseIPv6(_ text: [UInt8]) -> (UInt64, UInt64)? {
        guard text.count >= 2, text.count <= 45 else { return nil }
        var groups: [UInt16] = []
        groups.reserveCapacity(8)
        var gapIndex: Int?
        var index = 0
        if text[0] == 0x3A {
            guard text[1] == 0x3A else { return nil }
            gapIndex = 0
            index = 2
        }
        while index < text.count {
            // One group, or an embedded IPv4 address at the end.
            var end = index
            while end < text.count && text[end] != 0x3A { end += 1 }
            let field = text[index..<end]
            if field.contains(0x2E) {
                guard end == text.count, groups.count <= 6, let v4 = parseIPv4(field) else { return nil }
                groups.append(UInt16(v4 >> 16))
                groups.append(UInt16(v4 & 0xFFFF))
                index = end
                break
            }
            guard let group = parseHexGroup(field) else { return nil }
            groups.append(group)
            guard groups.count <= 8 else { return nil }
            if end == text.count { index = end; break }
            // `end` is a colon; a second colon marks the gap.
            if end + 1 < text.count && text[end + 1] == 0x3A {
                guard gapIndex == nil else { return nil }
                gapIndex = groups.count
                index = end + 2
            } else {
                guard end + 1 < text.count else { return nil }
                index = end + 1
            }
        }
        if let gapIndex {
            guard groups.count < 8 else { return nil }
            groups.insert(contentsOf: repeatElement(0, count: 8 - groups.count), at: gapIndex)
        }
        guard groups.count == 8 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (position, group) in groups.enumerated() {
            if position < 4 { high = high << 16 | UInt64(group) } else { low = low << 16 | UInt64(group) }
        }
        return (high, low)
    }

    /// One to four hex digits.
    private static func parseHexGroup(_ field: ArraySlice<UInt8>) -> UInt16? {
        guard !field.isEmpty, field.count <= 4 else { return nil }
        var value: UInt16 = 0
        for byte in field {
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    /// RFC 5952 §4 text for an IPv6 address.
    static func ipv6Text(high: UInt64, low: UInt64) -> String {
        var groups: [UInt16] = []
        groups.reserveCapacity(8)
        for shift in stride(from: 48, through: 0, by: -16) { groups.append(UInt16(truncatingIfNeeded: high >> UInt64(shift))) }
        for shift in stride(from: 48, through: 0, by: -16) { groups.append(UInt16(truncatingIfNeeded: low >> UInt64(shift))) }
        // IPv4-mapped (::ffff:0:0/96), RFC 5952 §5.
        if high == 0 && low >> 32 == 0xFFFF {
            return "::ffff:" + dottedQuad(UInt32(truncatingIfNeeded: low))
        }
        // Longest run of at least two zero groups; the first one on a tie (RFC 5952 §4.2.3).
        var bestStart = -1
        var bestLength = 1
        var runStart = -1
        for position in 0...8 {
            if position < 8 && groups[position] == 0 {
                if runStart < 0 { runStart = position }
            } else if runStart >= 0 {
                if position - runStart > bestLength {
                    bestStart = runStart
                    bestLength = position - runStart
                }
                runStart = -1
            }
        }
        var text = ""
        var position = 0
        while position < 8 {
            if position == bestStart {
                text += "::"
                position += bestLength
                continue
            }
            if !text.isEmpty && !text.hasSuffix(":") { text += ":" }
            text += STUNHex.string(UInt64(groups[position]), digits: hexDigitCount(groups[position]))
            position += 1
        }
        return text
    }

    /// The number of hex digits of `value` without leading zeros (at least one).
    private static func hexDigitCount(_ value: UInt16) -> Int {
        value >= 0x1000 ? 4 : value >= 0x100 ? 3 : value >= 0x10 ? 2 : 1
    }
}
