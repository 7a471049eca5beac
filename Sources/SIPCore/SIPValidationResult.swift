/// What a receiving element decided about a message (RFC 3261 §8.2, §16.3, §18.3; RFC 4475).
public struct SIPValidationResult: Sendable, Hashable {
    /// The response a rejecting element sends: status, a reason phrase naming the problem, and
    /// the header fields RFC 3261 asks for (Unsupported with 420, Accept with 415, …).
    public struct Rejection: Sendable, Hashable {
        /// The status code.
        public var status: Int
        /// The reason phrase.
        public var reason: String
        /// Extra header fields for the response, in order.
        public var headers: [SIPParameter]
    }

    /// Whether the message is accepted for processing.
    public var isAccepted: Bool { errors.isEmpty }
    /// Every problem that makes the message unacceptable (the first one decides the response).
    public var errors: [SIPParseError]
    /// Departures from the RFC that a receiver tolerates.
    public var warnings: [SIPParseError]
    /// The response to send; nil when accepted, or for a rejected response (responses are
    /// dropped, never answered), or when nothing can be answered (unparseable request line).
    public var rejection: Rejection?
}
