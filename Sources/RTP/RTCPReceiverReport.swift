/// An RR packet: reception report blocks from a participant that is not sending (RFC 3550 §6.4.2).
public struct RTCPReceiverReport: Sendable, Hashable {
    /// The reporter's SSRC.
    public var ssrc: UInt32
    /// Reception report blocks, at most 31.
    public var reportBlocks: [RTCPReportBlock]
    /// Profile-specific extension after the blocks (a multiple of 4 bytes), kept raw.
    public var profileExtension: [UInt8]

    /// Creates a receiver report.
    public init(ssrc: UInt32, reportBlocks: [RTCPReportBlock] = [], profileExtension: [UInt8] = []) {
        self.ssrc = ssrc
        self.reportBlocks = reportBlocks
        self.profileExtension = profileExtension
    }

    /// Reads the body of an RR with `count` report blocks; `base` is the body's offset in the
    /// compound packet.
    init<Bytes: RandomAccessCollection>(body: Bytes, count: UInt8, base: Int) throws(RTPParseError)
    where Bytes.Element == UInt8, Bytes.Index == Int {
        guard body.count >= 4 else {
            throw RTPParseError(.truncated(needed: 4, available: body.count), offset: base)
        }
        ssrc = body.rtpUInt32(at: 0)
        reportBlocks = try RTCPReportBlock.parse(Int(count), from: body, at: 4, base: base)
        profileExtension = Array(body.rtpSlice((4 + Int(count) * RTCPReportBlock.size)..<body.count))
    }

    /// Appends the packet.
    func encode(into bytes: inout [UInt8]) throws(RTPWriteError) {
        guard reportBlocks.count <= 31 else { throw .valueOutOfRange(.count, reportBlocks.count) }
        try bytes.rtcpAppendPacket(count: UInt8(reportBlocks.count), type: .receiverReport) { bytes throws(RTPWriteError) in
            bytes.rtpAppend(ssrc)
            for block in reportBlocks { try block.append(to: &bytes) }
            try bytes.rtcpAppendWords(profileExtension)
        }
    }
}
