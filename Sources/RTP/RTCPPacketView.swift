/// One RTCP packet of a compound packet, read in place (RFC 3550 §6.4.1).
///
/// Produced by ``RTCPCompoundIterator``: the header is validated (version 2, length within the
/// compound packet, padding count within the packet); the body is not interpreted.
/// ``RTCPPacket/init(parsing:)`` turns it into a typed packet.
public struct RTCPPacketView<Bytes: RandomAccessCollection>
where Bytes.Element == UInt8, Bytes.Index == Int {
    /// The common header.
    public let header: RTCPHeader
    /// Offset of the packet from the start of the compound packet.
    public let offset: Int
    /// The whole packet: header, body and padding.
    public let bytes: Bytes.SubSequence
    /// The bytes after the 4-byte header, without the padding.
    public let body: Bytes.SubSequence
    /// Padding octets at the end, the count octet included; 0 without the P bit.
    public let paddingCount: Int
}

extension RTCPPacketView: Sendable where Bytes.SubSequence: Sendable {}
