/// An RTCP feedback message (RTPFB or PSFB): the FMT, both SSRCs and the feedback control
/// information kept raw (RFC 4585 §6.1).
public struct RTCPFeedback: Sendable, Hashable {
    /// Well-known FMT values (RFC 4585 §6.2, §6.3; RFC 5104 §4.3; draft-holmer-rmcat-transport-wide-cc-extensions).
    public enum Format {
        /// RTPFB 1: Generic NACK (RFC 4585 §6.2.1).
        public static let genericNACK: UInt8 = 1
        /// RTPFB 15: transport-wide congestion control feedback.
        public static let transportWideCongestionControl: UInt8 = 15
        /// PSFB 1: Picture Loss Indication (RFC 4585 §6.3.1).
        public static let pictureLossIndication: UInt8 = 1
        /// PSFB 4: Full Intra Request (RFC 5104 §4.3.1).
        public static let fullIntraRequest: UInt8 = 4
        /// PSFB 15: application layer feedback (RFC 4585 §6.4), e.g. REMB.
        public static let applicationLayer: UInt8 = 15
    }

    /// The 5-bit feedback message type (the header's count field).
    public var format: UInt8
    /// SSRC of the packet sender.
    public var senderSSRC: UInt32
    /// SSRC of the media source the feedback is about.
    public var mediaSSRC: UInt32
    /// The FCI: message-specific, a multiple of 4 bytes.
    public var feedbackControlInformation: [UInt8]

    /// Creates a feedback message.
    public init(format: UInt8, senderSSRC: UInt32, mediaSSRC: UInt32, feedbackControlInformation: [UInt8] = []) {
        self.format = format
        self.senderSSRC = senderSSRC
        self.mediaSSRC = mediaSSRC
        self.feedbackControlInformation = feedbackControlInformation
    }

    /// Reads the body of a feedback message; `base` is the body's offset in the compound packet.
    init<Bytes: RandomAccessCollection>(body: Bytes, format: UInt8, base: Int) throws(RTPParseError)
    where Bytes.Element == UInt8, Bytes.Index == Int {
        guard body.count >= 8 else {
            throw RTPParseError(.truncated(needed: 8, available: body.count), offset: base)
        }
        self.format = format
        senderSSRC = body.rtpUInt32(at: 0)
        mediaSSRC = body.rtpUInt32(at: 4)
        feedbackControlInformation = Array(body.rtpSlice(8..<body.count))
    }

    /// Appends the packet with `type` (RTPFB or PSFB).
    func encode(type: RTCPPacketType, into bytes: inout [UInt8]) throws(RTPWriteError) {
        try bytes.rtcpAppendPacket(count: format, type: type) { bytes throws(RTPWriteError) in
            bytes.rtpAppend(senderSSRC)
            bytes.rtpAppend(mediaSSRC)
            try bytes.rtcpAppendWords(feedbackControlInformation)
        }
    }
}
