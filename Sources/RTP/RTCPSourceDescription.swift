/// An SDES packet: chunks of items describing sources, CNAME above all (RFC 3550 §6.5).
public struct RTCPSourceDescription: Sendable, Hashable {
    /// One item: a type and up to 255 bytes of (normally UTF-8) text (RFC 3550 §6.5).
    public struct Item: Sendable, Hashable {
        /// The item type.
        public var type: ItemType
        /// The item's bytes as sent.
        public var value: [UInt8]

        /// Creates an item from bytes.
        public init(_ type: ItemType, value: [UInt8]) {
            self.type = type
            self.value = value
        }

        /// Creates an item from text (sent as UTF-8).
        public init(_ type: ItemType, text: String) {
            self.init(type, value: Array(text.utf8))
        }

        /// The value as text when it is valid UTF-8.
        public var text: String? {
            String(validating: value, as: UTF8.self)
        }
    }

    /// The items about one SSRC or CSRC (RFC 3550 §6.5).
    public struct Chunk: Sendable, Hashable {
        /// The SSRC or CSRC described.
        public var source: UInt32
        /// The items, in order.
        public var items: [Item]

        /// Creates a chunk.
        public init(source: UInt32, items: [Item]) {
            self.source = source
            self.items = items
        }
    }

    /// The chunks, at most 31.
    public var chunks: [Chunk]

    /// Creates an SDES packet.
    public init(chunks: [Chunk]) {
        self.chunks = chunks
    }

    /// The usual SDES: one chunk with the CNAME of `ssrc` (RFC 3550 §6.5.1).
    public init(ssrc: UInt32, cname: String) {
        self.init(chunks: [Chunk(source: ssrc, items: [Item(.cname, text: cname)])])
    }

    /// The CNAME given for `source`, if any chunk has one.
    public func cname(of source: UInt32) -> String? {
        for chunk in chunks where chunk.source == source {
            if let item = chunk.items.first(where: { $0.type == .cname }) { return item.text }
        }
        return nil
    }

    /// Reads the body of an SDES packet with `count` chunks; `base` is the body's offset in the
    /// compound packet. Each chunk's items end with a null octet and zeros to a 32-bit boundary.
    init<Bytes: RandomAccessCollection>(body: Bytes, count: UInt8, base: Int) throws(RTPParseError)
    where Bytes.Element == UInt8, Bytes.Index == Int {
        var offset = 0
        var chunks: [Chunk] = []
        chunks.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard body.count - offset >= 4 else {
                throw RTPParseError(.truncated(needed: 4, available: body.count - offset), offset: base + offset)
            }
            var chunk = Chunk(source: body.rtpUInt32(at: offset), items: [])
            offset += 4
            while true {
                guard offset < body.count else { throw RTPParseError(.unterminatedChunk, offset: base + offset) }
                let type = body.rtpByte(at: offset)
                if type == 0 {
                    let end = (offset + 4) & ~3
                    guard end <= body.count else {
                        throw RTPParseError(.truncated(needed: end - offset, available: body.count - offset),
                                            offset: base + offset)
                    }
                    offset = end
                    break
                }
                guard body.count - offset >= 2 else {
                    throw RTPParseError(.truncated(needed: 2, available: body.count - offset), offset: base + offset)
                }
                let length = Int(body.rtpByte(at: offset + 1))
                guard body.count - offset - 2 >= length else {
                    throw RTPParseError(.truncated(needed: length, available: body.count - offset - 2),
                                        offset: base + offset + 1)
                }
                chunk.items.append(Item(ItemType(rawValue: type),
                                        value: Array(body.rtpSlice((offset + 2)..<(offset + 2 + length)))))
                offset += 2 + length
            }
            chunks.append(chunk)
        }
        guard offset == body.count else {
            throw RTPParseError(.trailingBytes(body.count - offset), offset: base + offset)
        }
        self.chunks = chunks
    }

    /// Appends the packet: each chunk's items, one null octet, zeros to a 32-bit boundary.
    func encode(into bytes: inout [UInt8]) throws(RTPWriteError) {
        guard chunks.count <= 31 else { throw .valueOutOfRange(.count, chunks.count) }
        try bytes.rtcpAppendPacket(count: UInt8(chunks.count), type: .sourceDescription) { bytes throws(RTPWriteError) in
            for chunk in chunks {
                let start = bytes.count
                bytes.rtpAppend(chunk.source)
                for item in chunk.items {
                    guard item.type.rawValue != 0 else { throw .valueOutOfRange(.sdesItemType, 0) }
                    guard item.value.count <= 255 else { throw .valueOutOfRange(.textLength, item.value.count) }
                    bytes.append(item.type.rawValue)
                    bytes.append(UInt8(item.value.count))
                    bytes.append(contentsOf: item.value)
                }
                bytes.append(0)
                bytes.rtcpPadToWord(from: start)
            }
        }
    }
}
