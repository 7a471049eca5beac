/// How one case ended.
public struct ConformanceResult: Sendable, Hashable {
    /// The verdict.
    public enum Outcome: String, Sendable, Hashable {
        /// Every expectation held.
        case pass
        /// An expectation failed.
        case fail
        /// The case did not apply (role, transport, accounts), or could not start.
        case skip
        /// It failed on a server the scenario names as known to fail it, for a stated reason.
        case knownFailure = "known-failure"
    }

    /// `suite/name`.
    public var id: String
    /// The suite.
    public var suite: String
    /// The case's name.
    public var name: String
    /// What the case checks.
    public var title: String
    /// The verdict.
    public var outcome: Outcome
    /// For a failure: the expectation that failed, as written.
    public var expectation: String?
    /// The RFC section the failed expectation cites.
    public var reference: String?
    /// What happened instead (for a skip: why).
    public var detail: String?
    /// The message that broke the expectation, as received (may be cut).
    public var message: String?
    /// The scenario file and line of the failed expectation.
    public var location: String?
    /// For a known failure: the scenario's reason.
    public var knownReason: String?
    /// How long the case ran.
    public var duration: Duration
}
