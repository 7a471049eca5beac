/// What became of one part of a feedback submission: the feedback itself, or its console logs.
public enum PlivoCallQualityFeedbackDelivery: Sendable, Hashable, CustomStringConvertible {
    /// Nothing was sent (why, e.g. no endpoint is configured).
    case notSent(reason: String)
    /// A server accepted it: the URL it was sent to and the 2xx status.
    case delivered(url: String, status: Int)

    /// Whether a server accepted it.
    public var isDelivered: Bool {
        if case .delivered = self { return true }
        return false
    }

    /// `delivered to <url> (HTTP <status>)` or `not sent: <reason>`.
    public var description: String {
        switch self {
        case .notSent(let reason): return "not sent: \(reason)"
        case .delivered(let url, let status): return "delivered to \(url) (HTTP \(status))"
        }
    }
}
