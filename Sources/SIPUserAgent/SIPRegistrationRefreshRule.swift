/// When to re-REGISTER before a binding expires: the rule of JsSIP ≥ 3.5.7
/// (`versatica/JsSIP` `src/Registrator.js`, "improve registrator expires maths"), the library
/// the Plivo browser SDK wraps.
///
/// With `e` = the granted expiry, raised to at least ``minimumExpires`` (10 s, JsSIP's
/// `MIN_REGISTER_EXPIRES`):
/// - `e > 64`: `e/2 + ⌊(e/2 − 32) · r⌋` seconds (computed in milliseconds), `r` uniform in
///   [0, 1). The refresh lands between half the expiry and 32 s before it, spreading a fleet's
///   refreshes; the default 120 s gives 60–88 s.
/// - otherwise: `e − 5` seconds.
///
/// `r` comes from the injected ``random`` so tests can pin it (r = 0.5 gives 74 s for 120 s).
public struct SIPRegistrationRefreshRule: Sendable {
    /// JsSIP's floor for the granted expiry, in seconds.
    public static let minimumExpires = 10

    /// Returns `r` in [0, 1); values outside are clamped, a NaN or infinity counts as 0.
    public var random: @Sendable () -> Double

    /// Creates the rule with a random source (system randomness by default).
    public init(random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.random = random
    }

    /// A rule that always draws `r` (for tests and reproducible runs).
    public static func fixed(_ r: Double) -> SIPRegistrationRefreshRule {
        SIPRegistrationRefreshRule { r }
    }

    /// The delay from the 2xx to the refresh for a granted expiry of `expires` seconds.
    public func delay(forExpires expires: Int) -> Duration {
        let e = Int64(max(expires, Self.minimumExpires))
        guard e > 64 else { return .milliseconds(e * 1_000 - 5_000) }
        let raw = random()
        let r = raw.isFinite ? min(max(raw, 0), 0.999_999_999) : 0
        let spread = Int64(((Double(e) / 2 - 32) * 1_000 * r).rounded(.down))
        return .milliseconds(e * 500 + spread)
    }
}
