/// A BYE packet: sources leaving the session, with an optional reason (RFC 3550 §6.6).
public struct RTCPGoodbye: Sendable, Hashable {
    /// The SSRC/CSRC identifiers leaving, at most 31.
    public var sources: [UInt32]
    /// The reason for leaving (normally UTF-8), at most 255 bytes; `nil` when absent.
    public var reason: [UInt8]?

    /// Creates a BYE packet.
    public init(sources: [UInt32], reason: [UInt8]? = nil) {
        self.sources = sources
        self.reason = reason
    }

    /// Creates a BYE packet with a text reason.
    public init(sources: [UInt32], reason: String) {
        self.init(sources: sources, reason: Array(reason.utf8))
    }

    /// The reason as text when present and valid UTF-8.
    public var reasonText: String? {
        reason.flatMap { String(validating: $0, as: UTF8.self) }
    }

    /// Reads the body of a BYE with `count` sources; `base` is the body's offset in the
    /// compound packet. After the reason, only the zeros up to a 32-bit boundary may follow.
    init<Bytes: RandomAccessCollection>(body: Bytes, count: UInt8, base: Int) throws(RTPParseError)
    where Bytes.Element == UInt8, Bytes.Index == Int {
        let listSize = 4 * Int(count)
        guard body.count >= listSize else {
            throw RTPParseError(.truncated(needed: listSize, available: body.count), offset: base)
        }
        sources = (0..<Int(count)).map { body.rtpUInt32(at: 4 * $0) }
        guard body.count > listSize else {
            reason = nil
            return
        }
        let length = Int(body.rtpByte(at: listSize))
        guard body.count - listSize - 1 >= length else {
            throw RTPParseError(.truncated(needed: length, available: body.count - listSize - 1),
                                offset: base + listSize)
        }
        reason = Array(body.rtpSlice((listSize + 1)..<(listSize + 1 + length)))
        let end = (listSize + 1 + length + 3) & ~3
        guard body.count <= end else {
            throw RTPParseError(.trailingBytes(body.count - end), offset: base + end)
        }
    }

    /// Appends the packet: the sources, then the reason's length, text and zeros to a word.
    func encode(into bytes: inout [UInt8]) throws(RTPWriteError) {
        guard sources.count <= 31 else { throw .valueOutOfRange(.count, sources.count) }
        try bytes.rtcpAppendPacket(count: UInt8(sources.count), type: .goodbye) { bytes throws(RTPWriteError) in
            for source in sources { bytes.rtpAppend(source) }
            if let reason {
                guard reason.count <= 255 else { throw .valueOutOfRange(.textLength, reason.count) }
                let start = bytes.count
                bytes.append(UInt8(reason.count))
                bytes.append(contentsOf: reason)
                bytes.rtcpPadToWord(from: start)
            }
        }
    }
}
