extension SIPMessage {
    /// Parses every value of a header, in order, splitting comma-separated lists; throws the
    /// first grammar error with its offset and header name.
    public func parsed<Value>(_ header: SIPTypedHeader<Value>) throws(SIPParseError) -> [Value] {
        try storage.withUnsafeBufferPointer { (buffer) throws(SIPParseError) -> [Value] in
            var result: [Value] = []
            for span in spans where matches(span, header.name) {
                var scanner = SIPHeaderScanner(buffer[span.valueStart..<span.valueEnd],
                                               name: buffer[span.lineStart..<span.nameEnd], maxDepth: nestingLimit)
                if header.isList {
                    // An empty list line (e.g. "Supported:") holds no values.
                    scanner.skipLWS()
                    if scanner.atEnd { continue }
                    repeat {
                        result.append(try header.parse(&scanner))
                    } while try scanner.nextListElement()
                } else {
                    result.append(try header.parse(&scanner))
                    try scanner.expectEnd()
                }
            }
            return result
        }
    }

    /// The first value of a header, or nil when absent or malformed.
    func first<Value>(_ header: SIPTypedHeader<Value>) -> Value? {
        guard let span = spans.first(where: { matches($0, header.name) }) else { return nil }
        return storage.withUnsafeBufferPointer { buffer -> Value? in
            var scanner = SIPHeaderScanner(buffer[span.valueStart..<span.valueEnd],
                                           name: buffer[span.lineStart..<span.nameEnd], maxDepth: nestingLimit)
            guard let value = try? header.parse(&scanner) else { return nil }
            if !header.isList {
                guard (try? scanner.expectEnd()) != nil else { return nil }
            }
            return value
        }
    }

    /// Via values, top first (empty when absent or malformed).
    public var via: [SIPVia] { (try? parsed(.via)) ?? [] }
    /// The topmost Via value.
    public var topVia: SIPVia? { first(.via) }
    /// The From address.
    public var from: SIPNameAddress? { first(.from) }
    /// The To address.
    public var to: SIPNameAddress? { first(.to) }
    /// The Call-ID.
    public var callID: String? { first(.callID) }
    /// The CSeq.
    public var cseq: SIPCSeq? { first(.cseq) }
    /// Contact addresses (empty for `*`).
    public var contacts: [SIPNameAddress] { (try? parsed(.contact)) ?? [] }
    /// Whether the Contact is the `*` wildcard (RFC 3261 §10.2.2).
    public var isContactWildcard: Bool {
        spans(.contact).count == 1 && value(.contact)?.trimmingLWS == "*"
    }
    /// Route addresses in order.
    public var routes: [SIPNameAddress] { (try? parsed(.route)) ?? [] }
    /// Record-Route addresses in order.
    public var recordRoutes: [SIPNameAddress] { (try? parsed(.recordRoute)) ?? [] }
    /// Max-Forwards.
    public var maxForwards: Int? { first(.maxForwards) }
    /// Content-Length as written (the framing uses it; nil when absent).
    public var contentLength: Int? { first(.contentLength) }
    /// Content-Type.
    public var contentType: SIPContentType? { first(.contentType) }
    /// Expires in seconds.
    public var expires: Int? { first(.expires) }
    /// Allow methods.
    public var allow: [SIPMethod] { ((try? parsed(.allow)) ?? []).map { SIPMethod($0) } }
    /// Supported option tags.
    public var supported: [String] { (try? parsed(.supported)) ?? [] }
    /// Require option tags.
    public var require: [String] { (try? parsed(.require)) ?? [] }
    /// Proxy-Require option tags.
    public var proxyRequire: [String] { (try? parsed(.proxyRequire)) ?? [] }
    /// Reason values.
    public var reasons: [SIPReason] { (try? parsed(.reason)) ?? [] }
    /// User-Agent, as written.
    public var userAgent: String? { value(.userAgent) }
    /// Server, as written.
    public var server: String? { value(.server) }
    /// Event.
    public var event: SIPEvent? { first(.event) }
    /// Retry-After.
    public var retryAfter: SIPRetryAfter? { first(.retryAfter) }
    /// Warning values.
    public var warnings: [SIPWarning] { (try? parsed(.warning)) ?? [] }
    /// WWW-Authenticate challenges.
    public var wwwAuthenticate: [SIPAuthField] { (try? parsed(.wwwAuthenticate)) ?? [] }
    /// Proxy-Authenticate challenges.
    public var proxyAuthenticate: [SIPAuthField] { (try? parsed(.proxyAuthenticate)) ?? [] }
    /// Authorization credentials.
    public var authorization: [SIPAuthField] { (try? parsed(.authorization)) ?? [] }
    /// Proxy-Authorization credentials.
    public var proxyAuthorization: [SIPAuthField] { (try? parsed(.proxyAuthorization)) ?? [] }
}

extension String {
    /// The string without leading and trailing SP, HTAB, CR and LF.
    var trimmingLWS: String {
        let bytes = Array(utf8)
        var start = 0, end = bytes.count
        while start < end, SIPCharacterClass.isLWS(bytes[start]) { start += 1 }
        while end > start, SIPCharacterClass.isLWS(bytes[end - 1]) { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
