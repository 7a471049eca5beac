import StackCore

extension PlivoOptions {
    /// The seed's `enableQualityTracking` values: which of mediaMetrics events (local) and
    /// call-quality tracking in Plivo's Call Insights (remote) are on.
    ///
    /// The raw values are the seed's lowercase names; ``init(name:)`` also accepts other cases
    /// (the JS SDK uppercases the value before checking it).
    public enum QualityTracking: String, Sendable, Hashable, CaseIterable {
        /// Both mediaMetrics events and call-quality tracking (the default).
        case all
        /// Call-quality tracking only.
        case remoteOnly = "remoteonly"
        /// mediaMetrics events only.
        case localOnly = "localonly"
        /// Neither.
        case none

        /// The value named `name` in any case (`"REMOTEONLY"`, `"remoteOnly"`); nil for others.
        public init?(name: String) {
            guard let value = QualityTracking(rawValue: name.trimmingWhitespace().lowercased()) else { return nil }
            self = value
        }
    }
}
