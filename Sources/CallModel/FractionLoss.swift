/// The fraction of packets lost in one statistics interval, both ways (`rtpStats.ts:
/// calculateStats`), rounded to 3 decimals as the SDK rounds.
///
/// - local (our stream): Δlost-by-remote / Δsent;
/// - remote (the stream we receive): Δlost / (Δreceived + Δlost);
/// - 0 when both counts are 0, 1.0 when only the denominator is;
/// - the first interval uses the cumulative counters.
public struct FractionLoss: Sendable, Hashable {
    /// Of the packets we sent.
    public var local: Double
    /// Of the packets sent to us.
    public var remote: Double

    /// A pair of fractions.
    public init(local: Double, remote: Double) {
        self.local = local
        self.remote = remote
    }

    /// The fractions between two samples (`previous` nil: since the call started).
    public init(from previous: QualitySample?, to current: QualitySample) {
        let localLost = current.packetsLostByRemote - (previous?.packetsLostByRemote ?? 0)
        let sent = current.packetsSent - (previous?.packetsSent ?? 0)
        let remoteLost = current.packetsLostLocally - (previous?.packetsLostLocally ?? 0)
        let received = current.packetsReceived - (previous?.packetsReceived ?? 0)
        self.init(local: Self.fraction(lost: localLost, of: sent),
                  remote: Self.fraction(lost: remoteLost, of: received + remoteLost))
    }

    /// `lost / total` with the SDK's rules for zeros, rounded to 3 decimals.
    public static func fraction(lost: Int, of total: Int) -> Double {
        if lost == 0 && total == 0 { return 0 }
        if total == 0 { return 1.0 }
        return JSNumberFormat.rounded(Double(lost) / Double(total), digits: 3)
    }
}
