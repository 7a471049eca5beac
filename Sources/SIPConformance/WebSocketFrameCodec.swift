/// A WebSocket frame (RFC 6455 §5.2) as the conformance client sees it: the runner writes and
/// reads frames itself so it can send oversized, fragmented or raw frames and check that each
/// message the server sends is one message (RFC 7118 §5).
public struct WebSocketFrame: Sendable, Hashable {
    /// The opcodes of RFC 6455 §5.2.
    public enum Opcode: UInt8, Sendable, Hashable {
        case continuation = 0x0, text = 0x1, binary = 0x2, close = 0x8, ping = 0x9, pong = 0xA
    }

    /// FIN: the last frame of a message.
    public var fin: Bool
    /// The opcode (an unknown one is reported by the decoder as a problem).
    public var opcode: Opcode
    /// Whether the frame came masked.
    public var masked: Bool
    /// The unmasked payload.
    public var payload: [UInt8]

    /// Creates a frame.
    public init(fin: Bool = true, opcode: Opcode, masked: Bool = false, payload: [UInt8]) {
        self.fin = fin
        self.opcode = opcode
        self.masked = masked
        self.payload = payload
    }

    /// The frame's bytes, masked with `maskKey` when given (clients must mask, RFC 6455 §5.3).
    public func encoded(maskKey: [UInt8]?) -> [UInt8] {
        var bytes: [UInt8] = [(fin ? 0x80 : 0) | opcode.rawValue]
        let maskBit: UInt8 = maskKey == nil ? 0 : 0x80
        let count = payload.count
        if count < 126 {
            bytes.append(maskBit | UInt8(count))
        } else if count <= 0xFFFF {
            bytes.append(maskBit | 126)
            bytes.append(UInt8(count >> 8))
            bytes.append(UInt8(count & 0xFF))
        } else {
            bytes.append(maskBit | 127)
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8((UInt64(count) >> UInt64(shift)) & 0xFF)) }
        }
        guard let maskKey, maskKey.count == 4 else { return bytes + payload }
        bytes.append(contentsOf: maskKey)
        bytes.reserveCapacity(bytes.count + count)
        for (index, byte) in payload.enumerated() { bytes.append(byte ^ maskKey[index & 3]) }
        return bytes
    }
}

/// Reads server frames from a byte stream, in any split.
public struct WebSocketFrameDecoder: Sendable {
    /// A frame could not be read.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        /// Why.
        public var description: String
    }

    private var buffer: [UInt8] = []
    private var start = 0
    /// The largest payload accepted before the stream is declared broken.
    public let maxPayload: Int

    /// Creates a decoder.
    public init(maxPayload: Int = 16 << 20) {
        self.maxPayload = maxPayload
    }

    /// Adds received bytes.
    public mutating func append<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        if start > 0, start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next whole frame, nil when more bytes are needed; throws on a frame no endpoint may send.
    public mutating func next() throws(Problem) -> WebSocketFrame? {
        let available = buffer.count - start
        guard available >= 2 else { return nil }
        let first = buffer[start], second = buffer[start + 1]
        guard first & 0x70 == 0 else { throw Problem(description: "reserved bits set without an extension (RFC 6455 §5.2)") }
        guard let opcode = WebSocketFrame.Opcode(rawValue: first & 0x0F) else {
            throw Problem(description: "unknown opcode \(first & 0x0F) (RFC 6455 §5.2)")
        }
        let masked = second & 0x80 != 0
        var header = 2
        var length = Int(second & 0x7F)
        if length == 126 {
            guard available >= 4 else { return nil }
            length = Int(buffer[start + 2]) << 8 | Int(buffer[start + 3])
            header = 4
        } else if length == 127 {
            guard available >= 10 else { return nil }
            var value: UInt64 = 0
            for index in 2..<10 { value = value << 8 | UInt64(buffer[start + index]) }
            guard value <= UInt64(maxPayload) else { throw Problem(description: "a \(value)-byte frame") }
            length = Int(value)
            header = 10
        }
        guard length <= maxPayload else { throw Problem(description: "a \(length)-byte frame") }
        if masked { header += 4 }
        guard available >= header + length else { return nil }
        var payload = Array(buffer[(start + header)..<(start + header + length)])
        if masked {
            let key = Array(buffer[(start + header - 4)..<(start + header)])
            for index in payload.indices { payload[index] ^= key[index & 3] }
        }
        start += header + length
        if start > 65_536, start * 2 > buffer.count {
            buffer.removeFirst(start)
            start = 0
        }
        return WebSocketFrame(fin: first & 0x80 != 0, opcode: opcode, masked: masked, payload: payload)
    }

    /// The bytes received and not yet read as frames.
    public var leftover: [UInt8] { Array(buffer[start...]) }
}
