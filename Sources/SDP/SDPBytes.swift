/// Byte-level grammar helpers on a span of UTF-8 (a line value or one field of it): the
/// allocation-free counterparts of `SDPGrammar`, used by the parser, the validator and the
/// typed views. Splits happen at ASCII bytes only, so every piece of valid UTF-8 stays valid.
extension UnsafeBufferPointer where Element == UInt8 {
    /// The bytes `from..<to`, rebased to start at index 0.
    @inline(__always) func slice(_ from: Int, _ to: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: self[from..<to])
    }

    /// The bytes from `from` to the end, rebased.
    @inline(__always) func suffix(from: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: self[from..<count])
    }

    /// The bytes as a String (the spans handled here are valid UTF-8, so nothing is replaced).
    var string: String { String(decoding: self, as: UTF8.self) }

    /// At least one byte, and every byte in `set`.
    @inline(__always) func isNonEmpty(in set: SDPByteSet) -> Bool {
        if isEmpty { return false }
        var all: UInt64 = 1
        for byte in self { all &= set.bit(byte) }
        return all != 0
    }

    /// The index of the first byte below 0x0E (LF, CR, NUL and the other C0 controls up to CR)
    /// at or after `from`, or `count`: eight bytes per step.
    @inline(__always) func firstControl(from: Int) -> Int {
        guard let base = baseAddress else { return count }
        var index = from
        while index + 8 <= count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            let below = (word &- 0x0E0E_0E0E_0E0E_0E0E) & ~word & 0x8080_8080_8080_8080
            if below != 0 { return index + below.trailingZeroBitCount / 8 }
            index += 8
        }
        while index < count {
            if base[index] < 0x0E { return index }
            index += 1
        }
        return count
    }

    /// A non-empty run of RFC 8866 §9 `token-char`s.
    var isToken: Bool { isNonEmpty(in: .token) }

    /// A non-empty run of RFC 8839 §5.1 `ice-char`s.
    var isICEString: Bool { isNonEmpty(in: .iceChar) }

    /// A non-empty run of ASCII digits.
    var isDigits: Bool { isNonEmpty(in: .digit) }

    /// The unsigned decimal number the bytes spell (digits only), nil when empty, not a number
    /// or too large for `T`.
    @inline(__always) func number<T: FixedWidthInteger & UnsignedInteger>(as _: T.Type = T.self) -> T? {
        if isEmpty { return nil }
        var value: T = 0
        for byte in self {
            let digit = byte &- 0x30
            guard digit < 10 else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(T(digit))
            if overflow1 || overflow2 { return nil }
            value = sum
        }
        return value
    }

    /// The index of the first `byte`, nil when absent.
    @inline(__always) func index(of byte: UInt8) -> Int? {
        var index = 0
        while index < count {
            if self[index] == byte { return index }
            index += 1
        }
        return nil
    }

    /// The bytes before and after the first `byte`; nil when there is none.
    @inline(__always) func split(at byte: UInt8) -> (before: UnsafeBufferPointer<UInt8>, after: UnsafeBufferPointer<UInt8>)? {
        guard let index = index(of: byte) else { return nil }
        return (slice(0, index), suffix(from: index + 1))
    }

    /// The first field and the rest after the first run of spaces: nil when there is no space,
    /// the first field is empty or nothing follows the spaces.
    func splitFirstField() -> (first: UnsafeBufferPointer<UInt8>, rest: UnsafeBufferPointer<UInt8>)? {
        guard let space = index(of: 0x20), space > 0 else { return nil }
        var rest = space + 1
        while rest < count, self[rest] == 0x20 { rest += 1 }
        if rest == count { return nil }
        return (slice(0, space), suffix(from: rest))
    }

    /// Byte equality with an ASCII literal.
    @inline(__always) func equals(_ literal: StaticString) -> Bool {
        guard count == literal.utf8CodeUnitCount else { return false }
        let other = literal.utf8Start
        for index in 0..<count where self[index] != other[index] { return false }
        return true
    }

    /// ASCII case-insensitive equality with a lower-case ASCII literal.
    @inline(__always) func equalsIgnoringCase(_ literal: StaticString) -> Bool {
        guard count == literal.utf8CodeUnitCount else { return false }
        let other = literal.utf8Start
        for index in 0..<count where SDPGrammar.lower(self[index]) != other[index] { return false }
        return true
    }

    /// ASCII case-insensitive equality.
    func equalsIgnoringCase(_ other: UnsafeBufferPointer<UInt8>) -> Bool {
        guard count == other.count else { return false }
        for index in 0..<count where SDPGrammar.lower(self[index]) != SDPGrammar.lower(other[index]) { return false }
        return true
    }

    /// True when the bytes start with `literal`.
    @inline(__always) func hasPrefix(_ literal: StaticString) -> Bool {
        count >= literal.utf8CodeUnitCount && slice(0, literal.utf8CodeUnitCount).equals(literal)
    }

    /// True when every byte is ASCII (eight bytes per step).
    var isASCII: Bool {
        guard let base = baseAddress else { return true }
        var index = 0
        var high: UInt64 = 0
        while index + 8 <= count {
            high |= UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            index += 8
        }
        while index < count {
            high |= UInt64(base[index])
            index += 1
        }
        return high & 0x8080_8080_8080_8080 == 0
    }

    /// True when some byte is not ASCII.
    var hasNonASCII: Bool {
        for byte in self where byte >= 0x80 { return true }
        return false
    }

    /// Equality with `text` as Swift compares strings (canonical equivalence): byte-equal spans
    /// are equal, different ASCII spans are not, and anything else is compared as Strings.
    func equals(_ text: String) -> Bool {
        var text = text
        let sameBytes = text.withUTF8 { other in
            count == other.count && (count == 0 || memcmpEqual(other))
        }
        if sameBytes { return true }
        if !hasNonASCII && !text.utf8.contains(where: { $0 >= 0x80 }) { return false }
        return string == text
    }

    /// Byte equality with a span of the same length.
    @inline(__always) func memcmpEqual(_ other: UnsafeBufferPointer<UInt8>) -> Bool {
        for index in 0..<count where self[index] != other[index] { return false }
        return true
    }
}

