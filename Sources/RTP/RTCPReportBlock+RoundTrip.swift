/// Round-trip time from a reception report (RFC 3550 §6.4.1).
extension RTCPReportBlock {
    /// A − LSR − DLSR in 16.16 compact NTP units, modulo 2^32: the round trip seen by the sender
    /// of the SR that this block answers, where `arrival` is the compact NTP time the report
    /// arrived. `nil` when LSR is 0 (no SR received yet); a negative result (clock granularity)
    /// is 0.
    public static func roundTripCompact(arrival: UInt32, lastSenderReport: UInt32,
                                        delaySinceLastSenderReport: UInt32) -> UInt32? {
        guard lastSenderReport != 0 else { return nil }
        let difference = arrival &- lastSenderReport &- delaySinceLastSenderReport
        return Int32(bitPattern: difference) < 0 ? 0 : difference
    }

    /// The round-trip time for this block arriving at `arrival` (our wallclock as NTP), or `nil`
    /// when the reporter had no SR from us (LSR 0).
    public func roundTripTime(arrival: NTPTimestamp) -> Duration? {
        Self.roundTripCompact(arrival: arrival.compact, lastSenderReport: lastSenderReport,
                              delaySinceLastSenderReport: delaySinceLastSenderReport)
            .map(NTPTimestamp.duration(compact:))
    }
}
