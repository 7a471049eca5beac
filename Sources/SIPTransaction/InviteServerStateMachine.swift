import SIPCore

/// The INVITE server transaction (RFC 3261 §17.2.1, Figure 7, as updated by RFC 6026 §7.1):
/// Proceeding → Completed (non-2xx, retransmitted with Timer G until the ACK) → Confirmed, or
/// Proceeding → Accepted (2xx; the TU retransmits it) → Terminated.
///
/// A pure value: `handle(_:)` returns the actions the owner performs. When the TU has not
/// answered within 200 ms the transaction sends `100 Trying` itself (§17.2.1). Timer G runs only
/// on unreliable transports; Timer I is zero on reliable ones.
public struct InviteServerStateMachine: Sendable {
    /// The states of Figure 7 plus Accepted from RFC 6026 §7.1.
    public enum State: Sendable, Hashable {
        /// The INVITE was passed to the TU; provisional responses are sent here.
        case proceeding
        /// A final non-2xx response was sent; retransmitting it until the ACK (Timer G, H).
        case completed
        /// The ACK arrived; absorbing ACK retransmissions until Timer I.
        case confirmed
        /// A 2xx was sent (RFC 6026); INVITE retransmissions are absorbed, ACKs go to the TU, until Timer L.
        case accepted
        /// Done; the owner removes the transaction.
        case terminated
    }

    /// The current state.
    public private(set) var state: State = .proceeding
    /// The INVITE that created the transaction.
    public let request: SIPMessage
    /// Whether the transport is reliable: no retransmissions, Timer I is 0.
    public let isReliable: Bool
    /// The timer values.
    public let timers: SIPTimerValues
    /// The most recent response sent (re-sent when the INVITE is retransmitted).
    public private(set) var lastResponse: SIPMessage?
    private var intervalG: Duration
    private var started = false

    /// Creates the transaction for a received INVITE; ``SIPServerTransactionEvent/start`` passes it to the TU.
    public init(request: SIPMessage, reliable: Bool, timers: SIPTimerValues = .rfc3261) {
        self.request = request
        self.isReliable = reliable
        self.timers = timers
        self.intervalG = timers.initial(.g, reliable: reliable)
    }

    /// Feeds one event and returns the actions to perform, in order (RFC 3261 §17.2.1, RFC 6026 §7.1).
    public mutating func handle(_ event: SIPServerTransactionEvent) -> [SIPTransactionAction] {
        var actions: [SIPTransactionAction] = []
        handle(event, into: &actions)
        return actions
    }

    /// Feeds one event and appends the actions to perform, in order, to `sink`.
    mutating func handle<Sink: SIPTransactionActionSink>(_ event: SIPServerTransactionEvent, into sink: inout Sink) {
        switch (state, event) {
        case (.proceeding, .start):
            guard !started else { return }
            started = true
            sink.append(.passToTU(request))
            sink.append(.startTimer(.provisional, timers.initial(.provisional, reliable: isReliable)))
        case (.proceeding, .timerFired(.provisional)):
            guard lastResponse == nil, let trying = try? SIPMessageBuilder.response(to: request, status: 100)
            else { return }
            lastResponse = trying
            sink.append(.send(trying))
        case (.proceeding, .requestRetransmitted), (.completed, .requestRetransmitted):
            guard let lastResponse else { return }
            sink.append(.send(lastResponse))
        case (.proceeding, .tuResponse(let response)):
            respond(response, into: &sink)
        case (.proceeding, .transportError), (.completed, .transportError):
            state = .terminated
            sink.append(.cancelTimer(.provisional))
            sink.append(.cancelTimer(.g))
            sink.append(.cancelTimer(.h))
            sink.append(.transportError)
            sink.append(.terminated)
        case (.completed, .timerFired(.g)):
            guard !isReliable, let lastResponse else { return }
            intervalG = timers.next(.g, after: intervalG)
            sink.append(.send(lastResponse))
            sink.append(.startTimer(.g, intervalG))
        case (.completed, .timerFired(.h)):
            state = .terminated
            sink.append(.cancelTimer(.g))
            sink.append(.timeout)
            sink.append(.terminated)
        case (.completed, .ackReceived):
            sink.append(.cancelTimer(.g))
            sink.append(.cancelTimer(.h))
            let i = timers.initial(.i, reliable: isReliable)
            if i == .zero {
                state = .terminated
                sink.append(.terminated)
            } else {
                state = .confirmed
                sink.append(.startTimer(.i, i))
            }
        case (.confirmed, .timerFired(.i)), (.accepted, .timerFired(.l)):
            state = .terminated
            sink.append(.terminated)
        case (.accepted, .ackReceived(let ack)):
            sink.append(.passToTU(ack))
        case (.accepted, .tuResponse(let response)):
            // RFC 6026 §7.1: the TU retransmits its 2xx through the transaction.
            guard let code = response.statusCode, (200...299).contains(code) else { return }
            lastResponse = response
            sink.append(.send(response))
        default:
            // Confirmed absorbs ACKs; Accepted absorbs INVITE retransmissions (RFC 6026 §7.1).
            return
        }
    }

    private mutating func respond<Sink: SIPTransactionActionSink>(_ response: SIPMessage, into sink: inout Sink) {
        guard started, let code = response.statusCode else { return }
        lastResponse = response
        sink.append(.cancelTimer(.provisional))
        sink.append(.send(response))
        switch code {
        case 100...199:
            break
        case 200...299:
            state = .accepted
            sink.append(.startTimer(.l, timers.initial(.l, reliable: isReliable)))
        default:
            state = .completed
            if !isReliable { sink.append(.startTimer(.g, intervalG)) }
            sink.append(.startTimer(.h, timers.initial(.h, reliable: isReliable)))
        }
    }
}
