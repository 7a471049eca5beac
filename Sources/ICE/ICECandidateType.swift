/// The type of a candidate (RFC 8445 §5.1.1), with its recommended type preference (§5.1.2.2).
public enum ICECandidateType: String, Sendable, Hashable, CaseIterable {
    /// An address on a local interface.
    case host
    /// The address a STUN server saw (server reflexive).
    case serverReflexive = "srflx"
    /// An address learned from a connectivity check (peer reflexive).
    case peerReflexive = "prflx"
    /// An address on a TURN relay.
    case relayed = "relay"

    /// The type preference: host 126, peer reflexive 110, server reflexive 100, relayed 0.
    public var preference: UInt32 {
        switch self {
        case .host: 126
        case .peerReflexive: 110
        case .serverReflexive: 100
        case .relayed: 0
        }
    }
}
