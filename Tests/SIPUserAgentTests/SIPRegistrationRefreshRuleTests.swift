import SIPUserAgent
import Testing

/// The refresh point of JsSIP ≥ 3.5.7 (`src/Registrator.js`), which the Plivo SDK wraps.
@Suite struct SIPRegistrationRefreshRuleTests {
    @Test("expires > 64: e/2 + ⌊(e/2 − 32)·r⌋, in milliseconds", arguments: [
        (120, 0.0, 60_000), (120, 0.5, 74_000), (120, 0.999_999_999, 87_999),
        (3600, 0.5, 2_684_000), (65, 0.5, 32_750),
    ] as [(Int, Double, Int64)])
    func large(expires: Int, r: Double, milliseconds: Int64) {
        #expect(SIPRegistrationRefreshRule.fixed(r).delay(forExpires: expires) == .milliseconds(milliseconds))
    }

    @Test("expires ≤ 64: e − 5 s; below 10 s counts as 10 s", arguments: [
        (64, 59_000), (30, 25_000), (10, 5_000), (3, 5_000), (0, 5_000),
    ] as [(Int, Int64)])
    func small(expires: Int, milliseconds: Int64) {
        #expect(SIPRegistrationRefreshRule.fixed(0.5).delay(forExpires: expires) == .milliseconds(milliseconds))
    }

    @Test("A random source outside [0, 1) is clamped")
    func clamped() {
        #expect(SIPRegistrationRefreshRule.fixed(-3).delay(forExpires: 120) == .seconds(60))
        #expect(SIPRegistrationRefreshRule.fixed(7).delay(forExpires: 120) < .seconds(88))
        let random = SIPRegistrationRefreshRule()
        for _ in 0..<100 {
            let delay = random.delay(forExpires: 120)
            #expect(delay >= .seconds(60) && delay < .seconds(88))
        }
    }
}
