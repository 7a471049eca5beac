import SIPCore

/// Settings shared by the transports.
public struct SIPTransportConfiguration: Sendable {
    /// Parser mode and limits for received messages; stream framing also bounds the header
    /// section and message size with them (RFC 3261 §18.3).
    public var parserOptions: SIPParserOptions
    /// How many undelivered events the `events` stream buffers before dropping new ones (each
    /// drop is counted in `SIPTransportStatistics.eventsDropped`).
    public var eventBufferSize: Int
    /// Whether a datagram transport answers an unparseable request itself with the validator's
    /// 400 or 505 (RFC 3261 §8.2, §21.4.1); when false the owner decides from the
    /// `parseError` event (`SIPTransportParseFailure.rejectionResponse()`).
    public var answersMalformedRequests: Bool

    /// Creates a configuration.
    public init(parserOptions: SIPParserOptions = .strict, eventBufferSize: Int = 4096,
                answersMalformedRequests: Bool = false) {
        self.parserOptions = parserOptions
        self.eventBufferSize = eventBufferSize
        self.answersMalformedRequests = answersMalformedRequests
    }

    /// Strict parsing, default limits, 4096 buffered events, malformed requests left to the owner.
    public static let `default` = SIPTransportConfiguration()
}
