/// The state of a ``SIPConnectionSupervisorStateMachine``.
///
/// `attempt` counts consecutive failed attempts since the last successful connect (JsSIP's
/// `_recover_attempts`): `0` for the first connect after `start`, `n` for the retry after the
/// `n`-th failure.
public enum SIPConnectionSupervisorState: Sendable, Hashable, CustomStringConvertible {
    /// Not supervising (before `start`, after `stop` or an intentional close).
    case idle
    /// Connecting to the server at index `server`.
    case connecting(server: Int, attempt: Int)
    /// Connected to the server at index `server`; keep-alives run.
    case connected(server: Int)
    /// Waiting `delay` (the back-off) before connecting to the server at index `server`. The
    /// machine reads no clock, so it holds the delay; the owner's timer holds the deadline.
    case waitingToReconnect(server: Int, attempt: Int, delay: Duration)

    /// A short rendering, e.g. `connecting(1, attempt 2)`.
    public var description: String {
        switch self {
        case .idle: "idle"
        case .connecting(let server, let attempt): "connecting(\(server), attempt \(attempt))"
        case .connected(let server): "connected(\(server))"
        case .waitingToReconnect(let server, let attempt, let delay):
            "waitingToReconnect(\(server), attempt \(attempt), \(delay))"
        }
    }
}
