/// The 4-byte header every RTCP packet starts with (RFC 3550 §6.4.1, RFC 4585 §6.1).
public struct RTCPHeader: Sendable, Hashable {
    /// The P bit: padding octets end the packet.
    public var hasPadding: Bool
    /// The 5-bit count field: report count (SR/RR), source count (SDES/BYE), subtype (APP) or
    /// feedback message type FMT (RTPFB/PSFB).
    public var count: UInt8
    /// The packet type.
    public var packetType: RTCPPacketType
    /// The length field: the packet's size in 32-bit words minus one, header and padding included.
    public var length: UInt16

    /// Creates a header.
    public init(hasPadding: Bool = false, count: UInt8, packetType: RTCPPacketType, length: UInt16) {
        self.hasPadding = hasPadding
        self.count = count
        self.packetType = packetType
        self.length = length
    }

    /// The packet's size in bytes: (length + 1) × 4.
    public var packetSize: Int { (Int(length) + 1) * 4 }
}
