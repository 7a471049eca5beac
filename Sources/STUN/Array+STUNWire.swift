/// Big-endian reads and writes on byte arrays for the STUN encoder and decoder.
extension Array where Element == UInt8 {
    /// Appends `value` in big-endian (network) order.
    @inline(__always)
    mutating func appendBigEndian<T: FixedWidthInteger & UnsignedInteger>(_ value: T) {
        var shift = T.bitWidth - 8
        while shift >= 0 {
            append(UInt8(truncatingIfNeeded: value >> shift))
            shift -= 8
        }
    }

    /// Overwrites the two bytes at `index` with `value`, big-endian; the caller guarantees
    /// `index + 1 < count` (only used on headers this module wrote itself).
    @inline(__always)
    mutating func setUInt16(_ value: UInt16, at index: Int) {
        self[index] = UInt8(truncatingIfNeeded: value >> 8)
        self[index + 1] = UInt8(truncatingIfNeeded: value)
    }
}

extension Collection where Element == UInt8, Index == Int {
    /// The big-endian integer of `width` bytes starting at `index`; the caller checks bounds.
    @inline(__always)
    func bigEndianValue<T: FixedWidthInteger & UnsignedInteger>(at index: Int, as _: T.Type) -> T {
        var value: T = 0
        for position in index..<(index + T.bitWidth / 8) {
            value = value << 8 | T(self[position])
        }
        return value
    }
}
