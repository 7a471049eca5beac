import CaptureFile
import Testing

/// TCP flows put back in order, and WebSocket frames read from them.
@Suite struct TCPStreamTests {
    static let client = CaptureEndpoint(address: .v4(0x7F00_0001), port: 40_000)
    static let server = CaptureEndpoint(address: .v4(0x7F00_0001), port: 5060)

    static func segment(_ text: String, _ sequence: UInt32, flags: UInt8 = 0x18, frame: Int = 1) -> TCPSegment {
        TCPSegment(frame: frame, timestamp: Int64(frame), source: client, destination: server, sequence: sequence,
                   acknowledgment: 0, flags: flags, payload: Array(text.utf8)[...])
    }

    static func text(_ events: [TCPFlowEvent]) -> [String] {
        events.compactMap { event in
            if case .data(let data) = event {
                return (data.missingBefore > 0 ? "[-\(data.missingBefore)]" : "") + String(decoding: data.bytes, as: UTF8.self)
            }
            return nil
        }
    }

    @Test("SYN, in order, out of order, a retransmission, an overlap, FIN after the gap fills; sequence numbers that wrap")
    func reassembly() {
        for isn: UInt32 in [1000, UInt32.max - 5] {
            var tcp = TCPStreamReassembler()
            var out: [String] = []
            out += Self.text(tcp.add(Self.segment("", isn, flags: 0x02)))
            out += Self.text(tcp.add(Self.segment("abc", isn &+ 1)))
            out += Self.text(tcp.add(Self.segment("ghi", isn &+ 7)))          // early
            out += Self.text(tcp.add(Self.segment("abc", isn &+ 1)))          // retransmission
            let fin = tcp.add(Self.segment("", isn &+ 10, flags: 0x11))       // FIN waits for the gap
            #expect(fin.isEmpty)
            let filled = tcp.add(Self.segment("cdefg", isn &+ 3))             // overlaps both sides
            out += Self.text(filled)
            #expect(out.joined() == "abcdefghi" && out.first == "abc", "isn \(isn): \(out)")
            #expect(filled.contains { if case .closed(_, _, _, false) = $0 { return true }; return false })
            #expect(tcp.openFlows == 0)
        }
    }

    @Test("a gap the capture never fills is skipped at the end (and past the buffer limit) with the bytes missing")
    func gaps() {
        var tcp = TCPStreamReassembler()
        #expect(Self.text(tcp.add(Self.segment("one", 1))) == ["one"])
        #expect(tcp.add(Self.segment("three", 10)).isEmpty)
        #expect(Self.text(tcp.finish()) == ["[-6]three"])
        var big = TCPStreamReassembler()
        _ = big.add(Self.segment("x", 1))
        let chunk = String(repeating: "y", count: 600_000)
        #expect(big.add(Self.segment(chunk, 100)).isEmpty)
        let skipped = Self.text(big.add(Self.segment(chunk, 600_100)))
        #expect(skipped.map(\.count) == [600_005, 600_000] && skipped.first?.hasPrefix("[-98]") == true)
    }

    static func frame(_ payload: [UInt8], opcode: UInt8, final: Bool = true, mask: [UInt8]? = nil) -> [UInt8] {
        var bytes: [UInt8] = [(final ? 0x80 : 0) | opcode]
        let maskBit: UInt8 = mask == nil ? 0 : 0x80
        if payload.count < 126 {
            bytes.append(maskBit | UInt8(payload.count))
        } else {
            bytes += [maskBit | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        }
        if let mask {
            bytes += mask
            bytes += payload.enumerated().map { $0.element ^ mask[$0.offset & 3] }
        } else {
            bytes += payload
        }
        return bytes
    }

    @Test("WebSocket: the upgrade, a masked text frame, a message in two fragments around a ping, a 16-bit length, fed a byte at a time")
    func webSocket() {
        let handshake = Array("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Protocol: sip\r\n\r\n".utf8)
        let long = [UInt8](repeating: 0x41, count: 300)
        let stream = handshake + Self.frame(Array("REGISTER".utf8), opcode: 1, mask: [1, 2, 3, 4])
            + Self.frame(Array("INV".utf8), opcode: 1, final: false, mask: [9, 9, 9, 9])
            + Self.frame([], opcode: 9, mask: [0, 0, 0, 0])
            + Self.frame(Array("ITE".utf8), opcode: 0, mask: [7, 7, 7, 7])
            + Self.frame(long, opcode: 2)
        for step in [stream.count, 1] {
            var decoder = WebSocketStreamDecoder()
            var messages: [WebSocketMessage] = []
            var index = 0
            while index < stream.count {
                messages += decoder.append(stream[index..<min(stream.count, index + step)])
                index += step
            }
            #expect(decoder.isWebSocket && decoder.handshakeLine == "GET / HTTP/1.1")
            #expect(messages.map { String(decoding: $0.payload.prefix(8), as: UTF8.self) } == ["REGISTER", "INVITE", "AAAAAAAA"])
            #expect(messages.map(\.masked) == [true, true, false] && messages.last?.payload.count == 300)
        }
        var raw = WebSocketStreamDecoder()
        #expect(raw.append(Array("OPTIONS sip:x SIP/2.0\r\n".utf8)).isEmpty && raw.isNotWebSocket)
        var broken = WebSocketStreamDecoder()
        _ = broken.append(handshake + Self.frame([1], opcode: 0))
        #expect(broken.failure == "a continuation frame with nothing to continue")
    }
}
