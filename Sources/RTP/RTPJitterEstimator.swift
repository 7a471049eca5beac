/// The interarrival jitter estimate of one source, in RTP timestamp units (RFC 3550 §6.4.1,
/// Appendix A.8, the integer form: J scaled by 16).
///
/// Arrival times are passed in, already converted to the payload's RTP clock; the estimator
/// never reads a clock. All differences are modulo 2^32, so timestamp wrap-around is harmless.
public struct RTPJitterEstimator: Sendable, Hashable {
    /// J × 16.
    public private(set) var scaledJitter: UInt64 = 0
    /// The relative transit time of the previous packet.
    public private(set) var lastTransit: UInt32?

    /// An estimator before the first packet.
    public init() {}

    /// The jitter to report: J, in timestamp units.
    public var jitter: UInt32 { UInt32(clamping: scaledJitter >> 4) }

    /// Adds one packet: its RTP timestamp and its arrival time in the same clock. The first
    /// packet only sets the reference transit time.
    public mutating func update(rtpTimestamp: UInt32, arrival: UInt32) {
        let transit = arrival &- rtpTimestamp
        defer { lastTransit = transit }
        guard let lastTransit else { return }
        let difference = UInt64(Int32(bitPattern: transit &- lastTransit).magnitude)
        // J += |D| − (J + 8) / 16, with J scaled by 16 (A.8); never negative.
        scaledJitter = scaledJitter + difference - ((scaledJitter + 8) >> 4)
    }

    /// Forgets the history (after the source restarted).
    public mutating func reset() {
        scaledJitter = 0
        lastTransit = nil
    }
}
