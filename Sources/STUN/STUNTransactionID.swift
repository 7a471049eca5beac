/// The 96-bit transaction ID of a STUN message (RFC 8489 §5, §6.3).
///
/// Stored as two integers so it hashes and compares without allocating; ``bytes`` gives the
/// twelve octets in wire order. Requests need a fresh, uniformly random ID: use ``random()``.
public struct STUNTransactionID: Sendable, Hashable, CustomStringConvertible {
    /// Octets 0–3 of the ID, big-endian.
    public let high: UInt32
    /// Octets 4–11 of the ID, big-endian.
    public let low: UInt64

    /// Creates an ID from its two big-endian parts.
    public init(high: UInt32, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Creates an ID from exactly twelve octets in wire order; `nil` for any other count.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 12 else { return nil }
        var high: UInt32 = 0
        var low: UInt64 = 0
        for (index, byte) in bytes.enumerated() {
            if index < 4 {
                high = high << 8 | UInt32(byte)
            } else {
                low = low << 8 | UInt64(byte)
            }
        }
        self.init(high: high, low: low)
    }

    /// A uniformly random ID from the system generator (RFC 8489 §6: "cryptographically random").
    public static func random() -> STUNTransactionID {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    /// A random ID from `generator` (tests inject a seeded one).
    public static func random(using generator: inout some RandomNumberGenerator) -> STUNTransactionID {
        STUNTransactionID(high: generator.next(), low: generator.next())
    }

    /// The twelve octets in wire order.
    public var bytes: [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(12)
        append(to: &result)
        return result
    }

    /// Appends the twelve octets to `buffer`.
    func append(to buffer: inout [UInt8]) {
        buffer.appendBigEndian(high)
        buffer.appendBigEndian(low)
    }

    /// The octet at `index` (0–11) in wire order.
    func byte(at index: Int) -> UInt8 {
        if index < 4 {
            return UInt8(truncatingIfNeeded: high >> UInt32(24 - 8 * index))
        }
        return UInt8(truncatingIfNeeded: low >> UInt64(56 - 8 * (index - 4)))
    }

    /// The ID as 24 lower-case hex digits.
    public var description: String {
        STUNHex.string(UInt64(high), digits: 8) + STUNHex.string(low, digits: 16)
    }
}
