import SIPCore

/// The non-INVITE server transaction (RFC 3261 §17.2.2, Figure 8): Trying → Proceeding →
/// Completed → Terminated.
///
/// A pure value: `handle(_:)` returns the actions the owner performs. Request retransmissions
/// are answered with the last response sent; Timer J is 64·T1 on unreliable transports and
/// zero (immediate termination) on reliable ones.
public struct NonInviteServerStateMachine: Sendable {
    /// The states of Figure 8.
    public enum State: Sendable, Hashable {
        /// The request was passed to the TU; nothing sent yet.
        case trying
        /// A provisional response was sent.
        case proceeding
        /// A final response was sent; answering retransmissions until Timer J.
        case completed
        /// Done; the owner removes the transaction.
        case terminated
    }

    /// The current state.
    public private(set) var state: State = .trying
    /// The request that created the transaction.
    public let request: SIPMessage
    /// Whether the transport is reliable: Timer J is 0.
    public let isReliable: Bool
    /// The timer values.
    public let timers: SIPTimerValues
    /// The most recent response sent.
    public private(set) var lastResponse: SIPMessage?
    private var started = false

    /// Creates the transaction for a received request; ``SIPServerTransactionEvent/start`` passes it to the TU.
    public init(request: SIPMessage, reliable: Bool, timers: SIPTimerValues = .rfc3261) {
        self.request = request
        self.isReliable = reliable
        self.timers = timers
    }

    /// Feeds one event and returns the actions to perform, in order (RFC 3261 §17.2.2).
    public mutating func handle(_ event: SIPServerTransactionEvent) -> [SIPTransactionAction] {
        var actions: [SIPTransactionAction] = []
        handle(event, into: &actions)
        return actions
    }

    /// Feeds one event and appends the actions to perform, in order, to `sink`.
    mutating func handle<Sink: SIPTransactionActionSink>(_ event: SIPServerTransactionEvent, into sink: inout Sink) {
        switch (state, event) {
        case (.trying, .start):
            guard !started else { return }
            started = true
            sink.append(.passToTU(request))
        case (.trying, .tuResponse(let response)), (.proceeding, .tuResponse(let response)):
            respond(response, into: &sink)
        case (.proceeding, .requestRetransmitted), (.completed, .requestRetransmitted):
            guard let lastResponse else { return }
            sink.append(.send(lastResponse))
        case (.proceeding, .transportError), (.completed, .transportError):
            state = .terminated
            sink.append(.cancelTimer(.j))
            sink.append(.transportError)
            sink.append(.terminated)
        case (.completed, .timerFired(.j)):
            state = .terminated
            sink.append(.terminated)
        default:
            // Trying absorbs retransmissions (§17.2.2); Completed ignores further TU responses.
            return
        }
    }

    private mutating func respond<Sink: SIPTransactionActionSink>(_ response: SIPMessage, into sink: inout Sink) {
        guard started, let code = response.statusCode else { return }
        lastResponse = response
        if code < 200 {
            state = .proceeding
            sink.append(.send(response))
            return
        }
        let j = timers.initial(.j, reliable: isReliable)
        sink.append(.send(response))
        if j == .zero {
            state = .terminated
            sink.append(.terminated)
            return
        }
        state = .completed
        sink.append(.startTimer(.j, j))
    }
}
