/// The reconnection back-off of JsSIP's transport recovery, with Plivo's bounds (behaviour §4.4
/// layer 1; `versatica/JsSIP: lib/Transport.js` `_reconnect`).
///
/// For the `n`-th consecutive failure (`n ≥ 1`, reset on a successful connect) the wait is
///
///     k = floor(r · 2ⁿ + 1) seconds, clamped to [minimumSeconds, maximumSeconds] = [2, 20]
///
/// with `r` uniform in [0, 1) (JsSIP's `Math.random()`, injected here so tests are exact).
///
/// This is the "2 s doubling to a 20 s cap, with jitter": the *ceiling* of the wait,
/// ``ceiling(attempt:)`` = min(2ⁿ, 20), is 2, 4, 8, 16, 20, 20 … s, and the jitter is "full
/// jitter" beneath it — `r` picks a whole number of seconds in [1, 2ⁿ], raised to the 2 s floor.
/// The formula is kept exactly (rather than, say, 2ⁿ·(1 ± ε)) so the Swift stack retries on the
/// same schedule as the seed against the same servers.
public struct SIPReconnectBackoff: Sendable, Hashable {
    /// The shortest wait in seconds (Plivo's `recovery_options.min_interval`: 2).
    public var minimumSeconds: Int
    /// The longest wait in seconds (Plivo's `recovery_options.max_interval`: 20).
    public var maximumSeconds: Int

    /// Creates the back-off; the defaults are Plivo's.
    public init(minimumSeconds: Int = 2, maximumSeconds: Int = 20) {
        self.minimumSeconds = max(0, minimumSeconds)
        self.maximumSeconds = max(self.minimumSeconds, maximumSeconds)
    }

    /// The wait before retrying after the `attempt`-th consecutive failure, for the random
    /// draw `random` in [0, 1) (values outside are clamped into it, NaN counts as 0).
    public func delay(attempt: Int, random: Double) -> Duration {
        let r = random >= 0 ? min(random, 1.0.nextDown) : 0
        // 2^1000 is still finite, so r · 2ⁿ never becomes NaN or infinite. Scaling by a power
        // of two is exact; floor(x + 1) is computed as floor(x) + 1 so that adding 1 cannot
        // round r · 2ⁿ just below an integer up to it.
        let scale = Double(sign: .plus, exponent: min(max(attempt, 0), 1000), significand: 1)
        let k = (r * scale).rounded(.down) + 1
        if k >= Double(maximumSeconds) {
            return .seconds(maximumSeconds)
        }
        return .seconds(max(Int(k), minimumSeconds))
    }

    /// The longest wait the jitter can produce for `attempt`: min(2ⁿ, 20) s, floored at 2 s.
    public func ceiling(attempt: Int) -> Duration {
        delay(attempt: attempt, random: 1.0.nextDown)
    }
}
