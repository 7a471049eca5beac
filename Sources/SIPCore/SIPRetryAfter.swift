/// The Retry-After header value (RFC 3261 §20.33): seconds, an optional comment, parameters.
public struct SIPRetryAfter: Sendable, Hashable {
    /// Delta-seconds, at most 2³² − 1.
    public var seconds: UInt32
    /// The comment including its parentheses, when given.
    public var comment: String?
    /// Parameters such as `duration`.
    public var parameters: [SIPParameter]

    static func parse(_ scanner: inout SIPHeaderScanner) throws(SIPParseError) -> SIPRetryAfter {
        scanner.skipLWS()
        let seconds = try scanner.number(max: UInt64(UInt32.max), "delta-seconds")
        scanner.skipLWS()
        var comment: String?
        if scanner.peek == 40 { comment = try scanner.comment() }
        return SIPRetryAfter(seconds: UInt32(seconds), comment: comment, parameters: try scanner.parameters())
    }
}
