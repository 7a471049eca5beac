/// Lower-case hexadecimal formatting for descriptions (no Foundation).
enum STUNHex {
    /// The digits used.
    private static let digits: [Character] = Array("0123456789abcdef")

    /// `value` as exactly `digits` hex digits (most significant first, zero padded).
    static func string(_ value: UInt64, digits count: Int) -> String {
        var text = ""
        var shift = (count - 1) * 4
        while shift >= 0 {
            text.append(digits[Int((value >> UInt64(shift)) & 0xF)])
            shift -= 4
        }
        return text
    }

    /// `bytes` as two hex digits each.
    static func string(_ bytes: some Sequence<UInt8>) -> String {
        var text = ""
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return text
    }
}
