/// Why an RTP packet, an RTCP packet or an RFC 4733 payload could not be written
/// (RFC 3550 §5.1, §6.4; RFC 8285 §4; RFC 4733 §2.3).
public enum RTPWriteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A field that has a limit on the wire.
    public enum Field: Sendable, Hashable {
        /// RTP payload type, 0–127 (RFC 3550 §5.1).
        case payloadType
        /// CSRC count, 0–15 (RFC 3550 §5.1).
        case csrcCount
        /// One-byte extension element ID, 1–14 (RFC 8285 §4.2).
        case extensionID
        /// One-byte extension element length, 1–16 bytes (RFC 8285 §4.2).
        case extensionElementLength
        /// Header extension data: a multiple of 4 bytes, at most 65535 words (RFC 3550 §5.3.1).
        case extensionLength
        /// RTP or RTCP padding count, 0–255 (RFC 3550 §5.1, §6.4.1).
        case paddingCount
        /// RTCP report count, source count, FMT or subtype, 0–31 (RFC 3550 §6.4, RFC 4585 §6.1).
        case count
        /// RTCP packet length, at most 65536 words (RFC 3550 §6.4.1).
        case packetLength
        /// Bytes that must be a multiple of 4 (profile extension, APP data, FCI, raw body).
        case wordAlignedData
        /// SDES item type: 0 is END and cannot be an item (RFC 3550 §6.5).
        case sdesItemType
        /// SDES item or BYE reason text, at most 255 bytes (RFC 3550 §6.5, §6.6).
        case textLength
        /// Cumulative number of packets lost, a signed 24-bit value (RFC 3550 §6.4.1).
        case cumulativeLost
        /// RFC 4733 volume, 0–63.
        case volume
        /// An RFC 4733 sequence input (duration, interval, clock rate) that is not positive.
        case telephoneEventTiming
    }

    /// The buffer given to the writer is smaller than the packet.
    case bufferTooSmall(needed: Int, available: Int)
    /// A field value does not fit its wire limits.
    case valueOutOfRange(Field, Int)
    /// A compound RTCP packet must start with SR or RR unless reduced-size RTCP was negotiated
    /// (RFC 3550 §6.1; RFC 5506 §3.4.2).
    case firstPacketNotReport(RTCPPacketType)
    /// A compound RTCP packet needs at least one packet.
    case emptyCompound

    /// One line naming the problem.
    public var description: String {
        switch self {
        case .bufferTooSmall(let needed, let available):
            return "buffer too small: \(needed) bytes needed, \(available) available"
        case .valueOutOfRange(let field, let value):
            return "\(field) out of range: \(value)"
        case .firstPacketNotReport(let type):
            return "compound RTCP must start with SR or RR, not \(type)"
        case .emptyCompound:
            return "empty compound RTCP packet"
        }
    }
}
