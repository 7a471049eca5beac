/// The fixed RTP header fields a sender chooses per packet (RFC 3550 §5.1).
///
/// Version (always 2), the padding, extension and CSRC-count bits follow from what the writer
/// is given; they are not stored here.
public struct RTPHeader: Sendable, Hashable {
    /// The marker bit (RFC 3550 §5.1; for audio, the first packet after silence, RFC 3551 §4.1).
    public var marker: Bool
    /// The payload type, 0–127 (RFC 3550 §5.1, RFC 3551 §6).
    public var payloadType: UInt8
    /// The sequence number (RFC 3550 §5.1).
    public var sequenceNumber: UInt16
    /// The RTP timestamp, in the payload's clock (RFC 3550 §5.1).
    public var timestamp: UInt32
    /// The synchronization source (RFC 3550 §5.1).
    public var ssrc: UInt32

    /// Creates header fields.
    @inlinable
    public init(marker: Bool = false, payloadType: UInt8, sequenceNumber: UInt16, timestamp: UInt32, ssrc: UInt32) {
        self.marker = marker
        self.payloadType = payloadType
        self.sequenceNumber = sequenceNumber
        self.timestamp = timestamp
        self.ssrc = ssrc
    }
}
