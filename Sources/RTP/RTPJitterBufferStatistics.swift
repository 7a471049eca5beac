/// Counters of one ``RTPJitterBuffer`` since it was created (``RTPJitterBuffer/reset()`` keeps
/// them), for logs and the RTCP XR-style metrics of a call (RFC 3611 §4.7.2 discards).
public struct RTPJitterBufferStatistics: Sendable, Hashable {
    /// Packets accepted by ``RTPJitterBuffer/insert(payload:sequenceNumber:timestamp:marker:arrival:)``.
    public var inserted = 0
    /// Packets handed out as ``RTPJitterBufferFrame/packet(payload:sequenceNumber:timestamp:marker:)``.
    public var played = 0
    /// Packets dropped because their slot was already played or concealed (RFC 3611 discards).
    public var late = 0
    /// Packets dropped because the same sequence number was already buffered or played.
    public var duplicates = 0
    /// Frames handed out as ``RTPJitterBufferFrame/missing(nextPayload:)`` (concealed).
    public var lost = 0
    /// Of the ``lost`` frames, those that came with the next packet's payload (FEC possible).
    public var recoverable = 0
    /// Buffered packets dropped because a packet arrived more than the capacity ahead.
    public var overflows = 0
    /// Packets dropped because their payload is larger than the configured maximum.
    public var oversized = 0
    /// Packets dropped because their sequence number jumped further than the resync threshold
    /// and was not confirmed by a marker bit or a following packet.
    public var outOfRange = 0
    /// Packets dropped on purpose to shrink the delay by one frame.
    public var discarded = 0
    /// Ticks answered with ``RTPJitterBufferFrame/empty`` to grow the delay during playout.
    public var held = 0
    /// Times the buffer ran dry during a talkspurt (not a pause between talkspurts).
    public var underruns = 0
    /// Times the buffer started over: a sequence jump, or ``RTPJitterBuffer/reset()``.
    public var resets = 0
    /// Frames buffered from the playout point to the highest packet received, now.
    public var currentDelay = 0

    /// Statistics with every counter at zero.
    public init() {}
}
