/// Retransmission parameters of a STUN client transaction (RFC 8489 §6.2.1, §6.2.2).
///
/// The defaults are RFC 8489's: RTO 500 ms doubling, Rc = 7 requests, a last wait of
/// Rm = 16 × RTO, so over UDP requests go out at 0, 0.5, 1.5, 3.5, 7.5, 15.5 and 31.5 s and
/// the transaction times out at 39.5 s. ICE sets `initialRTO` from its pacing (RFC 8445 §14.3).
public struct STUNClientTransactionConfiguration: Sendable, Hashable {
    /// The first retransmission timeout (RFC 8489 §6.2.1: 500 ms by default; at least 500 ms
    /// is recommended unless the path is known).
    public var initialRTO: Duration
    /// An upper bound on the doubled RTO; `nil` for none (RFC 8489 §6.2.1 allows a cap).
    public var maximumRTO: Duration?
    /// Rc, the number of requests sent in total, the first included (RFC 8489 §6.2.1: 7).
    public var maximumRequests: Int
    /// Rm: after the last request the client waits Rm × `initialRTO` (RFC 8489 §6.2.1: 16).
    public var lastWaitMultiplier: Int
    /// Whether the transport is reliable (TCP, TLS): one request and a single timeout
    /// of `reliableTimeout` (RFC 8489 §6.2.2).
    public var isReliable: Bool
    /// Ti, the timeout over a reliable transport (RFC 8489 §6.2.2: 39.5 s).
    public var reliableTimeout: Duration

    /// Creates a configuration; every parameter defaults to RFC 8489's value.
    public init(
        initialRTO: Duration = .milliseconds(500), maximumRTO: Duration? = nil,
        maximumRequests: Int = 7, lastWaitMultiplier: Int = 16,
        isReliable: Bool = false, reliableTimeout: Duration = .milliseconds(39_500)
    ) {
        self.initialRTO = initialRTO
        self.maximumRTO = maximumRTO
        self.maximumRequests = maximumRequests
        self.lastWaitMultiplier = lastWaitMultiplier
        self.isReliable = isReliable
        self.reliableTimeout = reliableTimeout
    }

    /// The RFC 8489 defaults over UDP.
    public static let `default` = STUNClientTransactionConfiguration()

    /// The RTO that follows `rto`: doubled, then capped at ``maximumRTO`` (and never past
    /// 2^40 s, so a large ``maximumRequests`` cannot overflow `Duration`).
    public func nextRTO(after rto: Duration) -> Duration {
        guard rto < .seconds(Int64(1) << 40) else { return rto }
        let doubled = rto * 2
        if let maximumRTO, doubled > maximumRTO { return maximumRTO }
        return doubled
    }

    /// The time of each request and of the timeout, from the first request: `[0, 0.5, 1.5, …,
    /// 31.5]` and `39.5 s` with the defaults. Handy for ICE's pacing and for tests.
    public var schedule: (sends: [Duration], timeout: Duration) {
        if isReliable { return ([.zero], reliableTimeout) }
        var sends: [Duration] = []
        var time = Duration.zero
        var rto = initialRTO
        let requests = max(1, maximumRequests)
        for index in 0..<requests {
            sends.append(time)
            if index < requests - 1 {
                time += rto
                rto = nextRTO(after: rto)
            }
        }
        return (sends, time + initialRTO * max(0, lastWaitMultiplier))
    }
}
