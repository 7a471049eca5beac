/// A SIP request or response (RFC 3261 §7).
///
/// The message keeps its bytes in one buffer and every header field as a span into it, so
/// parsing costs one pass and no per-header allocation; typed values (`via`, `cseq`, `from`, …)
/// are parsed on demand. Unknown headers stay byte-exact and in order. Build messages with
/// `SIPMessageBuilder` or parse them with `init(parsing:options:)`.
public struct SIPMessage: Sendable {
    /// Whether a message is a request or a response.
    public enum Kind: Sendable, Hashable {
        /// A request: method, Request-URI, version.
        case request
        /// A response: version, status code, reason phrase.
        case response
    }

    enum StartLine: Sendable, Hashable {
        case request(method: Range<Int>, uri: Range<Int>, version: Range<Int>)
        case response(version: Range<Int>, code: Int, reason: Range<Int>)
    }

    /// The bytes that spans point into. Mutations append to it.
    var storage: [UInt8]
    var startLine: StartLine
    var spans: [SIPFieldSpan]
    var bodyRange: Range<Int>

    /// Grammar violations found and repaired in lenient mode, and warnings in either mode
    /// (for example trailing octets after Content-Length in a datagram).
    public internal(set) var violations: [SIPParseError] = []
    /// Deepest nesting the typed parsers follow (from the parser options' limits).
    var nestingLimit = SIPParserLimits.default.maxNestingDepth

    init(storage: [UInt8], startLine: StartLine, spans: [SIPFieldSpan], bodyRange: Range<Int>) {
        self.storage = storage
        self.startLine = startLine
        self.spans = spans
        self.bodyRange = bodyRange
    }

    // MARK: Start line

    /// Request or response.
    public var kind: Kind {
        if case .request = startLine { return .request }
        return .response
    }

    /// Whether this is a request.
    public var isRequest: Bool { kind == .request }

    /// The request method, for a request.
    public var method: SIPMethod? {
        guard case .request(let m, _, _) = startLine else { return nil }
        return SIPMethod(text(m))
    }

    /// The Request-URI exactly as it appeared, for a request.
    public var requestURIText: String? {
        guard case .request(_, let u, _) = startLine else { return nil }
        return text(u)
    }

    /// The Request-URI, parsed; `nil` for a response or when it does not parse.
    public var requestURI: SIPURI? {
        guard case .request(_, let u, _) = startLine else { return nil }
        return try? SIPURI(parsing: storage[u])
    }

    /// The SIP-Version of the start line (`SIP/2.0`).
    public var version: String {
        switch startLine {
        case .request(_, _, let v): return text(v)
        case .response(let v, _, _): return text(v)
        }
    }

    /// The status code, for a response.
    public var statusCode: Int? {
        guard case .response(_, let code, _) = startLine else { return nil }
        return code
    }

    /// The reason phrase, for a response (may be empty).
    public var reasonPhrase: String? {
        guard case .response(_, _, let r) = startLine else { return nil }
        return text(r)
    }

    // MARK: Headers

    /// Every header field in order, exactly as in the message.
    public var headerFields: [SIPHeaderField] {
        spans.map { field($0) }
    }

    /// How many header fields the message has.
    public var headerCount: Int { spans.count }

    /// The raw values of every field with this name, in order (one entry per field line; a
    /// comma-separated line is not split: see `SIPMessage+Headers` for typed, split access).
    public func values(_ name: SIPHeaderName) -> [String] {
        spans.filter { matches($0, name) }.map { unfoldedValue($0) }
    }

    /// The first field with this name, unfolded.
    public func value(_ name: SIPHeaderName) -> String? {
        spans.first { matches($0, name) }.map { unfoldedValue($0) }
    }

    /// Whether a field with this name is present.
    public func contains(_ name: SIPHeaderName) -> Bool { spans.contains { matches($0, name) } }

    /// The body bytes (empty when there is none).
    public var body: [UInt8] { Array(storage[bodyRange]) }

    /// The body's length in bytes.
    public var bodyLength: Int { bodyRange.count }

    // MARK: Internals shared by the typed accessors

    func text(_ r: Range<Int>) -> String { String(decoding: storage[r], as: UTF8.self) }

    func matches(_ span: SIPFieldSpan, _ name: SIPHeaderName) -> Bool {
        if name.knownID != 0 { return span.knownID == name.knownID }
        guard span.knownID == 0, span.nameEnd - span.lineStart == name.otherName.utf8.count else { return false }
        return zip(storage[span.lineStart..<span.nameEnd], name.otherName.utf8).allSatisfy { a, b in
            ((a >= 65 && a <= 90) ? a | 0x20 : a) == b
        }
    }

    func field(_ span: SIPFieldSpan) -> SIPHeaderField {
        SIPHeaderField(name: text(span.lineStart..<span.nameEnd),
                       rawValue: Array(storage[span.valueStart..<span.valueEnd]))
    }

    func unfoldedValue(_ span: SIPFieldSpan) -> String {
        SIPHeaderField.unfoldedString(storage[span.valueStart..<span.valueEnd])
    }

    /// Spans of the fields with this name.
    func spans(_ name: SIPHeaderName) -> [SIPFieldSpan] { spans.filter { matches($0, name) } }
}

extension SIPMessage: Equatable {
    /// Two messages are equal when their start lines, header fields (names compared as header
    /// names, values byte for byte, in order) and bodies are equal.
    public static func == (lhs: SIPMessage, rhs: SIPMessage) -> Bool {
        guard lhs.spans.count == rhs.spans.count, lhs.bodyRange.count == rhs.bodyRange.count else { return false }
        switch (lhs.startLine, rhs.startLine) {
        case let (.request(m1, u1, v1), .request(m2, u2, v2)):
            guard lhs.storage[m1].elementsEqual(rhs.storage[m2]), lhs.storage[u1].elementsEqual(rhs.storage[u2]),
                  lhs.storage[v1].elementsEqual(rhs.storage[v2]) else { return false }
        case let (.response(v1, c1, r1), .response(v2, c2, r2)):
            guard c1 == c2, lhs.storage[v1].elementsEqual(rhs.storage[v2]),
                  lhs.storage[r1].elementsEqual(rhs.storage[r2]) else { return false }
        default:
            return false
        }
        for (a, b) in zip(lhs.spans, rhs.spans) {
            guard a.knownID == b.knownID,
                  lhs.storage[a.valueStart..<a.valueEnd].elementsEqual(rhs.storage[b.valueStart..<b.valueEnd])
            else { return false }
            if a.knownID == 0 {
                let n1 = lhs.storage[a.lineStart..<a.nameEnd], n2 = rhs.storage[b.lineStart..<b.nameEnd]
                guard n1.count == n2.count,
                      zip(n1, n2).allSatisfy({ ($0 | 0x20) == ($1 | 0x20) }) else { return false }
            }
        }
        return lhs.storage[lhs.bodyRange].elementsEqual(rhs.storage[rhs.bodyRange])
    }
}
