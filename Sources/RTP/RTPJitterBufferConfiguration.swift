/// The settings of one ``RTPJitterBuffer``: the stream's clock and frame size and the bounds of
/// the adaptive playout delay (RFC 3550 §5.1 timestamps, §6.4.1 interarrival jitter).
///
/// Delays are whole frames: one frame is `frameSamples` RTP timestamp units, the audio one
/// playout tick consumes (20 ms: 960 at 48 kHz for Opus, 160 at 8 kHz for G.711). The values
/// are used as given by ``normalized``, which clamps them into a consistent range; the buffer
/// never traps on a configuration.
public struct RTPJitterBufferConfiguration: Sendable, Hashable {
    /// The RTP clock rate of the payload format, in Hz (RFC 3550 §5.1; 48000 Opus, 8000 G.711).
    public var clockRate: Int
    /// RTP timestamp units per frame (per packet and per playout tick): 960 / 160 for 20 ms.
    public var frameSamples: Int
    /// The smallest playout delay, in frames.
    public var minimumDelay: Int
    /// The largest playout delay, in frames (10 frames of 20 ms: 200 ms).
    public var maximumDelay: Int
    /// Packet slots in the ring: how far ahead of the playout point a packet may be.
    public var capacity: Int
    /// The largest payload kept, in bytes; larger payloads are dropped.
    public var maxPayloadSize: Int
    /// A sequence number more than this many frames away from the highest one received is a
    /// jump (a sender restart or a long outage): the buffer starts over at it instead of playing
    /// that many missing frames.
    public var resyncThreshold: Int
    /// Playout ticks of calm (no late packet, jitter below the target, buffer above the target)
    /// before the delay shrinks by one frame (50 frames of 20 ms: 1 s).
    public var adaptationPeriod: Int

    /// A configuration for a stream with the given clock and frame size.
    public init(clockRate: Int, frameSamples: Int, minimumDelay: Int = 1, maximumDelay: Int = 10,
                capacity: Int = 64, maxPayloadSize: Int = 1500, resyncThreshold: Int = 100,
                adaptationPeriod: Int = 50) {
        self.clockRate = clockRate
        self.frameSamples = frameSamples
        self.minimumDelay = minimumDelay
        self.maximumDelay = maximumDelay
        self.capacity = capacity
        self.maxPayloadSize = maxPayloadSize
        self.resyncThreshold = resyncThreshold
        self.adaptationPeriod = adaptationPeriod
    }

    /// Opus at 48 kHz with 20 ms frames (RFC 7587 §4.1: the RTP clock is always 48 kHz).
    public static let opus = RTPJitterBufferConfiguration(clockRate: 48_000, frameSamples: 960)
    /// G.711 (PCMU/PCMA) at 8 kHz with 20 ms frames (RFC 3551 §4.5.14).
    public static let g711 = RTPJitterBufferConfiguration(clockRate: 8000, frameSamples: 160)

    /// The largest ring the buffer accepts: half the sequence number space, so a 16-bit number
    /// always maps to one place relative to the highest one (RFC 3550 Appendix A.1).
    public static let maximumCapacity = 4096

    /// The values the buffer uses: frame size and clock at least 1, capacity in
    /// 2…``maximumCapacity``, delays in 1…capacity − 1 with the minimum not above the maximum,
    /// payload size in 1…65535, threshold and period at least 1.
    public var normalized: RTPJitterBufferConfiguration {
        var result = self
        result.clockRate = max(clockRate, 1)
        result.frameSamples = min(max(frameSamples, 1), Int(Int32.max))
        result.capacity = min(max(capacity, 2), Self.maximumCapacity)
        result.maximumDelay = min(max(maximumDelay, 1), result.capacity - 1)
        result.minimumDelay = min(max(minimumDelay, 1), result.maximumDelay)
        result.maxPayloadSize = min(max(maxPayloadSize, 1), 65_535)
        result.resyncThreshold = min(max(resyncThreshold, 1), 30_000)
        result.adaptationPeriod = max(adaptationPeriod, 1)
        return result
    }
}
