/// Loss statistics for reception reports (RFC 3550 Appendix A.3, §6.4.1).
extension RTPSequenceTracker {
    /// The loss figures of one reporting interval.
    public struct IntervalLoss: Sendable, Hashable {
        /// Packets expected in the interval.
        public var expected: Int64
        /// Packets received in the interval (duplicates included).
        public var received: Int64
        /// expected − received; negative with duplicates.
        public var lost: Int64
        /// The loss fraction in 1/256, 0 when nothing was lost (RFC 3550 §6.4.1 "fraction lost").
        public var fractionLost: UInt8
        /// The cumulative number lost, clamped to the signed 24-bit field.
        public var cumulativeLost: Int32
    }

    /// Packets expected since the base: extended highest − base + 1; 0 before the source is valid.
    public var expectedPackets: Int64 {
        guard isValid else { return 0 }
        return Int64(extendedHighestSequence) - Int64(baseSequence) + 1
    }

    /// Cumulative packets lost (expected − received), clamped to the 24-bit field: 0x7FFFFF at
    /// most, −0x800000 at least (RFC 3550 Appendix A.3).
    public var cumulativeLost: Int32 {
        let lost = expectedPackets - Int64(isValid ? received : 0)
        return Int32(min(max(lost, Int64(RTCPReportBlock.cumulativeLostRange.lowerBound)),
                         Int64(RTCPReportBlock.cumulativeLostRange.upperBound)))
    }

    /// Computes the interval figures since the previous call and starts a new interval.
    public mutating func takeIntervalLoss() -> IntervalLoss {
        let expected = expectedPackets
        let receivedNow = isValid ? received : 0
        let expectedInterval = expected - expectedPrior
        expectedPrior = expected
        let receivedInterval = Int64(receivedNow) - Int64(receivedPrior)
        receivedPrior = receivedNow
        let lostInterval = expectedInterval - receivedInterval
        var fraction: Int64 = 0
        if expectedInterval > 0, lostInterval > 0 {
            fraction = min((lostInterval << 8) / expectedInterval, 255)
        }
        return IntervalLoss(expected: expectedInterval, received: receivedInterval, lost: lostInterval,
                            fractionLost: UInt8(fraction), cumulativeLost: cumulativeLost)
    }
}
