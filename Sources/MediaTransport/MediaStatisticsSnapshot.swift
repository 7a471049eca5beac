import AudioPipeline

/// A point-in-time view of one call's media: counters, loss, jitter, RTT, playout (the raw
/// material of the seed's call stats and quality metrics).
public struct MediaStatisticsSnapshot: Sendable, Hashable {
    /// The engine's counters.
    public var engine: MediaEngineStatistics
    /// What the playout did (decoded, concealed, FEC-recovered, silent frames).
    public var playout: AudioReceiveChain.Statistics
    /// The peer's SSRC, once its RTP arrived.
    public var remoteSSRC: UInt32?
    /// Packets lost on the way to us (RFC 3550 A.3 cumulative) and expected.
    public var packetsLost = 0, expectedPackets = 0
    /// Interarrival jitter of the peer's stream (RFC 3550 A.8).
    public var jitter: Duration = .zero
    /// The jitter buffer's target delay in 20 ms frames.
    public var jitterBufferDelayFrames = 0
    /// SRTP authentication failures and replays dropped on receive.
    public var srtpAuthenticationFailures = 0, srtpReplays = 0
    /// The codec's encoding name.
    public var codec = ""
    /// The SRTP profile, once secured.
    public var profile: String?
    /// Peak sample of the last frame sent and played (level meters), 0…32767.
    public var inputPeak: Int16 = 0, outputPeak: Int16 = 0

    /// Creates a snapshot.
    public init(engine: MediaEngineStatistics, playout: AudioReceiveChain.Statistics) {
        self.engine = engine
        self.playout = playout
    }
}
