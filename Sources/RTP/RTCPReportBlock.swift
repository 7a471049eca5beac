/// One reception report block of an SR or RR packet (RFC 3550 §6.4.1, §6.4.2).
public struct RTCPReportBlock: Sendable, Hashable {
    /// Size on the wire.
    static let size = 24
    /// Range of the signed 24-bit cumulative loss field.
    public static let cumulativeLostRange: ClosedRange<Int32> = -0x80_0000...0x7F_FFFF

    /// The source this block reports on (SSRC_n).
    public var ssrc: UInt32
    /// Fraction lost since the previous report, in 1/256 (RFC 3550 Appendix A.3).
    public var fractionLost: UInt8
    /// Cumulative number of packets lost, signed 24-bit (negative with duplicates).
    public var cumulativeLost: Int32
    /// Extended highest sequence number received (cycles in the high 16 bits).
    public var extendedHighestSequence: UInt32
    /// Interarrival jitter in timestamp units (RFC 3550 Appendix A.8).
    public var jitter: UInt32
    /// LSR: the compact NTP timestamp of the last SR from this source, 0 if none.
    public var lastSenderReport: UInt32
    /// DLSR: time since that SR arrived, in units of 1/65536 s; 0 if none.
    public var delaySinceLastSenderReport: UInt32

    /// Creates a report block.
    public init(ssrc: UInt32, fractionLost: UInt8, cumulativeLost: Int32, extendedHighestSequence: UInt32,
                jitter: UInt32, lastSenderReport: UInt32, delaySinceLastSenderReport: UInt32) {
        self.ssrc = ssrc
        self.fractionLost = fractionLost
        self.cumulativeLost = cumulativeLost
        self.extendedHighestSequence = extendedHighestSequence
        self.jitter = jitter
        self.lastSenderReport = lastSenderReport
        self.delaySinceLastSenderReport = delaySinceLastSenderReport
    }

    /// Reads the block at `offset` of `bytes`; the caller checked that 24 bytes are there.
    init<Bytes: RandomAccessCollection>(_ bytes: Bytes, at offset: Int)
    where Bytes.Element == UInt8, Bytes.Index == Int {
        ssrc = bytes.rtpUInt32(at: offset)
        let lossWord = bytes.rtpUInt32(at: offset + 4)
        fractionLost = UInt8(truncatingIfNeeded: lossWord >> 24)
        cumulativeLost = Int32(bitPattern: lossWord << 8) >> 8
        extendedHighestSequence = bytes.rtpUInt32(at: offset + 8)
        jitter = bytes.rtpUInt32(at: offset + 12)
        lastSenderReport = bytes.rtpUInt32(at: offset + 16)
        delaySinceLastSenderReport = bytes.rtpUInt32(at: offset + 20)
    }

    /// Reads `count` blocks starting at `offset` of `body` (which starts at `base` in the
    /// compound packet).
    static func parse<Bytes: RandomAccessCollection>(
        _ count: Int, from body: Bytes, at offset: Int, base: Int
    ) throws(RTPParseError) -> [RTCPReportBlock] where Bytes.Element == UInt8, Bytes.Index == Int {
        let needed = count * size
        guard body.count - offset >= needed else {
            throw RTPParseError(.truncated(needed: needed, available: body.count - offset), offset: base + offset)
        }
        var blocks: [RTCPReportBlock] = []
        blocks.reserveCapacity(count)
        for index in 0..<count {
            blocks.append(RTCPReportBlock(body, at: offset + index * size))
        }
        return blocks
    }

    /// Appends the 24-byte block.
    func append(to bytes: inout [UInt8]) throws(RTPWriteError) {
        guard Self.cumulativeLostRange.contains(cumulativeLost) else {
            throw .valueOutOfRange(.cumulativeLost, Int(cumulativeLost))
        }
        bytes.rtpAppend(ssrc)
        bytes.rtpAppend(UInt32(fractionLost) << 24 | UInt32(bitPattern: cumulativeLost) & 0xFF_FFFF)
        bytes.rtpAppend(extendedHighestSequence)
        bytes.rtpAppend(jitter)
        bytes.rtpAppend(lastSenderReport)
        bytes.rtpAppend(delaySinceLastSenderReport)
    }
}
