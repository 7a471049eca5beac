/// One 5 s statistics tick of the call's audio, what a ``CallQualityMonitor`` analyses (the
/// browser's `getStats` fields the SDK reads, in milliseconds and cumulative counters).
public struct QualitySample: Sendable, Hashable {
    /// Round-trip time in ms (from RTCP receiver reports; `remote-inbound-rtp.roundTripTime`),
    /// nil before the first report.
    public var rtt: Double?
    /// The jitter the remote side reports for our stream, in ms (`remote-inbound-rtp.jitter`).
    public var localJitter: Double?
    /// The jitter of the stream we receive, in ms (`inbound-rtp.jitter`).
    public var remoteJitter: Double?
    /// RTP packets we sent, since the call started (`outbound-rtp.packetsSent`).
    public var packetsSent: Int
    /// Our packets the remote side reports lost, cumulative (`remote-inbound-rtp.packetsLost`).
    public var packetsLostByRemote: Int
    /// RTP packets we received, cumulative (`inbound-rtp.packetsReceived`).
    public var packetsReceived: Int
    /// Packets we expected but never received, cumulative (`inbound-rtp.packetsLost`).
    public var packetsLostLocally: Int
    /// The mean level of our (microphone) stream over the tick, in dB (−100 for silence).
    public var localLevel: Double
    /// The mean level of the received stream over the tick, in dB (−100 for silence).
    public var remoteLevel: Double
    /// Whether the microphone was muted (the local level is then not analysed).
    public var muted: Bool

    /// A sample.
    public init(rtt: Double?, localJitter: Double?, remoteJitter: Double?, packetsSent: Int, packetsLostByRemote: Int,
                packetsReceived: Int, packetsLostLocally: Int, localLevel: Double, remoteLevel: Double,
                muted: Bool = false) {
        self.rtt = rtt
        self.localJitter = localJitter
        self.remoteJitter = remoteJitter
        self.packetsSent = packetsSent
        self.packetsLostByRemote = packetsLostByRemote
        self.packetsReceived = packetsReceived
        self.packetsLostLocally = packetsLostLocally
        self.localLevel = localLevel
        self.remoteLevel = remoteLevel
        self.muted = muted
    }
}
