/// The state of a candidate pair in the check list (RFC 8445 §6.1.2.6).
public enum ICEPairState: String, Sendable, Hashable {
    /// Not checked until a pair of its foundation succeeds.
    case frozen
    /// Ready to be checked when its turn comes.
    case waiting
    /// A check is in flight.
    case inProgress = "in-progress"
    /// A check succeeded.
    case succeeded
    /// The check failed (error response or no response).
    case failed
}
