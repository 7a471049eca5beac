/// The seed's `enableQualityTracking` option: which of the two call-quality features run.
public enum QualityTrackingMode: String, Sendable, Hashable, CaseIterable {
    /// `mediaMetrics` events (when `enableTracking` is also true) and call-quality telemetry.
    case all
    /// Call-quality telemetry only.
    case remoteOnly = "remoteonly"
    /// `mediaMetrics` events only (whatever `enableTracking` says).
    case localOnly = "localonly"
    /// Neither.
    case disabled = "none"

    /// Parses the option's value ignoring case (`all`, `remoteonly`, `localonly`, `none`).
    public init?(parsing text: String) {
        self.init(rawValue: text.lowercased())
    }

    /// Whether `mediaMetrics` events are emitted (the SDK's `emitMetrics` gate): `all` with
    /// `enableTracking`, or `localonly`.
    public func emitsMediaMetrics(enableTracking: Bool) -> Bool {
        switch self {
        case .all: enableTracking
        case .localOnly: true
        case .remoteOnly, .disabled: false
        }
    }

    /// Whether call-quality statistics go to Plivo (the SDK's `sendStats` gate): `all` with
    /// `enableTracking`, or `remoteonly`.
    public func sendsCallQualityStats(enableTracking: Bool) -> Bool {
        switch self {
        case .all: enableTracking
        case .remoteOnly: true
        case .localOnly, .disabled: false
        }
    }
}
