import Testing
@testable import SIPCore

@Suite("SIP stream framing (RFC 3261 §18.3)")
struct SIPStreamFramerTests {
    static let first = sipText(inviteLines, body: "v=0\n")
    static let second = sipText(["SIP/2.0 200 OK", "Via: SIP/2.0/TCP h;branch=z9hG4bK1", "Content-Length: 5"], body: "hello")
    static let third = sipText(["BYE sip:a@b SIP/2.0", "Via: SIP/2.0/TCP h;branch=z9hG4bK2", "Content-Length: 0"])
    static let stream = first + second + [13, 10, 13, 10] + third
    static var expected: [SIPMessage] {
        [first, second, third].map { try! SIPMessage(parsing: $0) }
    }

    static func drain(_ framer: inout SIPStreamFramer) throws -> [SIPStreamFrame] {
        var frames: [SIPStreamFrame] = []
        while let frame = try framer.nextFrame() { frames.append(frame) }
        return frames
    }

    @Test("byte by byte, in bulk, one message per read, and in random chunks give the same messages",
          arguments: [1, 2, 3, 7, 64, 1000, Int.max])
    func chunked(size: Int) throws {
        var framer = SIPStreamFramer()
        var messages: [SIPMessage] = []
        var keepAlives: [Int] = []
        var offset = 0
        while offset < Self.stream.count {
            let end = min(Self.stream.count, offset + min(size, Self.stream.count))
            framer.append(Self.stream[offset..<end])
            offset = end
            for frame in try Self.drain(&framer) {
                switch frame {
                case .message(let m): messages.append(m)
                case .keepAlive(let n): keepAlives.append(n)
                }
            }
        }
        #expect(messages == Self.expected)
        #expect(keepAlives.reduce(0, +) == 2)
        #expect(framer.bufferedByteCount == 0)
    }

    @Test("one message per read")
    func perMessage() throws {
        var framer = SIPStreamFramer()
        var messages: [SIPMessage] = []
        for chunk in [Self.first, Self.second, Self.third] {
            framer.append(chunk)
            while let m = try framer.nextMessage() { messages.append(m) }
        }
        #expect(messages == Self.expected)
    }

    @Test("CRLFCRLF ping and CRLF pong between messages (RFC 5626 §3.5.1)")
    func keepAlive() throws {
        var framer = SIPStreamFramer()
        framer.append(Array("\r\n\r\n".utf8))
        #expect(try framer.nextFrame() == .keepAlive(crlfCount: 2))
        framer.append(Array("\r\n".utf8) + Self.third)
        #expect(try framer.nextFrame() == .keepAlive(crlfCount: 1))
        #expect(try framer.nextFrame() == .message(Self.expected[2]))
        #expect(try framer.nextFrame() == nil)
    }

    @Test("a body waits for all its bytes")
    func partialBody() throws {
        var framer = SIPStreamFramer()
        framer.append(Self.second.dropLast(2))
        #expect(try framer.nextMessage() == nil)
        framer.append(Self.second.suffix(2))
        #expect(try framer.nextMessage() == Self.expected[1])
    }

    @Test("missing Content-Length on a stream is an error; lenient mode reads it as 0")
    func missingContentLength() throws {
        let bytes = sipText(["OPTIONS sip:a@b SIP/2.0", "Via: SIP/2.0/TCP h;branch=z9hG4bK1"])
        var strict = SIPStreamFramer()
        strict.append(bytes)
        #expect(throws: SIPParseError(.missingContentLength, offset: 0, header: "Content-Length")) { try strict.nextMessage() }
        // the stream cannot be resynchronised: the error sticks
        strict.append(Self.third)
        #expect(throws: SIPParseError.self) { try strict.nextMessage() }
        var lenient = SIPStreamFramer(options: .lenient)
        lenient.append(bytes)
        #expect(try lenient.nextMessage()?.method == .options)
    }

    @Test("header section and message size are bounded")
    func bounded() throws {
        var framer = SIPStreamFramer(limits: SIPParserLimits(maxMessageSize: 200, maxHeaderSectionSize: 100))
        framer.append(Array("OPTIONS sip:a@b SIP/2.0\r\nX: ".utf8) + [UInt8](repeating: 97, count: 200))
        #expect(throws: SIPParseError(.limitExceeded("header section larger than 100 bytes"), offset: 0)) {
            try framer.nextMessage()
        }
        var big = SIPStreamFramer(limits: SIPParserLimits(maxMessageSize: 200, maxHeaderSectionSize: 100))
        big.append(sipText(["OPTIONS sip:a@b SIP/2.0", "Content-Length: 1000000"]))
        #expect(throws: SIPParseError(.limitExceeded("message larger than 200 bytes"), offset: 0)) {
            try big.nextMessage()
        }
    }

    @Test("a folded Content-Length and a negative one")
    func foldedAndNegative() throws {
        var framer = SIPStreamFramer()
        framer.append(sipText(["OPTIONS sip:a@b SIP/2.0", "Content-Length:", " 3"], body: "abc"))
        #expect(try framer.nextMessage()?.body == Array("abc".utf8))
        var negative = SIPStreamFramer()
        negative.append(sipText(["OPTIONS sip:a@b SIP/2.0", "Content-Length: -3"]))
        #expect(throws: SIPParseError(.invalidContentLength, offset: 41, header: "Content-Length")) { try negative.nextMessage() }
    }
}
