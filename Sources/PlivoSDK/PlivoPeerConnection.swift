/// The seed's `getPeerConnection()`: `{status: 'success', pc}` during a call, else
/// `{status: 'called in wrong state'}`. A server has no RTCPeerConnection; `pc` is this
/// handle's connection state and counters.
public struct PlivoPeerConnection: Sendable, Hashable {
    /// `success` or `called in wrong state`.
    public var status: String
    /// The ICE connection state (`new`, `checking`, `connected`, `disconnected`, `failed`, `closed`).
    public var iceConnectionState: String?
    /// The media counters, once media flows.
    public var stats: PlivoCallStats?

    /// A handle.
    public init(status: String, iceConnectionState: String? = nil, stats: PlivoCallStats?) {
        self.status = status
        self.iceConnectionState = iceConnectionState
        self.stats = stats
    }
}

/// A call's media counters, as getStats would give them.
public struct PlivoCallStats: Sendable, Hashable {
    /// The codec in use (`opus`, `PCMU`, `PCMA`).
    public var codec: String
    /// RTP packets sent.
    public var packetsSent: Int
    /// RTP packets received.
    public var packetsReceived: Int
    /// Packets we lost (RFC 3550 A.3).
    public var packetsLost: Int
    /// Packets the peer reports lost (its RTCP receiver report).
    public var remotePacketsLost: Int
    /// Our receive jitter, in ms.
    public var jitterMilliseconds: Double
    /// The peer's receive jitter for our stream, in ms.
    public var remoteJitterMilliseconds: Double
    /// The RTCP round-trip time, in ms (nil before the first report).
    public var roundTripTimeMilliseconds: Double?
    /// The E-model MOS of the last quality sample (nil before one).
    public var mos: Double?

    /// Counters.
    public init(codec: String, packetsSent: Int, packetsReceived: Int, packetsLost: Int, remotePacketsLost: Int,
                jitterMilliseconds: Double, remoteJitterMilliseconds: Double, roundTripTimeMilliseconds: Double?, mos: Double?) {
        self.codec = codec
        self.packetsSent = packetsSent
        self.packetsReceived = packetsReceived
        self.packetsLost = packetsLost
        self.remotePacketsLost = remotePacketsLost
        self.jitterMilliseconds = jitterMilliseconds
        self.remoteJitterMilliseconds = remoteJitterMilliseconds
        self.roundTripTimeMilliseconds = roundTripTimeMilliseconds
        self.mos = mos
    }
}
