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
        guard let (format, feedback) = SDPGrammar.splitFirstField(value),
              format == "*" || SDPGrammar.isToken(format) else { return nil }
        self.format = String(format)
        self.feedback = String(feedback)
    }

    /// True when the feedback applies to every format (`*`).
    public var isWildcard: Bool { format == "*" }

    /// The value of `a=rtcp-fb`.
    public var description: String { format + " " + feedback }
}
