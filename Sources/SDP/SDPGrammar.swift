/// Small grammar helpers shared by the SDP parsers (RFC 8866 §9 ABNF, RFC 8839 §5.1), on Strings;
/// the byte-level counterparts the parser uses are on `UnsafeBufferPointer<UInt8>` (SDPBytes.swift).
enum SDPGrammar {
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

    /// The space-separated fields of a value; runs of spaces count as one separator and
    /// leading or trailing spaces are ignored (the raw line is kept anyway). Splits on the
    /// UTF-8 bytes, so a space followed by a combining mark still separates.
    static func fields(_ text: some StringProtocol) -> [Substring] {
        let whole = Substring(text)
        return whole.utf8.split(separator: 0x20, omittingEmptySubsequences: true).map { Substring($0) }
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
    @inline(__always) static func lower(_ byte: UInt8) -> UInt8 {
        byte &- 0x41 < 26 ? byte | 0x20 : byte
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

    /// Runs `body` on the UTF-8 bytes of `text` (contiguous for native strings; copied otherwise).
    @inline(__always) static func withBytes<R>(_ text: some StringProtocol, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(text.utf8).withUnsafeBufferPointer(body)
    }
}
