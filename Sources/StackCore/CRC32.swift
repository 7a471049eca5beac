/// The IEEE 802.3 CRC-32 (polynomial 0x04C11DB7, reflected 0xEDB88320), table-driven
/// (slicing-by-8) and incremental.
///
/// Used by the STUN FINGERPRINT attribute (RFC 8489 §14.7: the CRC-32 of the message XOR
/// 0x5354554e) and by capture file formats.
///
/// ```swift
/// CRC32.checksum(Array("123456789".utf8))  // 0xCBF43926
/// var crc = CRC32()
/// crc.update(header)
/// crc.update(body)
/// let value = crc.value
/// ```
///
/// Contiguous input (arrays, slices, buffers) goes through ``update(_:)-(UnsafeRawBufferPointer)``,
/// which consumes eight bytes per step with eight 256-entry tables (the zlib "slicing-by-8"
/// method); other sequences are fed byte by byte. Both give the same values.
public struct CRC32: Sendable, Hashable {
    /// The running register, kept inverted as the algorithm specifies.
    @usableFromInline
    internal var register: UInt32 = 0xFFFF_FFFF

    /// Creates a checksum over no bytes (``value`` is 0).
    public init() {}

    /// The CRC-32 of every byte passed to ``update(_:)`` so far.
    public var value: UInt32 { register ^ 0xFFFF_FFFF }

    /// Feeds more bytes into the checksum.
    ///
    /// Inlinable so that callers in other modules get it specialized for their sequence type:
    /// contiguous storage goes straight to the `UnsafeRawBufferPointer` form.
    @inlinable
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            self.update(UnsafeRawBufferPointer(buffer))
        }
        if handled == nil {
            for byte in bytes { update(byte: byte) }
        }
    }

    /// Feeds the bytes of `buffer` into the checksum (slicing-by-8).
    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        register = Self.tables.withUnsafeBufferPointer { tables in
            Self.update(register, buffer, tables)
        }
    }

    /// Feeds one byte into the checksum.
    public mutating func update(byte: UInt8) {
        register = Self.table[Int((register ^ UInt32(byte)) & 0xFF)] ^ (register >> 8)
    }

    /// Returns the CRC-32 of `bytes`.
    @inlinable
    public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc = CRC32()
        crc.update(bytes)
        return crc.value
    }

    /// Returns the CRC-32 of the bytes of `buffer`.
    public static func checksum(_ buffer: UnsafeRawBufferPointer) -> UInt32 {
        var crc = CRC32()
        crc.update(buffer)
        return crc.value
    }

    /// Advances the inverted register `crc` over `buffer` with the eight tables laid end to end
    /// (`tables[k * 256 + b]`).
    private static func update(
        _ crc: UInt32, _ buffer: UnsafeRawBufferPointer, _ tables: UnsafeBufferPointer<UInt32>
    ) -> UInt32 {
        guard let base = buffer.baseAddress, let table = tables.baseAddress, tables.count == 8 * 256 else {
            return crc
        }
        // The guard makes every index below (a byte plus k * 256, k < 8) valid.
        var crc = crc
        var index = 0
        let count = buffer.count
        while index + 8 <= count {
            let low = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt32.self)) ^ crc
            let high = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: index + 4, as: UInt32.self))
            crc = table[7 * 256 + Int(low & 0xFF)]
                ^ table[6 * 256 + Int((low >> 8) & 0xFF)]
                ^ table[5 * 256 + Int((low >> 16) & 0xFF)]
                ^ table[4 * 256 + Int(low >> 24)]
                ^ table[3 * 256 + Int(high & 0xFF)]
                ^ table[2 * 256 + Int((high >> 8) & 0xFF)]
                ^ table[1 * 256 + Int((high >> 16) & 0xFF)]
                ^ table[Int(high >> 24)]
            index += 8
        }
        while index < count {
            let byte = base.load(fromByteOffset: index, as: UInt8.self)
            crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
            index += 1
        }
        return crc
    }

    /// The 256-entry lookup table for the reflected polynomial 0xEDB88320: the CRC of one byte.
    static let table: [UInt32] = (0..<256).map { index in
        var entry = UInt32(index)
        for _ in 0..<8 {
            entry = (entry & 1) != 0 ? (entry >> 1) ^ 0xEDB8_8320 : entry >> 1
        }
        return entry
    }

    /// The slicing-by-8 tables, laid end to end: `tables[k * 256 + b]` is the CRC register after
    /// feeding byte `b` followed by `k` zero bytes (table 0 is ``table``).
    static let tables: [UInt32] = {
        var tables = [UInt32](repeating: 0, count: 8 * 256)
        for index in 0..<256 { tables[index] = table[index] }
        for k in 1..<8 {
            for index in 0..<256 {
                let previous = tables[(k - 1) * 256 + index]
                tables[k * 256 + index] = (previous >> 8) ^ tables[Int(previous & 0xFF)]
            }
        }
        return tables
    }()
}
