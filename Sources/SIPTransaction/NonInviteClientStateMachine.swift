import SIPCore

/// The non-INVITE client transaction (RFC 3261 §17.1.2, Figure 6): Trying → Proceeding →
/// Completed → Terminated.
///
/// A pure value: `handle(_:)` returns the actions the owner performs. Timer E (retransmission,
/// doubling from T1 up to T2, and T2 in Proceeding) runs only on unreliable transports; Timer K
/// is T4 on unreliable transports and zero (immediate termination) on reliable ones.
public struct NonInviteClientStateMachine: Sendable {
    /// The states of Figure 6.
    public enum State: Sendable, Hashable {
        /// The request was sent; no response yet.
        case trying
        /// A provisional response arrived.
        case proceeding
        /// A final response arrived; absorbing retransmissions until Timer K.
        case completed
        /// Done; the owner removes the transaction.
        case terminated
    }

    /// The current state.
    public private(set) var state: State = .trying
    /// The request this transaction sends.
    public let request: SIPMessage
    /// Whether the transport is reliable: no retransmissions, Timer K is 0.
    public let isReliable: Bool
    /// The timer values.
    public let timers: SIPTimerValues
    private var intervalE: Duration
    private var started = false

    /// Creates the transaction for `request` (any method but INVITE and ACK); nothing is sent
    /// until ``SIPClientTransactionEvent/start``.
    public init(request: SIPMessage, reliable: Bool, timers: SIPTimerValues = .rfc3261) {
        self.request = request
        self.isReliable = reliable
        self.timers = timers
        self.intervalE = timers.initial(.e, reliable: reliable)
    }

    /// Feeds one event and returns the actions to perform, in order (RFC 3261 §17.1.2.2).
    public mutating func handle(_ event: SIPClientTransactionEvent) -> [SIPTransactionAction] {
        switch (state, event) {
        case (.trying, .start):
            guard !started else { return [] }
            started = true
            if isReliable { return [.send(request), .startTimer(.f, timers.initial(.f, reliable: true))] }
            return [.send(request), .startTimer(.e, intervalE), .startTimer(.f, timers.initial(.f, reliable: false))]
        case (.trying, .timerFired(.e)):
            guard !isReliable else { return [] }
            intervalE = timers.next(.e, after: intervalE)
            return [.send(request), .startTimer(.e, intervalE)]
        case (.proceeding, .timerFired(.e)):
            guard !isReliable else { return [] }
            // In Proceeding retransmissions continue every T2 (§17.1.2.2).
            intervalE = timers.t2
            return [.send(request), .startTimer(.e, intervalE)]
        case (.trying, .timerFired(.f)), (.proceeding, .timerFired(.f)):
            state = .terminated
            return [.cancelTimer(.e), .timeout, .terminated]
        case (.trying, .transportError), (.proceeding, .transportError):
            state = .terminated
            return [.cancelTimer(.e), .cancelTimer(.f), .transportError, .terminated]
        case (.trying, .responseReceived(let response)), (.proceeding, .responseReceived(let response)):
            return receive(response)
        case (.completed, .timerFired(.k)):
            state = .terminated
            return [.terminated]
        default:
            // Completed absorbs retransmitted responses; Terminated ignores everything.
            return []
        }
    }

    private mutating func receive(_ response: SIPMessage) -> [SIPTransactionAction] {
        guard started, let code = response.statusCode else { return [] }
        if code < 200 {
            state = .proceeding
            return [.passToTU(response)]
        }
        var actions: [SIPTransactionAction] = [.passToTU(response)]
        if !isReliable { actions.append(.cancelTimer(.e)) }
        actions.append(.cancelTimer(.f))
        let k = timers.initial(.k, reliable: isReliable)
        if k == .zero {
            state = .terminated
            actions.append(.terminated)
        } else {
            state = .completed
            actions.append(.startTimer(.k, k))
        }
        return actions
    }
}
