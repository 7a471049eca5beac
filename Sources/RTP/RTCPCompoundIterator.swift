/// Walks the packets of a compound RTCP packet (one datagram, after SRTCP unprotection) in
/// place, without allocation (RFC 3550 §6.1, §6.4.1).
///
/// Each packet's header is checked; nothing else is required of the sequence, so a reduced-size
/// packet (RFC 5506) and unknown packet types come out as they are. ``RTCPCompound/validate(_:reducedSize:)``
/// adds the RFC 3550 Appendix A.2 rules. After an error, `next()` returns `nil`.
public struct RTCPCompoundIterator<Bytes: RandomAccessCollection>
where Bytes.Element == UInt8, Bytes.Index == Int {
    /// The compound packet.
    public let bytes: Bytes
    /// Offset of the next packet.
    public private(set) var offset = 0
    private var failed = false

    /// Starts at the first packet of `bytes`.
    public init(_ bytes: Bytes) {
        self.bytes = bytes
    }

    /// The next packet, `nil` at the end of the datagram; throws when a header is malformed.
    public mutating func next() throws(RTPParseError) -> RTCPPacketView<Bytes>? {
        let remaining = bytes.count - offset
        guard !failed, remaining > 0 else { return nil }
        failed = true
        guard remaining >= 4 else { throw RTPParseError(.truncated(needed: 4, available: remaining), offset: offset) }
        let first = bytes.rtpByte(at: offset)
        guard first >> 6 == 2 else { throw RTPParseError(.unsupportedVersion(first >> 6), offset: offset) }
        let header = RTCPHeader(hasPadding: first & 0x20 != 0, count: first & 0x1F,
                                packetType: RTCPPacketType(rawValue: bytes.rtpByte(at: offset + 1)),
                                length: bytes.rtpUInt16(at: offset + 2))
        let size = header.packetSize
        guard size <= remaining else {
            throw RTPParseError(.lengthOverrun(declared: size, available: remaining), offset: offset + 2)
        }
        var padding = 0
        if header.hasPadding {
            padding = Int(bytes.rtpByte(at: offset + size - 1))
            guard padding > 0, padding <= size - 4 else {
                throw RTPParseError(.invalidPadding(count: padding), offset: offset + size - 1)
            }
        }
        let packet = RTCPPacketView<Bytes>(
            header: header, offset: offset, bytes: bytes.rtpSlice(offset..<(offset + size)),
            body: bytes.rtpSlice((offset + 4)..<(offset + size - padding)), paddingCount: padding)
        offset += size
        failed = false
        return packet
    }
}

extension RTCPCompoundIterator: Sendable where Bytes: Sendable {}
