/// One RFC 8285 one-byte header extension element to send: an ID of 1–14 and 1–16 bytes of
/// data, held inline so that building a packet never allocates (RFC 8285 §4.2).
public struct RTPOneByteExtensionElement: Sendable, Hashable {
    /// The local identifier, 1–14.
    public let id: UInt8
    /// Number of data bytes, 1–16.
    public let count: Int
    /// Data bytes 0–7 (byte k in bits 8k…8k+7).
    @usableFromInline let low: UInt64
    /// Data bytes 8–15.
    @usableFromInline let high: UInt64

    /// Creates an element; `value` must hold 1–16 bytes and `id` be 1–14 (RFC 8285 §4.2).
    @inlinable
    public init(id: UInt8, value: some Collection<UInt8>) throws(RTPWriteError) {
        guard (1...14).contains(id) else { throw .valueOutOfRange(.extensionID, Int(id)) }
        let count = value.count
        guard (1...16).contains(count) else { throw .valueOutOfRange(.extensionElementLength, count) }
        var low: UInt64 = 0
        var high: UInt64 = 0
        for (index, byte) in value.enumerated() {
            if index < 8 {
                low |= UInt64(byte) << (8 * UInt64(index))
            } else {
                high |= UInt64(byte) << (8 * UInt64(index - 8))
            }
        }
        self.id = id
        self.count = count
        self.low = low
        self.high = high
    }

    /// The RFC 6464 client-to-mixer audio level element with the negotiated `id`.
    @inlinable
    public static func audioLevel(id: UInt8, _ level: RTPAudioLevel) throws(RTPWriteError) -> Self {
        try Self(id: id, value: CollectionOfOne(level.byte))
    }

    /// The data byte at `index` (0 ..< count).
    @inlinable
    public func byte(at index: Int) -> UInt8 {
        guard index >= 0, index < count else { return 0 }
        let word = index < 8 ? low : high
        return UInt8(truncatingIfNeeded: word >> (8 * UInt64(index & 7)))
    }

    /// The data bytes (allocates; for tests and logs).
    public var value: [UInt8] {
        (0..<count).map { byte(at: $0) }
    }

    /// Writes the element header and data at `offset`; returns the bytes written.
    @inlinable
    func write(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Int {
        buffer[offset] = id << 4 | UInt8(count - 1)
        for index in 0..<count {
            buffer[offset + 1 + index] = byte(at: index)
        }
        return 1 + count
    }
}
