/// The IEEE 802.3 CRC-32 (polynomial 0x04C11DB7, reflected 0xEDB88320), table-driven and
/// incremental.
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
public struct CRC32: Sendable, Hashable {
    /// The running register, kept inverted as the algorithm specifies.
    private var register: UInt32 = 0xFFFF_FFFF

    /// Creates a checksum over no bytes (``value`` is 0).
    public init() {}

    /// The CRC-32 of every byte passed to ``update(_:)`` so far.
    public var value: UInt32 { register ^ 0xFFFF_FFFF }

    /// Feeds more bytes into the checksum.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        var crc = register
        let handled: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            for byte in buffer {
                crc = CRC32.table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
            }
        }
        if handled == nil {
            for byte in bytes {
                crc = CRC32.table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
            }
        }
        register = crc
    }

    /// Feeds one byte into the checksum.
    public mutating func update(byte: UInt8) {
        register = CRC32.table[Int((register ^ UInt32(byte)) & 0xFF)] ^ (register >> 8)
    }

    /// Returns the CRC-32 of `bytes`.
    public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc = CRC32()
        crc.update(bytes)
        return crc.value
    }

    /// The 256-entry lookup table for the reflected polynomial 0xEDB88320.
    static let table: [UInt32] = (0..<256).map { index in
        var entry = UInt32(index)
        for _ in 0..<8 {
            entry = (entry & 1) != 0 ? (entry >> 1) ^ 0xEDB8_8320 : entry >> 1
        }
        return entry
    }
}
