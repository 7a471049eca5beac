/// What an ICE agent reports.
public enum ICEAgentEvent: Sendable, Hashable {
    /// The overall state changed.
    case state(ICEConnectionState)
    /// A pair was selected (nominated and succeeded): media goes over it from now on.
    case selected(ICECandidatePair)
    /// The role changed after a role conflict (RFC 8445 §7.2.5.1, §7.3.1.1).
    case role(ICERole)
    /// A peer-reflexive local candidate was learned from a check response (§7.2.5.3.1).
    case localCandidate(ICECandidate)
    /// A peer-reflexive remote candidate was learned from a check request (§7.3.1.3).
    case remoteCandidate(ICECandidate)
}

/// The agent's timers.
public enum ICEAgentTimer: Sendable, Hashable {
    /// Ta: the pace of connectivity checks (RFC 8445 §14.2, 50 ms).
    case pacing
    /// The controlling agent stops waiting for better pairs and nominates the best valid one.
    case nomination
    /// The next consent freshness check (RFC 7675 §5.1).
    case consent
}
