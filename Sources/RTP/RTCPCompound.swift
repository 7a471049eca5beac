/// Compound RTCP packets as a whole: the RFC 3550 Appendix A.2 checks, typed parsing of every
/// packet, and building (RFC 3550 §6.1; RFC 5506 reduced-size RTCP).
public enum RTCPCompound {
    /// Checks a received compound packet: every header valid (version 2, lengths adding up to
    /// the datagram), padding only on the last packet, and, unless reduced-size RTCP was
    /// negotiated (RFC 5506 §3.4.2), SR or RR first (RFC 3550 Appendix A.2).
    public static func validate<Bytes: RandomAccessCollection>(
        _ bytes: Bytes, reducedSize: Bool = false
    ) throws(RTPParseError) where Bytes.Element == UInt8, Bytes.Index == Int {
        guard !bytes.isEmpty else { throw RTPParseError(.truncated(needed: 4, available: 0), offset: 0) }
        var iterator = RTCPCompoundIterator(bytes)
        var first = true
        while let packet = try iterator.next() {
            if first, !reducedSize, packet.header.packetType != .senderReport,
               packet.header.packetType != .receiverReport {
                throw RTPParseError(.firstPacketNotReport(packet.header.packetType), offset: packet.offset)
            }
            if packet.header.hasPadding, packet.offset + packet.header.packetSize < bytes.count {
                throw RTPParseError(.paddingBeforeLastPacket, offset: packet.offset)
            }
            first = false
        }
    }

    /// Every packet of the compound packet, typed (allocates; RTCP is not a per-packet path).
    /// Does not apply the A.2 rules; call ``validate(_:reducedSize:)`` for those.
    public static func packets<Bytes: RandomAccessCollection>(
        in bytes: Bytes
    ) throws(RTPParseError) -> [RTCPPacket] where Bytes.Element == UInt8, Bytes.Index == Int {
        var iterator = RTCPCompoundIterator(bytes)
        var packets: [RTCPPacket] = []
        while let packet = try iterator.next() {
            packets.append(try RTCPPacket(parsing: packet))
        }
        return packets
    }

    /// Appends a compound packet to `bytes` (unchanged on error). Without `reducedSize` the
    /// first packet must be SR or RR (RFC 3550 §6.1); with it any packet may stand alone
    /// (RFC 5506 §3.4.2, only when negotiated with `a=rtcp-rsize`). RFC 3550 §6.1 also asks for
    /// an SDES CNAME in every compound packet; that is the caller's to include.
    public static func append(
        _ packets: some Collection<RTCPPacket>, reducedSize: Bool = false, to bytes: inout [UInt8]
    ) throws(RTPWriteError) {
        guard let first = packets.first else { throw .emptyCompound }
        if !reducedSize, first.packetType != .senderReport, first.packetType != .receiverReport {
            throw .firstPacketNotReport(first.packetType)
        }
        let start = bytes.count
        do throws(RTPWriteError) {
            for packet in packets { try packet.encode(into: &bytes) }
        } catch {
            bytes.removeLast(bytes.count - start)
            throw error
        }
    }

    /// A compound packet's bytes (see ``append(_:reducedSize:to:)``).
    public static func encode(
        _ packets: some Collection<RTCPPacket>, reducedSize: Bool = false
    ) throws(RTPWriteError) -> [UInt8] {
        var bytes: [UInt8] = []
        try append(packets, reducedSize: reducedSize, to: &bytes)
        return bytes
    }
}
