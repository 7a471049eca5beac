/// A STUN client transaction as a pure state machine (RFC 8489 §6.2.1 over UDP, §6.2.2 over
/// TCP/TLS, §6.3.3 for responses).
///
/// It holds the encoded request and the retransmission schedule; it never reads a clock. The
/// driver feeds ``STUNClientTransactionEvent``s and performs the returned
/// ``STUNClientTransactionAction``s in order: send bytes, arm or disarm one timer, report the
/// outcome. Timer firings arriving after the end are ignored, so a late firing is harmless.
///
/// ```swift
/// var machine = STUNClientTransactionStateMachine(request: request, bytes: datagram)
/// perform(machine.handle(.start))          // [.send(datagram), .startTimer(after: 500 ms)]
/// // when the timer fires:
/// perform(machine.handle(.timerFired))     // [.send(datagram), .startTimer(after: 1 s)]
/// // when a datagram decodes to a response with this transaction ID and passes its checks:
/// perform(machine.handle(.response(message)))  // [.cancelTimer, .complete(message)]
/// ```
public struct STUNClientTransactionStateMachine: Sendable {
    /// Where the transaction is.
    public enum State: Sendable, Hashable {
        /// Not started.
        case idle
        /// Request sent, waiting for a response (retransmitting over UDP).
        case waiting
        /// A response ended the transaction.
        case completed
        /// No response came in time.
        case timedOut
    }

    /// The transaction ID responses are matched on.
    public let transactionID: STUNTransactionID
    /// The encoded request sent on every (re)transmission.
    public let requestBytes: [UInt8]
    /// The retransmission parameters.
    public let configuration: STUNClientTransactionConfiguration
    /// The current state.
    public private(set) var state: State = .idle
    /// The number of requests sent so far.
    public private(set) var requestsSent = 0
    /// The RTO that will follow the next retransmission (the current timer's duration while
    /// retransmitting).
    public private(set) var currentRTO: Duration
    /// Whether ``STUNClientTransactionEvent/cancelRetransmissions`` was received.
    public private(set) var retransmissionsCancelled = false

    /// Creates a transaction for request bytes already encoded, with its transaction ID.
    public init(
        transactionID: STUNTransactionID, requestBytes: [UInt8],
        configuration: STUNClientTransactionConfiguration = .default
    ) {
        self.transactionID = transactionID
        self.requestBytes = requestBytes
        self.configuration = configuration
        self.currentRTO = configuration.initialRTO
    }

    /// Creates a transaction for `request` encoded as `bytes`.
    public init(
        request: STUNMessage, bytes: [UInt8], configuration: STUNClientTransactionConfiguration = .default
    ) {
        self.init(transactionID: request.transactionID, requestBytes: bytes, configuration: configuration)
    }

    /// Whether the transaction has ended (completed or timed out).
    public var isFinished: Bool { state == .completed || state == .timedOut }

    /// Feeds one input and returns what to do, in order.
    public mutating func handle(_ event: STUNClientTransactionEvent) -> [STUNClientTransactionAction] {
        switch event {
        case .start:
            guard state == .idle else { return [] }
            state = .waiting
            requestsSent = 1
            if configuration.isReliable {
                return [.send(requestBytes), .startTimer(after: configuration.reliableTimeout)]
            }
            return [.send(requestBytes), .startTimer(after: waitAfterCurrentRequest())]
        case .response(let message):
            guard state == .waiting, message.transactionID == transactionID,
                  message.messageClass.isResponse else { return [] }
            state = .completed
            return [.cancelTimer, .complete(message)]
        case .timerFired:
            return timerFired()
        case .cancelRetransmissions:
            guard state == .waiting else { return [] }
            retransmissionsCancelled = true
            return []
        }
    }

    /// Retransmits, or times out after the last wait (RFC 8489 §6.2.1).
    private mutating func timerFired() -> [STUNClientTransactionAction] {
        guard state == .waiting else { return [] }
        if configuration.isReliable || requestsSent >= max(1, configuration.maximumRequests) {
            state = .timedOut
            return [.timeout]
        }
        currentRTO = configuration.nextRTO(after: currentRTO)
        requestsSent += 1
        let wait = waitAfterCurrentRequest()
        if retransmissionsCancelled {
            return [.startTimer(after: wait)]
        }
        return [.send(requestBytes), .startTimer(after: wait)]
    }

    /// The wait after the request just sent: the current RTO, or Rm × the initial RTO after
    /// the last one.
    private func waitAfterCurrentRequest() -> Duration {
        if requestsSent >= max(1, configuration.maximumRequests) {
            return configuration.initialRTO * max(0, configuration.lastWaitMultiplier)
        }
        return currentRTO
    }
}
