/// A small, fast, deterministic pseudo-random generator (SplitMix64): reproducible garbage,
/// noise and simulated networks for tests, fuzz seeds and benchmarks. Not for secrets.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The current state; every `next()` advances it by the golden-ratio increment.
    public var state: UInt64

    /// Starts from `state`.
    public init(state: UInt64) {
        self.state = state
    }

    /// Starts from `seed` (the same as `init(state:)`).
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    /// `count` random bytes.
    public mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }
    }
}
