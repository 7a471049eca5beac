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
        var actions: [SIPTransactionAction] = []
        handle(event, into: &actions)
        return actions
    }

    /// Feeds one event and appends the actions to perform, in order, to `sink`.
    mutating func handle<Sink: SIPTransactionActionSink>(_ event: SIPClientTransactionEvent, into sink: inout Sink) {
        switch (state, event) {
        case (.trying, .start):
            guard !started else { return }
            started = true
            sink.append(.send(request))
            if !isReliable { sink.append(.startTimer(.e, intervalE)) }
            sink.append(.startTimer(.f, timers.initial(.f, reliable: isReliable)))
        case (.trying, .timerFired(.e)):
            guard !isReliable else { return }
            intervalE = timers.next(.e, after: intervalE)
            sink.append(.send(request))
            sink.append(.startTimer(.e, intervalE))
        case (.proceeding, .timerFired(.e)):
            guard !isReliable else { return }
            // In Proceeding retransmissions continue every T2 (§17.1.2.2).
            intervalE = timers.t2
            sink.append(.send(request))
            sink.append(.startTimer(.e, intervalE))
        case (.trying, .timerFired(.f)), (.proceeding, .timerFired(.f)):
            state = .terminated
            sink.append(.cancelTimer(.e))
            sink.append(.timeout)
            sink.append(.terminated)
        case (.trying, .transportError), (.proceeding, .transportError):
            state = .terminated
            sink.append(.cancelTimer(.e))
            sink.append(.cancelTimer(.f))
            sink.append(.transportError)
            sink.append(.terminated)
        case (.trying, .responseReceived(let response)), (.proceeding, .responseReceived(let response)):
            receive(response, into: &sink)
        case (.completed, .timerFired(.k)):
            state = .terminated
            sink.append(.terminated)
        default:
            // Completed absorbs retransmitted responses; Terminated ignores everything.
            return
        }
    }

    private mutating func receive<Sink: SIPTransactionActionSink>(_ response: SIPMessage, into sink: inout Sink) {
        guard started, let code = response.statusCode else { return }
        if code < 200 {
            state = .proceeding
            sink.append(.passToTU(response))
            return
        }
        sink.append(.passToTU(response))
        if !isReliable { sink.append(.cancelTimer(.e)) }
        sink.append(.cancelTimer(.f))
        let k = timers.initial(.k, reliable: isReliable)
        if k == .zero {
            state = .terminated
            sink.append(.terminated)
        } else {
            state = .completed
            sink.append(.startTimer(.k, k))
        }
    }
}
