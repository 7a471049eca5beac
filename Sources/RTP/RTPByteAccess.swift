/// Big-endian reads at offsets from `startIndex`, for the parsers of this module.
///
/// Every caller checks the bounds first; these helpers do not.
extension RandomAccessCollection where Element == UInt8, Index == Int {
    /// The byte at `offset` from `startIndex`.
    @inlinable @inline(__always)
    func rtpByte(at offset: Int) -> UInt8 {
        self[startIndex + offset]
    }

    /// The big-endian 16-bit value at `offset` from `startIndex`.
    @inlinable @inline(__always)
    func rtpUInt16(at offset: Int) -> UInt16 {
        UInt16(self[startIndex + offset]) << 8 | UInt16(self[startIndex + offset + 1])
    }

    /// The big-endian 32-bit value at `offset` from `startIndex`.
    @inlinable @inline(__always)
    func rtpUInt32(at offset: Int) -> UInt32 {
        UInt32(rtpUInt16(at: offset)) << 16 | UInt32(rtpUInt16(at: offset + 2))
    }

    /// The bytes `offsets` (relative to `startIndex`) as a subsequence.
    @inlinable @inline(__always)
    func rtpSlice(_ offsets: Range<Int>) -> SubSequence {
        self[(startIndex + offsets.lowerBound)..<(startIndex + offsets.upperBound)]
    }
}

/// Big-endian appends for the RTCP encoders.
extension Array where Element == UInt8 {
    /// Appends `value` big-endian.
    @inline(__always)
    mutating func rtpAppend(_ value: UInt16) {
        append(UInt8(truncatingIfNeeded: value >> 8))
        append(UInt8(truncatingIfNeeded: value))
    }

    /// Appends `value` big-endian.
    @inline(__always)
    mutating func rtpAppend(_ value: UInt32) {
        rtpAppend(UInt16(truncatingIfNeeded: value >> 16))
        rtpAppend(UInt16(truncatingIfNeeded: value))
    }

    /// Overwrites two bytes at `index` with `value` big-endian.
    @inline(__always)
    mutating func rtpSet(_ value: UInt16, at index: Int) {
        self[index] = UInt8(truncatingIfNeeded: value >> 8)
        self[index + 1] = UInt8(truncatingIfNeeded: value)
    }
}

/// Big-endian stores into a caller's buffer for the RTP writer.
extension UnsafeMutableRawBufferPointer {
    /// Stores `value` big-endian at `offset` (any alignment).
    @inlinable @inline(__always)
    func rtpStore(_ value: UInt16, at offset: Int) {
        storeBytes(of: value.bigEndian, toByteOffset: offset, as: UInt16.self)
    }

    /// Stores `value` big-endian at `offset` (any alignment).
    @inlinable @inline(__always)
    func rtpStore(_ value: UInt32, at offset: Int) {
        storeBytes(of: value.bigEndian, toByteOffset: offset, as: UInt32.self)
    }

    /// Copies `bytes` to `offset`; the caller checked that they fit.
    @inlinable
    func rtpCopy(_ bytes: some Collection<UInt8>, to offset: Int) {
        let copied: Void? = bytes.withContiguousStorageIfAvailable { source in
            guard let base = source.baseAddress, source.count > 0 else { return }
            UnsafeMutableRawBufferPointer(rebasing: self[offset..<(offset + source.count)])
                .copyMemory(from: UnsafeRawBufferPointer(start: base, count: source.count))
        }
        if copied == nil {
            var index = offset
            for byte in bytes {
                self[index] = byte
                index += 1
            }
        }
    }
}
