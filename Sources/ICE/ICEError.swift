/// Errors of the ICE agent's own operations (never of peer input, which is dropped and counted).
public enum ICEError: Error, Sendable, Hashable {
    /// A socket could not be bound or configured.
    case bindFailed(String)
    /// The agent was closed.
    case closed
    /// An operation needs something not given yet (e.g. the remote description).
    case notReady(String)
}
