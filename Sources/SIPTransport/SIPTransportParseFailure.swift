import SIPCore

/// Received bytes a transport could not turn into a message (RFC 3261 §18.3): the error, where
/// the bytes came from and, for a datagram, what a UAS would answer (RFC 3261 §8.2, §21.4.1).
public struct SIPTransportParseFailure: Sendable {
    /// The parse or framing error.
    public var error: SIPParseError
    /// Where the bytes came from.
    public var source: SIPTransportAddress
    /// How many parse and framing errors the transport has counted, this one included.
    public var count: Int
    /// The datagram or frame as received; nil for a stream (its bytes are the framer's).
    public var bytes: [UInt8]?
    /// The validator's verdict on `bytes`, with the rejection to send when the input is a
    /// request whose Request-Line can be read; nil for a stream or a response.
    public var validation: SIPValidationResult?

    /// Creates a failure record.
    public init(error: SIPParseError, source: SIPTransportAddress, count: Int,
                bytes: [UInt8]? = nil, validation: SIPValidationResult? = nil) {
        self.error = error
        self.source = source
        self.count = count
        self.bytes = bytes
        self.validation = validation
    }

    /// Whether the input was framed but is too large for the configured limits.
    public var isOverLimit: Bool {
        if case .limitExceeded = error.kind { return true }
        return false
    }

    /// The response a UAS sends for this input (400 with a reason phrase naming the problem, or
    /// 505), built from a lenient parse of the bytes; nil when the input is not a request, has
    /// no readable Request-Line, or lacks the fields a response copies.
    public func rejectionResponse(limits: SIPParserLimits = .default) -> SIPMessage? {
        guard let bytes, let validation, validation.rejection != nil else { return nil }
        guard let request = try? SIPMessage(parsing: bytes, options: SIPParserOptions(mode: .lenient, limits: limits)),
              request.isRequest, request.method != .ack,
              !request.via.isEmpty, request.cseq != nil, request.value(.callID) != nil else { return nil }
        return SIPMessageBuilder.rejection(for: request, validation)
    }
}
