/// An APP packet, kept raw: subtype, SSRC, 4-character name and data (RFC 3550 §6.7).
public struct RTCPApplicationDefined: Sendable, Hashable {
    /// The 5-bit subtype (the header's count field).
    public var subtype: UInt8
    /// The sender's SSRC/CSRC.
    public var ssrc: UInt32
    /// The 4 ASCII characters of the name, as one big-endian word.
    public var name: UInt32
    /// Application-dependent data, a multiple of 4 bytes.
    public var data: [UInt8]

    /// Creates an APP packet.
    public init(subtype: UInt8, ssrc: UInt32, name: UInt32, data: [UInt8]) {
        self.subtype = subtype
        self.ssrc = ssrc
        self.name = name
        self.data = data
    }

    /// The name's four bytes as text (Latin-1, as RFC 3550 §6.7 allows only ASCII).
    public var nameText: String {
        String(String.UnicodeScalarView((0..<4).map { Unicode.Scalar(UInt8(truncatingIfNeeded: name >> (24 - 8 * $0))) }))
    }

    /// Reads the body of an APP packet; `base` is the body's offset in the compound packet.
    init<Bytes: RandomAccessCollection>(body: Bytes, subtype: UInt8, base: Int) throws(RTPParseError)
    where Bytes.Element == UInt8, Bytes.Index == Int {
        guard body.count >= 8 else {
            throw RTPParseError(.truncated(needed: 8, available: body.count), offset: base)
        }
        self.subtype = subtype
        ssrc = body.rtpUInt32(at: 0)
        name = body.rtpUInt32(at: 4)
        data = Array(body.rtpSlice(8..<body.count))
    }

    /// Appends the packet.
    func encode(into bytes: inout [UInt8]) throws(RTPWriteError) {
        try bytes.rtcpAppendPacket(count: subtype, type: .applicationDefined) { bytes throws(RTPWriteError) in
            bytes.rtpAppend(ssrc)
            bytes.rtpAppend(name)
            try bytes.rtcpAppendWords(data)
        }
    }
}
