/// A cursor over a byte buffer that reads big-endian (network order) integers and byte runs.
///
/// Every read checks bounds first and throws ``ByteReaderError`` instead of trapping, so decoders
/// can be fed arbitrary peer input. Offsets are relative to the first byte of the buffer the
/// reader was created over.
///
/// ```swift
/// var reader = ByteReader(packet)
/// let type = try reader.readUInt16()
/// let length = try reader.readUInt16()
/// var body = try reader.readSubReader(count: Int(length))
/// ```
public struct ByteReader: Sendable {
    /// The bytes being read, including those already consumed.
    public let bytes: ArraySlice<UInt8>

    /// The number of bytes consumed so far (the offset of the next byte to read).
    public private(set) var offset: Int

    /// Creates a reader positioned at the first byte of `bytes`.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes[...]
        self.offset = 0
    }

    /// Creates a reader positioned at the first byte of `bytes`; offsets count from that byte.
    public init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.offset = 0
    }

    /// The total number of bytes the reader covers.
    public var count: Int { bytes.count }

    /// The number of bytes not yet consumed.
    public var remaining: Int { bytes.count - offset }

    /// Whether every byte has been consumed.
    public var isAtEnd: Bool { offset >= bytes.count }

    // MARK: - Bounds

    /// Checks that `count` bytes are available at the cursor; returns the absolute start index.
    @inline(__always)
    private func start(for count: Int) throws(ByteReaderError) -> Int {
        guard count >= 0 else { throw .negativeCount(offset: offset, count: count) }
        guard count <= remaining else { throw .truncated(offset: offset, needed: count) }
        return bytes.startIndex + offset
    }

    // MARK: - Integers

    /// Reads one byte.
    public mutating func readUInt8() throws(ByteReaderError) -> UInt8 {
        let index = try start(for: 1)
        offset += 1
        return bytes[index]
    }

    /// Reads a big-endian 16-bit unsigned integer.
    public mutating func readUInt16() throws(ByteReaderError) -> UInt16 {
        let value = try peekInteger(UInt16.self)
        offset += 2
        return value
    }

    /// Reads a big-endian 32-bit unsigned integer.
    public mutating func readUInt32() throws(ByteReaderError) -> UInt32 {
        let value = try peekInteger(UInt32.self)
        offset += 4
        return value
    }

    /// Reads a big-endian 64-bit unsigned integer.
    public mutating func readUInt64() throws(ByteReaderError) -> UInt64 {
        let value = try peekInteger(UInt64.self)
        offset += 8
        return value
    }

    /// Returns the next byte without consuming it.
    public func peekUInt8() throws(ByteReaderError) -> UInt8 {
        bytes[try start(for: 1)]
    }

    /// Returns the next big-endian 16-bit integer without consuming it.
    public func peekUInt16() throws(ByteReaderError) -> UInt16 {
        try peekInteger(UInt16.self)
    }

    /// Returns the next big-endian 32-bit integer without consuming it.
    public func peekUInt32() throws(ByteReaderError) -> UInt32 {
        try peekInteger(UInt32.self)
    }

    /// Reads a big-endian unsigned integer of type `T` at the cursor without consuming it.
    private func peekInteger<T: FixedWidthInteger & UnsignedInteger>(
        _: T.Type
    ) throws(ByteReaderError) -> T {
        let width = T.bitWidth / 8
        var index = try start(for: width)
        var value: T = 0
        for _ in 0..<width {
            value = (value << 8) | T(bytes[index])
            index += 1
        }
        return value
    }

    // MARK: - Byte runs

    /// Reads `count` bytes into a new array.
    public mutating func readBytes(_ count: Int) throws(ByteReaderError) -> [UInt8] {
        Array(try readSlice(count))
    }

    /// Reads `count` bytes as a slice sharing the reader's storage (no copy).
    ///
    /// The slice keeps the indices of the underlying array; use `startIndex` to address it.
    public mutating func readSlice(_ count: Int) throws(ByteReaderError) -> ArraySlice<UInt8> {
        let index = try start(for: count)
        offset += count
        return bytes[index..<(index + count)]
    }

    /// Reads `count` bytes and returns a reader over just those bytes, for length-prefixed
    /// (type-length-value) structures. The child's offsets start at zero.
    public mutating func readSubReader(count: Int) throws(ByteReaderError) -> ByteReader {
        ByteReader(try readSlice(count))
    }

    /// Reads `count` bytes and decodes them as UTF-8 (invalid sequences become U+FFFD).
    public mutating func readString(count: Int) throws(ByteReaderError) -> String {
        String(decoding: try readSlice(count), as: UTF8.self)
    }

    /// Returns the next `count` bytes without consuming them.
    public func peekBytes(_ count: Int) throws(ByteReaderError) -> ArraySlice<UInt8> {
        let index = try start(for: count)
        return bytes[index..<(index + count)]
    }

    /// Consumes and returns every remaining byte (possibly none).
    public mutating func readRemaining() -> ArraySlice<UInt8> {
        let rest = bytes[(bytes.startIndex + offset)...]
        offset = bytes.count
        return rest
    }

    /// Advances the cursor by `count` bytes without reading them.
    public mutating func skip(_ count: Int) throws(ByteReaderError) {
        _ = try start(for: count)
        offset += count
    }
}
