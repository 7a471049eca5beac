/// Small grammar helpers shared by the SDP parsers (RFC 8866 §9 ABNF, RFC 8839 §5.1).
enum SDPGrammar {
    /// RFC 8866 §9 `token-char`: %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A / %x5E-7E.
    static func isTokenChar(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x21, 0x23...0x27, 0x2A, 0x2B, 0x2D, 0x2E, 0x30...0x39, 0x41...0x5A, 0x5E...0x7E: true
        default: false
        }
    }

    /// A non-empty run of `token-char`s.
    static func isToken(_ text: some StringProtocol) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy(isTokenChar)
    }

    /// RFC 8839 §5.1 `ice-char`: ALPHA / DIGIT / "+" / "/".
    static func isICEChar(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2B, 0x2F: true
        default: false
        }
    }

    /// A non-empty run of `ice-char`s.
    static func isICEString(_ text: some StringProtocol) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy(isICEChar)
    }

    /// An unsigned decimal number made of ASCII digits only (no sign, no space), or nil when it
    /// is empty, holds another character or does not fit `T`.
    static func number<T: FixedWidthInteger & UnsignedInteger>(_ text: some StringProtocol, as _: T.Type = T.self) -> T? {
        if text.isEmpty { return nil }
        var value: T = 0
        for byte in text.utf8 {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(T(byte - 0x30))
            if overflow1 || overflow2 { return nil }
            value = sum
        }
        return value
    }

    /// True when the text holds only ASCII digits (any length, at least one).
    static func isDigits(_ text: some StringProtocol) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// The space-separated fields of a value; runs of spaces count as one separator and
    /// leading or trailing spaces are ignored (the raw line is kept anyway). Splits on the
    /// UTF-8 bytes, so a space followed by a combining mark still separates.
    static func fields(_ text: some StringProtocol) -> [Substring] {
        let whole = Substring(text)
        return whole.utf8.split(separator: 0x20, omittingEmptySubsequences: true).map { Substring($0) }
    }

    /// Splits at the first run of spaces: the first field and the rest (leading spaces of the
    /// rest removed); nil when there is no space-separated rest.
    static func splitFirstField(_ text: some StringProtocol) -> (first: Substring, rest: Substring)? {
        let bytes = Substring(text).utf8
        guard let space = bytes.firstIndex(of: 0x20) else { return nil }
        let first = bytes[bytes.startIndex..<space]
        let rest = bytes[space...].drop { $0 == 0x20 }
        if first.isEmpty || rest.isEmpty { return nil }
        return (Substring(first), Substring(rest))
    }

    /// Splits at the first occurrence of an ASCII byte: the text before and after it, or nil.
    static func splitAt(_ text: some StringProtocol, byte: UInt8) -> (before: Substring, after: Substring)? {
        let bytes = Substring(text).utf8
        guard let index = bytes.firstIndex(of: byte) else { return nil }
        return (Substring(bytes[bytes.startIndex..<index]), Substring(bytes[bytes.index(after: index)...]))
    }

    /// ASCII case-insensitive equality.
    static func equalsIgnoringCase(_ lhs: some StringProtocol, _ rhs: some StringProtocol) -> Bool {
        lhs.utf8.count == rhs.utf8.count && zip(lhs.utf8, rhs.utf8).allSatisfy { lower($0) == lower($1) }
    }

    /// ASCII lower case of one byte.
    static func lower(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
    }

    /// ASCII lower case of a string (non-ASCII bytes unchanged).
    static func lowercased(_ text: some StringProtocol) -> String {
        String(decoding: text.utf8.map(lower), as: UTF8.self)
    }

    /// The value of one hexadecimal digit, or nil.
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    /// Two upper-case hexadecimal digits for one byte.
    static func hex(_ byte: UInt8) -> String {
        let digits: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "C", "D", "E", "F"]
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }

    /// RFC 8866 §9 `port`: 1*DIGIT that fits 16 bits.
    static func port(_ text: some StringProtocol) -> UInt16? {
        number(text, as: UInt16.self)
    }
}
