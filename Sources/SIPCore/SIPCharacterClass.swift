/// A set of ASCII octets as a 128-bit mask; constant sets are initialised statically, so a
/// membership test is two loads-free shifts and no lazy global.
struct SIPByteSet: Sendable {
    let low: UInt64
    let high: UInt64

    /// Whether `b` is in the set.
    @inline(__always) func contains(_ b: UInt8) -> Bool {
        b < 64 ? (low >> UInt64(b)) & 1 != 0 : (b < 128 && (high >> UInt64(b & 63)) & 1 != 0)
    }

    /// The union of two sets.
    @inline(__always) static func | (a: SIPByteSet, b: SIPByteSet) -> SIPByteSet {
        SIPByteSet(low: a.low | b.low, high: a.high | b.high)
    }
}

/// Character classes of the RFC 3261 §25.1 grammar.
enum SIPCharacterClass {
    /// alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~"
    static let token = SIPByteSet(low: 0x03FF6CA200000000, high: 0x47FFFFFF87FFFFFE)
    /// SP / HTAB
    static let whitespace = SIPByteSet(low: 0x0000000100000200, high: 0x0000000000000000)
    /// DIGIT
    static let digit = SIPByteSet(low: 0x03FF000000000000, high: 0x0000000000000000)
    /// ALPHA
    static let alpha = SIPByteSet(low: 0x0000000000000000, high: 0x07FFFFFE07FFFFFE)
    /// alphanum / mark
    static let unreserved = SIPByteSet(low: 0x03FF678200000000, high: 0x47FFFFFE87FFFFFE)
    /// HEXDIG (either case)
    static let hexDigit = SIPByteSet(low: 0x03FF000000000000, high: 0x0000007E0000007E)
    /// "&" / "=" / "+" / "$" / "," / ";" / "?" / "/"
    static let userUnreserved = SIPByteSet(low: 0xA800985000000000, high: 0x0000000000000000)
    /// "[" / "]" / "/" / ":" / "&" / "+" / "$"
    static let paramUnreserved = SIPByteSet(low: 0x0400885000000000, high: 0x0000000028000000)
    /// "[" / "]" / "/" / "?" / ":" / "+" / "$"
    static let headerUnreserved = SIPByteSet(low: 0x8400881000000000, high: 0x0000000028000000)
    /// "&" / "=" / "+" / "$" / ","
    static let passwordExtra = SIPByteSet(low: 0x2000185000000000, high: 0x0000000000000000)
    /// Call-ID word characters (RFC 3261 §25.1)
    static let word = SIPByteSet(low: 0xD7FFEFA600000000, high: 0x6FFFFFFFBFFFFFFE)
    /// SP / HTAB / CR / LF (inside an unfolded value)
    static let lws = SIPByteSet(low: 0x0000000100002600, high: 0x0000000000000000)

    @inline(__always) static func isToken(_ b: UInt8) -> Bool { token.contains(b) }
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- 48 < 10 }
    @inline(__always) static func isLWS(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 13 || b == 10 }
    @inline(__always) static func has(_ b: UInt8, _ set: SIPByteSet) -> Bool { set.contains(b) }

    /// Whether every byte of `bytes` is a token character and there is at least one.
    static func isToken<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        !bytes.isEmpty && bytes.allSatisfy { isToken($0) }
    }
}
