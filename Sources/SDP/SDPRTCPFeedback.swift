/// `a=rtcp-fb:<payload type or *> <feedback type> [<parameters>]` (RFC 4585 §4.2).
public struct SDPRTCPFeedback: Sendable, Hashable, CustomStringConvertible {
    /// The format the feedback applies to, or `*` for all formats.
    public var format: String
    /// The feedback type and its parameters as written, e.g. `transport-cc` or `nack pli`.
    public var feedback: String

    /// Creates an rtcp-fb attribute value (RFC 4585 §4.2).
    public init(format: String, feedback: String) {
        self.format = format
        self.feedback = feedback
    }

    /// Parses the value of `a=rtcp-fb` (RFC 4585 §4.2); nil when it does not follow the grammar.
    public init?(parsing value: some StringProtocol) {
        guard let feedback = SDPGrammar.withBytes(value, { SDPRTCPFeedback(bytes: $0) }) else { return nil }
        self = feedback
    }

    /// Parses the bytes of an `a=rtcp-fb` value.
    init?(bytes: UnsafeBufferPointer<UInt8>) {
        guard let (format, feedback) = Self.scan(bytes) else { return nil }
        self.format = format.string
        self.feedback = feedback.string
    }

    /// True when the bytes are a valid `a=rtcp-fb` value.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { scan(bytes) != nil }

    /// The format (a token, `*` included) and the feedback text.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>)
        -> (format: UnsafeBufferPointer<UInt8>, feedback: UnsafeBufferPointer<UInt8>)? {
        guard let (format, feedback) = bytes.splitFirstField(), format.isToken else { return nil }
        return (format, feedback)
    }

    /// True when the feedback applies to every format (`*`).
    public var isWildcard: Bool { format == "*" }

    /// The value of `a=rtcp-fb`.
    public var description: String { format + " " + feedback }
}
