/// An append-only byte buffer that writes big-endian (network order) integers, byte runs and
/// text, and can patch length fields after the fact.
///
/// ```swift
/// var writer = ByteWriter(capacity: 64)
/// writer.writeUInt16(0x0001)           // type
/// let lengthOffset = writer.count
/// writer.writeUInt16(0)                // length, patched below
/// writer.writeBytes(body)
/// try writer.patchUInt16(UInt16(writer.count - lengthOffset - 2), at: lengthOffset)
/// send(writer.bytes)
/// ```
///
/// To avoid an allocation per message on a hot path, keep one writer and call
/// ``reset(keepingCapacity:)`` between messages, or start from a preallocated array with
/// ``init(reusing:)``.
public struct ByteWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8]

    /// Creates an empty writer with room for `capacity` bytes before it reallocates.
    public init(capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Creates a writer that appends after the existing contents of `buffer`.
    ///
    /// Offsets used by the patch methods count from the start of `buffer`.
    public init(appendingTo buffer: [UInt8]) {
        bytes = buffer
    }

    /// Creates an empty writer that takes over the storage (and capacity) of `buffer`,
    /// discarding its contents; use this to write into a preallocated array.
    public init(reusing buffer: [UInt8]) {
        bytes = buffer
        bytes.removeAll(keepingCapacity: true)
    }

    /// The number of bytes written so far.
    public var count: Int { bytes.count }

    /// Whether nothing has been written.
    public var isEmpty: Bool { bytes.isEmpty }

    /// Ensures room for at least `capacity` bytes in total without reallocating.
    public mutating func reserveCapacity(_ capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// Discards every written byte, keeping the storage by default.
    public mutating func reset(keepingCapacity: Bool = true) {
        bytes.removeAll(keepingCapacity: keepingCapacity)
    }

    // MARK: - Integers

    /// Appends one byte.
    public mutating func writeUInt8(_ value: UInt8) {
        bytes.append(value)
    }

    /// Appends a 16-bit unsigned integer in big-endian order.
    public mutating func writeUInt16(_ value: UInt16) {
        appendBigEndian(value)
    }

    /// Appends a 32-bit unsigned integer in big-endian order.
    public mutating func writeUInt32(_ value: UInt32) {
        appendBigEndian(value)
    }

    /// Appends a 64-bit unsigned integer in big-endian order.
    public mutating func writeUInt64(_ value: UInt64) {
        appendBigEndian(value)
    }

    private mutating func appendBigEndian<T: FixedWidthInteger & UnsignedInteger>(_ value: T) {
        var shift = T.bitWidth - 8
        while shift >= 0 {
            bytes.append(UInt8(truncatingIfNeeded: value >> shift))
            shift -= 8
        }
    }

    // MARK: - Byte runs and text

    /// Appends a run of bytes.
    public mutating func writeBytes(_ run: some Sequence<UInt8>) {
        bytes.append(contentsOf: run)
    }

    /// Appends `count` copies of `byte` (zero by default); does nothing when `count` ≤ 0.
    public mutating func writeRepeating(_ byte: UInt8 = 0, count: Int) {
        guard count > 0 else { return }
        bytes.append(contentsOf: repeatElement(byte, count: count))
    }

    /// Appends the bytes of protocol text such as a SIP header line.
    ///
    /// The string's UTF-8 encoding is written; for ASCII text that is one byte per character.
    public mutating func writeASCII(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// Appends `byte` (zero by default) until ``count`` is a multiple of `alignment`,
    /// as STUN (RFC 8489 §14) and RTP padding require. Does nothing when `alignment` ≤ 1.
    public mutating func pad(toMultipleOf alignment: Int, with byte: UInt8 = 0) {
        guard alignment > 1 else { return }
        let remainder = bytes.count % alignment
        if remainder != 0 {
            writeRepeating(byte, count: alignment - remainder)
        }
    }

    // MARK: - Patching

    /// Overwrites the byte at `offset`.
    public mutating func patchUInt8(_ value: UInt8, at offset: Int) throws(ByteWriterError) {
        try checkPatch(offset: offset, width: 1)
        bytes[offset] = value
    }

    /// Overwrites two bytes at `offset` with `value` in big-endian order (a length field).
    public mutating func patchUInt16(_ value: UInt16, at offset: Int) throws(ByteWriterError) {
        try patchBigEndian(value, at: offset)
    }

    /// Overwrites four bytes at `offset` with `value` in big-endian order.
    public mutating func patchUInt32(_ value: UInt32, at offset: Int) throws(ByteWriterError) {
        try patchBigEndian(value, at: offset)
    }

    private mutating func patchBigEndian<T: FixedWidthInteger & UnsignedInteger>(
        _ value: T, at offset: Int
    ) throws(ByteWriterError) {
        let width = T.bitWidth / 8
        try checkPatch(offset: offset, width: width)
        for index in 0..<width {
            let shift = (width - 1 - index) * 8
            bytes[offset + index] = UInt8(truncatingIfNeeded: value >> shift)
        }
    }

    private func checkPatch(offset: Int, width: Int) throws(ByteWriterError) {
        guard offset >= 0, offset <= bytes.count - width else {
            throw .outOfBounds(offset: offset, width: width, count: bytes.count)
        }
    }
}
