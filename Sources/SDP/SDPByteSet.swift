/// A set of ASCII bytes as a 128-bit mask: the character classes of the SDP grammar as
/// constants, so a membership test is a shift and a mask with no table and no lazy global.
struct SDPByteSet: Sendable {
    /// Bytes 0x00–0x3F.
    let low: UInt64
    /// Bytes 0x40–0x7F.
    let high: UInt64

    /// Whether `byte` is in the set (never for bytes ≥ 0x80).
    @inline(__always) func contains(_ byte: UInt8) -> Bool {
        byte < 64 ? (low >> UInt64(byte)) & 1 != 0 : (byte < 128 && (high >> UInt64(byte & 63)) & 1 != 0)
    }

    /// 1 when `byte` is in the set, else 0, without a branch.
    @inline(__always) func bit(_ byte: UInt8) -> UInt64 {
        let word = byte & 0x40 == 0 ? low : high
        return (word >> UInt64(byte & 63)) & UInt64(1 &- (byte >> 7))
    }

    /// RFC 8866 §9 `token-char`: %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A / %x5E-7E.
    static let token = SDPByteSet(low: 0x03FF_6CFA_0000_0000, high: 0x7FFF_FFFF_C7FF_FFFE)
    /// RFC 8839 §5.1 `ice-char`: ALPHA / DIGIT / "+" / "/".
    static let iceChar = SDPByteSet(low: 0x03FF_8800_0000_0000, high: 0x07FF_FFFE_07FF_FFFE)
    /// DIGIT.
    static let digit = SDPByteSet(low: 0x03FF_0000_0000_0000, high: 0)
    /// HEXDIG, either case.
    static let hexDigit = SDPByteSet(low: 0x03FF_0000_0000_0000, high: 0x0000_007E_0000_007E)
}
