/// A message carried by WebSocket frames (RFC 6455), once its fragments are joined.
public struct WebSocketMessage: Sendable {
    /// 1 text, 2 binary (the first frame's opcode).
    public var opcode: UInt8
    /// The unmasked payload.
    public var payload: [UInt8]
    /// Whether the frames were masked (a client's are, RFC 6455 §5.1).
    public var masked: Bool
}

/// Reads one direction of a TCP connection that may be a WebSocket: first the HTTP/1.1
/// upgrade request or response (RFC 6455 §4), then frames. Text and binary messages are joined
/// from their continuation frames and unmasked; control frames (ping, pong, close) between
/// fragments are skipped. SIP over WebSocket (RFC 7118) puts one SIP message in each.
///
/// ``isWebSocket`` is false until a `GET … Upgrade: websocket` request or a `101` response
/// was read (or, for a capture that began after the upgrade, a first byte that can only be a
/// frame header), and stays false for a stream that starts any other way (raw SIP over TCP);
/// the caller then reads it with a SIP framer instead. A frame longer than
/// ``maximumMessageLength`` ends the decoding with ``failure``.
public struct WebSocketStreamDecoder: Sendable {
    /// Messages longer than this are refused (SIP messages are far shorter).
    public static let maximumMessageLength = 1 << 22

    private enum Phase: Sendable {
        case handshake
        case frames
        case notWebSocket
        case failed
    }

    private var phase = Phase.handshake
    private var buffer: [UInt8] = []
    private var start = 0
    private var fragments: [UInt8] = []
    private var fragmentOpcode: UInt8?
    private var fragmentMasked = false

    /// Whether the stream was already past its upgrade when the capture began (the frames were
    /// recognised without a handshake).
    public private(set) var joinedMidStream = false
    /// Why decoding stopped, when it did.
    public private(set) var failure: String?
    /// The handshake's start line (`GET /sip HTTP/1.1` or `HTTP/1.1 101 Switching Protocols`).
    public private(set) var handshakeLine: String?

    /// A decoder at the start of a stream.
    public init() {}

    /// Whether the stream turned out to be a WebSocket.
    public var isWebSocket: Bool {
        if case .frames = phase { return true }
        return false
    }

    /// Whether the stream is known not to be a WebSocket (its bytes are for another reader).
    public var isNotWebSocket: Bool {
        if case .notWebSocket = phase { return true }
        return false
    }

    /// Adds stream bytes; returns the messages they complete.
    public mutating func append(_ bytes: some Collection<UInt8>) -> [WebSocketMessage] {
        switch phase {
        case .notWebSocket, .failed: return []
        case .handshake, .frames: break
        }
        if start > 0, start >= buffer.count / 2 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
        var messages: [WebSocketMessage] = []
        if case .handshake = phase {
            guard readHandshake() else { return [] }
        }
        while case .frames = phase, let message = readFrame() {
            if let message { messages.append(message) }
        }
        return messages
    }

    /// Reads the HTTP upgrade; false while it is incomplete or when the stream is not one.
    private mutating func readHandshake() -> Bool {
        let prefix = buffer[start...].prefix(4)
        let looksHTTP = "GET ".utf8.starts(with: prefix) || "HTTP".utf8.starts(with: prefix)
        guard looksHTTP else {
            // A capture that began after the upgrade: a frame header has the RSV bits clear
            // and a known opcode, which no SIP message's first byte (a letter or CR) has.
            if let first = prefix.first, first & 0x70 == 0, [0, 1, 2, 8, 9, 10].contains(first & 0x0F) {
                phase = .frames
                joinedMidStream = true
                return true
            }
            phase = .notWebSocket
            return false
        }
        guard let end = Self.headerEnd(buffer, from: start) else {
            if buffer.count - start > 65_536 { phase = .notWebSocket }
            return false
        }
        let text = String(decoding: buffer[start..<end], as: UTF8.self)
        let lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)
        handshakeLine = lines.first.map(String.init)
        let lowered = text.lowercased()
        let upgrade = lowered.contains("\r\nupgrade:") && lowered.contains("websocket")
        let switching = handshakeLine?.hasPrefix("HTTP/1.1 101") == true
        start = end + 4
        if upgrade || switching {
            phase = .frames
            return true
        }
        phase = .notWebSocket
        return false
    }

    private static func headerEnd(_ buffer: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + 3 < buffer.count {
            if buffer[index] == 13, buffer[index + 1] == 10, buffer[index + 2] == 13, buffer[index + 3] == 10 { return index }
            index += 1
        }
        return nil
    }

    /// Reads one frame: nil when incomplete; `.some(nil)` for a frame that completed no
    /// message (a fragment, a control frame).
    private mutating func readFrame() -> WebSocketMessage?? {
        let available = buffer.count - start
        guard available >= 2 else { return nil }
        let first = buffer[start], second = buffer[start + 1]
        let final = first & 0x80 != 0
        let opcode = first & 0x0F
        let masked = second & 0x80 != 0
        var length = Int(second & 0x7F)
        var index = start + 2
        if length == 126 {
            guard available >= 4 else { return nil }
            length = Int(buffer[index]) << 8 | Int(buffer[index + 1])
            index += 2
        } else if length == 127 {
            guard available >= 10 else { return nil }
            var value: UInt64 = 0
            for offset in 0..<8 { value = value << 8 | UInt64(buffer[index + offset]) }
            guard value <= UInt64(Self.maximumMessageLength) else { return fail("a frame of \(value) bytes") }
            length = Int(value)
            index += 8
        }
        guard length <= Self.maximumMessageLength else { return fail("a frame of \(length) bytes") }
        var key: [UInt8] = []
        if masked {
            guard buffer.count >= index + 4 else { return nil }
            key = Array(buffer[index..<(index + 4)])
            index += 4
        }
        guard buffer.count >= index + length else { return nil }
        var payload = Array(buffer[index..<(index + length)])
        if masked {
            for offset in payload.indices { payload[offset] ^= key[offset & 3] }
        }
        start = index + length
        switch opcode {
        case 0x8, 0x9, 0xA:
            return .some(nil)   // close, ping, pong
        case 0x0:
            guard fragmentOpcode != nil else { return fail("a continuation frame with nothing to continue") }
            fragments += payload
        case 0x1, 0x2:
            guard fragmentOpcode == nil else { return fail("a new message inside a fragmented one") }
            fragmentOpcode = opcode
            fragmentMasked = masked
            fragments = payload
        default:
            return fail("a frame with reserved opcode \(opcode)")
        }
        guard fragments.count <= Self.maximumMessageLength else { return fail("a message over \(Self.maximumMessageLength) bytes") }
        guard final, let messageOpcode = fragmentOpcode else { return .some(nil) }
        defer {
            fragments = []
            fragmentOpcode = nil
        }
        return .some(WebSocketMessage(opcode: messageOpcode, payload: fragments, masked: fragmentMasked))
    }

    private mutating func fail(_ reason: String) -> WebSocketMessage?? {
        failure = reason
        phase = .failed
        return nil
    }
}
