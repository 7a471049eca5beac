/// A connectivity check the agent asks its owner to send (RFC 8445 §7.2.2): a STUN Binding
/// request from `from` (a local base) to `to`, with USERNAME, PRIORITY, ICE-CONTROLLING or
/// ICE-CONTROLLED, optionally USE-CANDIDATE, MESSAGE-INTEGRITY keyed with `password` and
/// FINGERPRINT. The owner runs its STUN transaction and reports the outcome with the same `id`.
public struct ICECheck: Sendable, Hashable {
    /// The agent's number for this check.
    public var id: Int
    /// The pair checked.
    public var pairID: Int
    /// The local base the request is sent from.
    public var from: ICETransportAddress
    /// The remote candidate's address.
    public var to: ICETransportAddress
    /// `<remote ufrag>:<local ufrag>` (§7.2.2).
    public var username: String
    /// The remote password, the MESSAGE-INTEGRITY key.
    public var password: String
    /// PRIORITY: the priority a peer-reflexive candidate of this base would have (§7.1.1).
    public var priority: UInt32
    /// ICE-CONTROLLING or ICE-CONTROLLED.
    public var role: ICERole
    /// The tie-breaker sent with the role attribute.
    public var tieBreaker: UInt64
    /// USE-CANDIDATE (the controlling agent nominates the pair).
    public var useCandidate: Bool
    /// A consent freshness check on the selected pair (RFC 7675), not a connectivity check.
    public var isConsent: Bool
}

/// How a connectivity check ended (RFC 8445 §7.2.5).
public enum ICECheckResult: Sendable, Hashable {
    /// A success response; XOR-MAPPED-ADDRESS says where the peer saw the request come from.
    case success(mapped: ICETransportAddress)
    /// A 487 Role Conflict error response (§7.2.5.1).
    case roleConflict
    /// Another error response, or an unusable one.
    case failure(code: Int?)
    /// No response after all retransmissions.
    case timeout
}

/// A connectivity check the peer sent us, already authenticated by the owner (USERNAME starts
/// with our ufrag, MESSAGE-INTEGRITY verified with our password, FINGERPRINT right; RFC 8445
/// §7.3). `transactionID` is opaque to the agent and comes back in the response action.
public struct ICECheckRequest: Sendable, Hashable {
    /// Where the request came from (the peer's candidate as seen here).
    public var source: ICETransportAddress
    /// The local address (base) it arrived on.
    public var destination: ICETransportAddress
    /// PRIORITY (the priority of a peer-reflexive candidate for `source`).
    public var priority: UInt32
    /// USE-CANDIDATE was present.
    public var useCandidate: Bool
    /// ICE-CONTROLLING's tie-breaker, when present.
    public var controlling: UInt64?
    /// ICE-CONTROLLED's tie-breaker, when present.
    public var controlled: UInt64?
    /// The STUN transaction ID, for the response.
    public var transactionID: [UInt8]

    /// Creates a request record.
    public init(source: ICETransportAddress, destination: ICETransportAddress, priority: UInt32, useCandidate: Bool,
                controlling: UInt64?, controlled: UInt64?, transactionID: [UInt8]) {
        self.source = source
        self.destination = destination
        self.priority = priority
        self.useCandidate = useCandidate
        self.controlling = controlling
        self.controlled = controlled
        self.transactionID = transactionID
    }
}

/// The answer the agent gives to a ``ICECheckRequest``.
public enum ICECheckResponse: Sendable, Hashable {
    /// A success response with XOR-MAPPED-ADDRESS = the request's source (§7.3.1.2).
    case success(mapped: ICETransportAddress)
    /// 487 Role Conflict (§7.3.1.1).
    case roleConflict
}
