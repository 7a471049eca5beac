/// What one playout tick of an ``RTPJitterBuffer`` yields (RFC 3550 §5.1 sequence order).
///
/// The payload pointers point into the buffer's own storage and are valid only inside the
/// closure given to ``RTPJitterBuffer/pop(_:)``.
public enum RTPJitterBufferFrame {
    /// The next packet in sequence order: decode it.
    case packet(payload: UnsafeRawBufferPointer, sequenceNumber: UInt16, timestamp: UInt32, marker: Bool)
    /// The packet for this tick was lost: conceal it, or recover it from the next packet's
    /// in-band FEC (Opus LBRR, RFC 6716 §2.1.7) when `nextPayload` is there, i.e. when the next
    /// packet in sequence is already buffered.
    case missing(nextPayload: UnsafeRawBufferPointer?)
    /// Nothing to play: still buffering, an underrun, a pause between talkspurts, or a tick held
    /// back to grow the delay. Play silence or conceal.
    case empty

    /// Whether this is ``packet(payload:sequenceNumber:timestamp:marker:)``.
    public var isPacket: Bool {
        if case .packet = self { return true }
        return false
    }

    /// The sequence number of a ``packet(payload:sequenceNumber:timestamp:marker:)``, else `nil`.
    public var sequenceNumber: UInt16? {
        if case .packet(_, let sequenceNumber, _, _) = self { return sequenceNumber }
        return nil
    }
}
