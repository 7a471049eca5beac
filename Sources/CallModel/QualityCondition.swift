/// The threshold rules of the SDK's `mediaMetrics.ts`, each judged over a window of 3 samples
/// (a missing sample never offends). The result is the metric's value string when the condition
/// holds, in the SDK's format, or nil.
enum QualityCondition: Sendable, Hashable {
    /// At least 2 round-trip times above 400 ms: their mean, `toFixed(2)`.
    case highRTT
    /// At least 2 jitters above 30 ms: their mean, as a JavaScript number.
    case highJitter
    /// At least 2 MOS values below 3.5: the first of them.
    case lowMOS
    /// At least 2 fractions lost of 0.02 or more: their mean rounded to 3 decimals.
    case highPacketLoss
    /// At least 2 identical audio levels (a frozen level): that level in dB.
    case frozenLevel

    /// The value to report when the window meets the condition, else nil.
    func value(over window: [Double?]) -> String? {
        let values = window.compactMap { $0 }
        switch self {
        case .highRTT:
            return Self.mean(values.filter { $0 > 400 }).map { JSNumberFormat.fixed($0, digits: 2) }
        case .highJitter:
            return Self.mean(values.filter { $0 > 30 }).map(JSNumberFormat.string)
        case .lowMOS:
            let low = values.filter { $0 < 3.5 }
            return low.count >= 2 ? low.first.map(JSNumberFormat.string) : nil
        case .highPacketLoss:
            return Self.mean(values.filter { $0 >= 0.02 }).map { JSNumberFormat.string(JSNumberFormat.rounded($0, digits: 3)) }
        case .frozenLevel:
            let repeated = values.first { level in values.filter { $0 == level }.count >= 2 }
            return repeated.map(JSNumberFormat.string)
        }
    }

    /// The mean of at least 2 offending values (summed in order, as JavaScript's `reduce`).
    private static func mean(_ offending: [Double]) -> Double? {
        guard offending.count >= 2 else { return nil }
        return offending.reduce(0, +) / Double(offending.count)
    }
}
