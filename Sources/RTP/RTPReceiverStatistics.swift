/// Everything a receiver keeps about one source to write its reception report block: sequence
/// tracking (A.1), loss (A.3), jitter (A.8) and the last SR for LSR/DLSR (RFC 3550 §6.4.1).
///
/// Times are passed in: arrivals in the source's RTP clock for jitter, NTP wallclock for the SR
/// bookkeeping.
public struct RTPReceiverStatistics: Sendable, Hashable {
    /// The source.
    public let ssrc: UInt32
    /// Sequence tracking and loss.
    public private(set) var sequence: RTPSequenceTracker
    /// Interarrival jitter.
    public private(set) var jitter = RTPJitterEstimator()
    /// Compact NTP timestamp of the last SR from the source (LSR), 0 when none.
    public private(set) var lastSenderReport: UInt32 = 0
    /// Our compact NTP time when that SR arrived.
    public private(set) var lastSenderReportArrival: UInt32 = 0

    /// Statistics for a source not heard yet.
    public init(ssrc: UInt32, minSequential: Int = 2) {
        self.ssrc = ssrc
        self.sequence = RTPSequenceTracker(minSequential: minSequential)
    }

    /// Records a received RTP packet: its sequence number, RTP timestamp, and arrival time in
    /// the same RTP clock. Jitter counts only valid packets and starts over on a restart.
    @discardableResult
    public mutating func packetReceived(sequenceNumber: UInt16, rtpTimestamp: UInt32,
                                        arrival: UInt32) -> RTPSequenceTracker.Update {
        let update = sequence.update(sequenceNumber)
        if case .restarted = update { jitter.reset() }
        if update.isValid { jitter.update(rtpTimestamp: rtpTimestamp, arrival: arrival) }
        return update
    }

    /// Records a packet that counts for loss but not for jitter, such as an RFC 4733 event
    /// (its timestamp is the event's start, not its sampling instant; RFC 4733 §2.3.5).
    @discardableResult
    public mutating func packetReceivedWithoutTiming(sequenceNumber: UInt16) -> RTPSequenceTracker.Update {
        let update = sequence.update(sequenceNumber)
        if case .restarted = update { jitter.reset() }
        return update
    }

    /// Records an SR from the source (its NTP timestamp) arriving at our wallclock `arrival`.
    public mutating func senderReportReceived(_ ntpTimestamp: NTPTimestamp, arrival: NTPTimestamp) {
        lastSenderReport = ntpTimestamp.compact
        lastSenderReportArrival = arrival.compact
    }

    /// The report block for a report sent at `now`, starting a new loss interval; `nil` while
    /// the source is not valid.
    public mutating func makeReportBlock(now: NTPTimestamp) -> RTCPReportBlock? {
        guard sequence.isValid else { return nil }
        let loss = sequence.takeIntervalLoss()
        let delay = lastSenderReport == 0 ? 0 : now.compact &- lastSenderReportArrival
        return RTCPReportBlock(
            ssrc: ssrc, fractionLost: loss.fractionLost, cumulativeLost: loss.cumulativeLost,
            extendedHighestSequence: sequence.extendedHighestSequence, jitter: jitter.jitter,
            lastSenderReport: lastSenderReport, delaySinceLastSenderReport: delay)
    }
}
