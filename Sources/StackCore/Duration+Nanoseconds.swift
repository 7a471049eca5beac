extension Duration {
    /// This duration in whole nanoseconds, truncated toward zero and saturated to `Int64`.
    public var saturatingNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow {
            return seconds < 0 ? .min : .max
        }
        let (total, sumOverflow) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        if sumOverflow {
            return scaled < 0 ? .min : .max
        }
        return total
    }

    /// This duration in seconds, as a `Double` (for rates and printed times).
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
