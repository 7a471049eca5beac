/// An RTCP packet this module does not interpret (XR, unknown types), kept lossless: the count
/// field, the type and the body without padding (RFC 3550 §6.4.1).
public struct RTCPRawPacket: Sendable, Hashable {
    /// The 5-bit count field.
    public var count: UInt8
    /// The packet type.
    public var packetType: RTCPPacketType
    /// The bytes after the 4-byte header, padding removed.
    public var body: [UInt8]

    /// Creates a raw packet.
    public init(count: UInt8, packetType: RTCPPacketType, body: [UInt8]) {
        self.count = count
        self.packetType = packetType
        self.body = body
    }

    /// Appends the packet; the body must be a multiple of 4 bytes.
    func encode(into bytes: inout [UInt8]) throws(RTPWriteError) {
        try bytes.rtcpAppendPacket(count: count, type: packetType) { bytes throws(RTPWriteError) in
            try bytes.rtcpAppendWords(body)
        }
    }
}
