extension PlivoAccessToken {
    /// The voice grants of a token's `per.voice` claim.
    public struct Grants: Sendable, Hashable {
        /// `per.voice.incoming_allow` when it is a Boolean; nil when absent. The JS SDK reads it
        /// but does not enforce it on the client (the server does).
        public var incomingAllow: Bool?
        /// `per.voice.outgoing_allow` when it is a Boolean; nil when absent. When false,
        /// `call()` is refused with `onPermissionDenied('INVALID_ACCESS_TOKEN_GRANTS')`.
        public var outgoingAllow: Bool?

        /// Grants with these values (nil: absent).
        public init(incomingAllow: Bool? = nil, outgoingAllow: Bool? = nil) {
            self.incomingAllow = incomingAllow
            self.outgoingAllow = outgoingAllow
        }

        /// Whether `call()` may place calls: unless `outgoing_allow` is explicitly false (the
        /// JS SDK's `outgoing_allow === false` check).
        public var allowsOutgoingCalls: Bool { outgoingAllow != false }

        /// Whether incoming calls are granted: unless `incoming_allow` is explicitly false.
        public var allowsIncomingCalls: Bool { incomingAllow != false }
    }
}
