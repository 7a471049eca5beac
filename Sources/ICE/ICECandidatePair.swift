/// A local and a remote candidate in the check list (RFC 8445 §6.1.2), with its state and
/// nomination.
public struct ICECandidatePair: Sendable, Hashable, CustomStringConvertible {
    /// A stable number within one agent (order of creation).
    public let id: Int
    /// The local candidate (its base sends the checks).
    public var local: ICECandidate
    /// The remote candidate.
    public var remote: ICECandidate
    /// The check state.
    public var state: ICEPairState
    /// Whether the pair has been nominated (USE-CANDIDATE sent and answered, or received).
    public var nominated = false

    /// Creates a pair.
    public init(id: Int, local: ICECandidate, remote: ICECandidate, state: ICEPairState = .frozen) {
        self.id = id
        self.local = local
        self.remote = remote
        self.state = state
    }

    /// The pair's foundation: both candidates' foundations (§6.1.2.6).
    public var foundation: String { local.foundation + ":" + remote.foundation }

    /// The pair priority of RFC 8445 §6.1.2.3: `2^32·min(G,D) + 2·max(G,D) + (G>D ? 1 : 0)`,
    /// G the controlling agent's candidate priority, D the controlled agent's.
    public func priority(role: ICERole) -> UInt64 {
        let (g, d) = role == .controlling ? (UInt64(local.priority), UInt64(remote.priority))
            : (UInt64(remote.priority), UInt64(local.priority))
        return (min(g, d) << 32) &+ 2 &* max(g, d) &+ (g > d ? 1 : 0)
    }

    /// `local.base → remote (state)`.
    public var description: String {
        "\(local.base) → \(remote.address) [\(local.type.rawValue)/\(remote.type.rawValue) \(state.rawValue)\(nominated ? " nominated" : "")]"
    }
}
