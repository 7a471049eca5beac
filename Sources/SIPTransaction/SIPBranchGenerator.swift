/// Makes Via `branch` values: the RFC 3261 magic cookie `z9hG4bK` followed by 32 hex digits,
/// unique for the generator's lifetime and unpredictable across generators (RFC 3261 §8.1.1.7).
///
/// The first 16 digits are a random per-generator prefix drawn once from the system generator;
/// the last 16 are a counter mixed through an invertible function (SplitMix64's finalizer), so
/// two values from one generator never repeat and successive values do not look sequential.
public struct SIPBranchGenerator: Sendable {
    private let prefix: String
    private let salt: UInt64
    private var counter: UInt64 = 0

    /// Creates a generator seeded from the system's random number generator.
    public init() {
        var rng = SystemRandomNumberGenerator()
        prefix = Self.hex(rng.next())
        salt = rng.next()
    }

    /// The next branch value, `z9hG4bK` + 32 hex digits.
    public mutating func next() -> String {
        counter &+= 1
        return "z9hG4bK" + prefix + Self.hex(Self.mix(counter ^ salt))
    }

    /// SplitMix64's finalizer: a bijection on 64-bit values.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 16 lower-case hex digits.
    static func hex(_ value: UInt64) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: 48, count: 16)
        var v = value
        for i in stride(from: 15, through: 0, by: -1) {
            out[i] = digits[Int(v & 0xF)]
            v >>= 4
        }
        return String(decoding: out, as: UTF8.self)
    }
}
