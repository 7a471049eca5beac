import SIPCore

/// The INVITE client transaction (RFC 3261 §17.1.1, Figure 5, as updated by RFC 6026 §7.2):
/// Calling → Proceeding → Completed (non-2xx, ACK sent here) or Accepted (2xx, ACKed by the TU)
/// → Terminated.
///
/// A pure value: `handle(_:)` returns the actions the owner performs (send, arm or disarm a
/// timer, pass a response to the TU). Timer A runs only on unreliable transports.
public struct InviteClientStateMachine: Sendable {
    /// The states of Figure 5 plus Accepted from RFC 6026 §7.2.
    public enum State: Sendable, Hashable {
        /// The INVITE was sent; no response yet.
        case calling
        /// A provisional response arrived.
        case proceeding
        /// A final non-2xx response arrived and was ACKed; absorbing retransmissions until Timer D.
        case completed
        /// A 2xx arrived (RFC 6026); further 2xx go to the TU until Timer M.
        case accepted
        /// Done; the owner removes the transaction.
        case terminated
    }

    /// The current state.
    public private(set) var state: State = .calling
    /// The INVITE this transaction sends.
    public let request: SIPMessage
    /// Whether the transport is reliable (TCP, TLS, SCTP, WS): no retransmissions, Timer D is 0.
    public let isReliable: Bool
    /// The timer values.
    public let timers: SIPTimerValues
    /// The ACK built for the non-2xx final response (RFC 3261 §17.1.1.3), once there is one.
    public private(set) var ack: SIPMessage?
    private var intervalA: Duration
    private var started = false

    /// Creates the transaction for `request` (an INVITE); nothing is sent until ``SIPClientTransactionEvent/start``.
    public init(request: SIPMessage, reliable: Bool, timers: SIPTimerValues = .rfc3261) {
        self.request = request
        self.isReliable = reliable
        self.timers = timers
        self.intervalA = timers.initial(.a, reliable: reliable)
    }

    /// Feeds one event and returns the actions to perform, in order (RFC 3261 §17.1.1.2, RFC 6026 §7.2).
    public mutating func handle(_ event: SIPClientTransactionEvent) -> [SIPTransactionAction] {
        var actions: [SIPTransactionAction] = []
        handle(event, into: &actions)
        return actions
    }

    /// Feeds one event and appends the actions to perform, in order, to `sink`.
    mutating func handle<Sink: SIPTransactionActionSink>(_ event: SIPClientTransactionEvent, into sink: inout Sink) {
        switch (state, event) {
        case (.calling, .start):
            guard !started else { return }
            started = true
            sink.append(.send(request))
            if !isReliable { sink.append(.startTimer(.a, intervalA)) }
            sink.append(.startTimer(.b, timers.initial(.b, reliable: isReliable)))
        case (.calling, .timerFired(.a)):
            guard !isReliable else { return }
            intervalA = timers.next(.a, after: intervalA)
            sink.append(.send(request))
            sink.append(.startTimer(.a, intervalA))
        case (.calling, .timerFired(.b)):
            state = .terminated
            sink.append(.cancelTimer(.a))
            sink.append(.timeout)
            sink.append(.terminated)
        case (.calling, .transportError):
            state = .terminated
            sink.append(.cancelTimer(.a))
            sink.append(.cancelTimer(.b))
            sink.append(.transportError)
            sink.append(.terminated)
        case (.calling, .responseReceived(let response)), (.proceeding, .responseReceived(let response)):
            receive(response, into: &sink)
        case (.completed, .responseReceived(let response)):
            // Retransmitted final response: re-send the ACK, do not bother the TU (§17.1.1.2).
            guard let code = response.statusCode, code >= 300, let ack else { return }
            sink.append(.send(ack))
        case (.completed, .timerFired(.d)), (.accepted, .timerFired(.m)):
            state = .terminated
            sink.append(.terminated)
        case (.accepted, .responseReceived(let response)):
            // RFC 6026 §7.2: retransmitted 2xx (or a 2xx from another fork) go to the TU.
            guard let code = response.statusCode, (200...299).contains(code) else { return }
            sink.append(.passToTU(response))
        default:
            return
        }
    }

    private mutating func receive<Sink: SIPTransactionActionSink>(_ response: SIPMessage, into sink: inout Sink) {
        guard started, let code = response.statusCode else { return }
        switch code {
        case 100...199:
            if state == .calling {
                // No retransmissions in Proceeding; Timer B only guards Calling (Figure 5).
                sink.append(.cancelTimer(.a))
                sink.append(.cancelTimer(.b))
                state = .proceeding
            }
            sink.append(.passToTU(response))
        case 200...299:
            state = .accepted
            sink.append(.cancelTimer(.a))
            sink.append(.cancelTimer(.b))
            sink.append(.passToTU(response))
            sink.append(.startTimer(.m, timers.initial(.m, reliable: isReliable)))
        default:
            let ack = Self.makeACK(for: request, response: response)
            self.ack = ack
            sink.append(.cancelTimer(.a))
            sink.append(.cancelTimer(.b))
            if let ack { sink.append(.send(ack)) }
            sink.append(.passToTU(response))
            let d = timers.initial(.d, reliable: isReliable)
            if d == .zero {
                state = .terminated
                sink.append(.terminated)
            } else {
                state = .completed
                sink.append(.startTimer(.d, d))
            }
        }
    }
}
