import StackCore

extension PlivoOptions {
    /// One entry of the seed's `dtmfOptions.sendDtmfType`.
    ///
    /// The raw values are the seed's lowercase names; ``init(name:)`` accepts any case (the JS
    /// SDK uppercases the entries).
    public enum DTMFType: String, Sendable, Hashable, CaseIterable, Comparable {
        /// The digit's tone is played locally (the JS SDK plays `dtmf<d>.mp3` on the speaker);
        /// nothing is signalled.
        case inband
        /// The digit is signalled to the far end (SIP INFO `application/dtmf-relay`).
        case outband

        /// The type named `name` in any case; nil for others.
        public init?(name: String) {
            guard let value = DTMFType(rawValue: name.trimmingWhitespace().lowercased()) else { return nil }
            self = value
        }

        /// `inband` before `outband` (the seed's order).
        public static func < (lhs: DTMFType, rhs: DTMFType) -> Bool {
            lhs == .inband && rhs == .outband
        }
    }
}
