/// Framing of one RTCP packet for the encoders (RFC 3550 §6.4.1).
extension Array where Element == UInt8 {
    /// Appends an RTCP header (no padding), lets `body` append the rest, then patches the length
    /// field. The body must leave the packet a multiple of 4 bytes; on error nothing is appended.
    mutating func rtcpAppendPacket(
        count: UInt8, type: RTCPPacketType,
        _ body: (inout [UInt8]) throws(RTPWriteError) -> Void
    ) throws(RTPWriteError) {
        guard count <= 31 else { throw .valueOutOfRange(.count, Int(count)) }
        let start = self.count
        append(0x80 | count)
        append(type.rawValue)
        rtpAppend(UInt16(0))
        do throws(RTPWriteError) {
            try body(&self)
            let size = self.count - start
            guard size % 4 == 0 else { throw .valueOutOfRange(.wordAlignedData, size) }
            guard size / 4 - 1 <= 0xFFFF else { throw .valueOutOfRange(.packetLength, size) }
            rtpSet(UInt16(size / 4 - 1), at: start + 2)
        } catch {
            removeLast(self.count - start)
            throw error
        }
    }

    /// Appends `bytes`, which must be a multiple of 4 long.
    mutating func rtcpAppendWords(_ bytes: [UInt8]) throws(RTPWriteError) {
        guard bytes.count % 4 == 0 else { throw .valueOutOfRange(.wordAlignedData, bytes.count) }
        append(contentsOf: bytes)
    }

    /// Appends zeros up to the next multiple of 4 counted from `start`.
    mutating func rtcpPadToWord(from start: Int) {
        while (count - start) % 4 != 0 { append(0) }
    }
}
