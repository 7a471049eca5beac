/// An SR packet: sender information and reception report blocks (RFC 3550 §6.4.1).
public struct RTCPSenderReport: Sendable, Hashable {
    /// The sender's SSRC.
    public var ssrc: UInt32
    /// Wallclock time when the report was sent.
    public var ntpTimestamp: NTPTimestamp
    /// The same instant in the RTP clock of the sender's media.
    public var rtpTimestamp: UInt32
    /// Sender's packet count since starting transmission.
    public var packetCount: UInt32
    /// Sender's payload octet count since starting transmission.
    public var octetCount: UInt32
    /// Reception report blocks, at most 31.
    public var reportBlocks: [RTCPReportBlock]
    /// Profile-specific extension after the blocks (a multiple of 4 bytes), kept raw.
    public var profileExtension: [UInt8]

    /// Creates a sender report.
    public init(ssrc: UInt32, ntpTimestamp: NTPTimestamp, rtpTimestamp: UInt32, packetCount: UInt32,
                octetCount: UInt32, reportBlocks: [RTCPReportBlock] = [], profileExtension: [UInt8] = []) {
        self.ssrc = ssrc
        self.ntpTimestamp = ntpTimestamp
        self.rtpTimestamp = rtpTimestamp
        self.packetCount = packetCount
        self.octetCount = octetCount
        self.reportBlocks = reportBlocks
        self.profileExtension = profileExtension
    }

    /// Reads the body of an SR with `count` report blocks; `base` is the body's offset in the
    /// compound packet.
    init<Bytes: RandomAccessCollection>(body: Bytes, count: UInt8, base: Int) throws(RTPParseError)
    where Bytes.Element == UInt8, Bytes.Index == Int {
        guard body.count >= 24 else {
            throw RTPParseError(.truncated(needed: 24, available: body.count), offset: base)
        }
        ssrc = body.rtpUInt32(at: 0)
        ntpTimestamp = NTPTimestamp(seconds: body.rtpUInt32(at: 4), fraction: body.rtpUInt32(at: 8))
        rtpTimestamp = body.rtpUInt32(at: 12)
        packetCount = body.rtpUInt32(at: 16)
        octetCount = body.rtpUInt32(at: 20)
        reportBlocks = try RTCPReportBlock.parse(Int(count), from: body, at: 24, base: base)
        profileExtension = Array(body.rtpSlice((24 + Int(count) * RTCPReportBlock.size)..<body.count))
    }

    /// Appends the packet.
    func encode(into bytes: inout [UInt8]) throws(RTPWriteError) {
        guard reportBlocks.count <= 31 else { throw .valueOutOfRange(.count, reportBlocks.count) }
        try bytes.rtcpAppendPacket(count: UInt8(reportBlocks.count), type: .senderReport) { bytes throws(RTPWriteError) in
            bytes.rtpAppend(ssrc)
            bytes.rtpAppend(ntpTimestamp.seconds)
            bytes.rtpAppend(ntpTimestamp.fraction)
            bytes.rtpAppend(rtpTimestamp)
            bytes.rtpAppend(packetCount)
            bytes.rtpAppend(octetCount)
            for block in reportBlocks { try block.append(to: &bytes) }
            try bytes.rtcpAppendWords(profileExtension)
        }
    }
}
