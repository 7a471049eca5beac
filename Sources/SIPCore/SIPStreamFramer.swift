/// What a stream framer delivers: a message, or keep-alive CRLFs (RFC 5626 §3.5.1).
public enum SIPStreamFrame: Sendable, Equatable {
    /// A complete message.
    case message(SIPMessage)
    /// A run of keep-alive CRLF pairs between messages: 2 pairs (`CRLFCRLF`) is a ping, 1 a pong.
    case keepAlive(crlfCount: Int)
}

/// Splits a byte stream (TCP, TLS) into SIP messages by Content-Length (RFC 3261 §18.3):
/// bytes may arrive in any pieces, several messages may share one read, and CRLF keep-alives
/// may stand between messages. The header section is bounded by `limits.maxHeaderSectionSize`
/// and a message by `limits.maxMessageSize`; a violation is a `SIPParseError` after which the
/// stream cannot be resynchronised and the connection should be closed.
public struct SIPStreamFramer: Sendable {
    /// The parser options used for each message (limits, strict or lenient).
    public let options: SIPParserOptions
    private var buffer: [UInt8] = []
    private var start = 0
    /// Where the search for the end of the header section resumes (so drip-fed input is scanned once).
    private var scanFrom = 0
    private var failure: SIPParseError?
    /// A header section already found whose body is still arriving: (end of headers, body length).
    private var pending: (headerEnd: Int, bodyLength: Int)?

    /// Creates a framer with these limits (strict parsing).
    public init(limits: SIPParserLimits = .default) {
        self.options = SIPParserOptions(limits: limits)
    }

    /// Creates a framer with these parser options.
    public init(options: SIPParserOptions) {
        self.options = options
    }

    /// Bytes received but not yet delivered.
    public var bufferedByteCount: Int { buffer.count - start }

    /// Adds received bytes.
    public mutating func append<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        if start > 0, start >= buffer.count / 2 {
            buffer.removeSubrange(0..<start)
            scanFrom -= start
            if let p = pending { pending = (p.headerEnd - start, p.bodyLength) }
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next message, skipping keep-alives; nil when more bytes are needed.
    public mutating func nextMessage() throws(SIPParseError) -> SIPMessage? {
        while let frame = try nextFrame() {
            if case .message(let message) = frame { return message }
        }
        return nil
    }

    /// The next frame; nil when more bytes are needed.
    public mutating func nextFrame() throws(SIPParseError) -> SIPStreamFrame? {
        if let failure { throw failure }
        do {
            return try frame()
        } catch {
            failure = error
            throw error
        }
    }

    private mutating func frame() throws(SIPParseError) -> SIPStreamFrame? {
        if let p = pending {
            guard buffer.count - p.headerEnd >= p.bodyLength else { return nil }
            return try deliver(headerEnd: p.headerEnd, bodyLength: p.bodyLength)
        }
        // Keep-alive CRLFs before a message.
        var pairs = 0
        while start + 1 < buffer.count, buffer[start] == 13, buffer[start + 1] == 10 {
            start += 2
            pairs += 1
        }
        if pairs > 0 {
            scanFrom = start
            return .keepAlive(crlfCount: pairs)
        }
        if start < buffer.count, buffer[start] == 10 || (buffer[start] == 13 && start + 1 < buffer.count) {
            throw SIPParseError(.bareLineFeed, offset: start)
        }
        guard start < buffer.count, buffer[start] != 13 else { return nil }
        // Find the empty line that ends the header section.
        let limits = options.limits
        var i = max(scanFrom, start)
        var headerEnd = -1
        while i + 3 < buffer.count {
            if buffer[i + 3] != 10 { i += buffer[i + 3] == 13 ? 1 : 4; continue }
            if buffer[i] == 13, buffer[i + 1] == 10, buffer[i + 2] == 13 { headerEnd = i + 4; break }
            i += 1
        }
        guard headerEnd >= 0 else {
            scanFrom = max(start, buffer.count - 3)
            if buffer.count - start > limits.maxHeaderSectionSize {
                throw SIPParseError(.limitExceeded("header section larger than \(limits.maxHeaderSectionSize) bytes"), offset: start)
            }
            return nil
        }
        if headerEnd - start > limits.maxHeaderSectionSize {
            throw SIPParseError(.limitExceeded("header section larger than \(limits.maxHeaderSectionSize) bytes"), offset: start)
        }
        let bodyLength = try contentLength(from: start, to: headerEnd)
        guard bodyLength <= limits.maxMessageSize - (headerEnd - start) else {
            throw SIPParseError(.limitExceeded("message larger than \(limits.maxMessageSize) bytes"), offset: start)
        }
        guard buffer.count - headerEnd >= bodyLength else {
            pending = (headerEnd, bodyLength)
            return nil
        }
        return try deliver(headerEnd: headerEnd, bodyLength: bodyLength)
    }

    private mutating func deliver(headerEnd: Int, bodyLength: Int) throws(SIPParseError) -> SIPStreamFrame {
        pending = nil
        let end = headerEnd + bodyLength
        let bytes = Array(buffer[start..<end])
        start = end
        scanFrom = end
        return .message(try SIPMessageParser.parse(bytes, options: options, streamBodyLength: bodyLength))
    }

    /// Reads Content-Length from the header section `buffer[from..<to]`; a stream message
    /// must carry exactly one (RFC 3261 §18.3, §20.14).
    private func contentLength(from: Int, to: Int) throws(SIPParseError) -> Int {
        var found: Int?
        var line = from
        while line < to - 2 {
            var lineEnd = line
            while lineEnd < to, buffer[lineEnd] != 13 { lineEnd += 1 }
            if buffer[line] != 32, buffer[line] != 9 {
                var nameEnd = line
                while nameEnd < lineEnd, SIPCharacterClass.isToken(buffer[nameEnd]) { nameEnd += 1 }
                var colon = nameEnd
                while colon < lineEnd, buffer[colon] == 32 || buffer[colon] == 9 { colon += 1 }
                let id = buffer.withUnsafeBufferPointer { SIPHeaderName.classify($0, line, nameEnd) }
                if id == SIPHeaderName.contentLength.knownID, colon < lineEnd, buffer[colon] == 58 {
                    var valueStart = colon + 1
                    // A value may start on a folded line.
                    var valueEnd = lineEnd
                    while valueEnd + 2 < to, buffer[valueEnd + 2] == 32 || buffer[valueEnd + 2] == 9 {
                        valueEnd += 2
                        while valueEnd < to, buffer[valueEnd] != 13 { valueEnd += 1 }
                    }
                    while valueStart < valueEnd, SIPCharacterClass.isLWS(buffer[valueStart]) { valueStart += 1 }
                    var trimmedEnd = valueEnd
                    while trimmedEnd > valueStart, SIPCharacterClass.isLWS(buffer[trimmedEnd - 1]) { trimmedEnd -= 1 }
                    let value = buffer.withUnsafeBufferPointer {
                        SIPMessageParser.parseContentLength($0, valueStart, trimmedEnd)
                    }
                    guard let value else {
                        throw SIPParseError(.invalidContentLength, offset: valueStart, header: "Content-Length")
                    }
                    if found != nil, found != value {
                        throw SIPParseError(.duplicateHeader, offset: line, header: "Content-Length")
                    }
                    found = value
                }
            }
            line = lineEnd + 2
        }
        guard let found else {
            if options.mode == .lenient { return 0 }
            throw SIPParseError(.missingContentLength, offset: from, header: "Content-Length")
        }
        return found
    }
}
