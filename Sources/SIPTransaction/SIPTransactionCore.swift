import SIPCore

/// The synchronous heart of the transaction layer: the table of live transactions keyed by
/// ``SIPTransactionKey`` and the dispatch of messages, TU responses and timer firings to them
/// (RFC 3261 §17.1.3, §17.2.3).
///
/// A pure value with no clock, no transport and no concurrency: every call appends
/// ``SIPTransactionOutput``s for the owner to perform (``SIPTransactionLayer`` does so on an
/// injected clock and transport; a benchmark or a single-threaded server may drive it
/// directly). Terminated transactions are removed before the call returns.
public struct SIPTransactionCore: Sendable {
    struct Entry: Sendable {
        var machine: SIPTransactionMachine
        let peer: SIPTransactionDestination
    }

    /// The timer values every new transaction uses.
    public let timers: SIPTimerValues
    private var transactions: [SIPTransactionKey: Entry] = [:]

    /// Creates an empty core.
    public init(timers: SIPTimerValues = .rfc3261) {
        self.timers = timers
    }

    /// How many transactions are live.
    public var count: Int { transactions.count }

    /// Whether a transaction with this key is live (e.g. the INVITE a CANCEL targets, RFC 3261 §9.2).
    public func contains(_ key: SIPTransactionKey) -> Bool { transactions[key] != nil }

    /// Starts a client transaction for `request` to `destination` (RFC 3261 §17.1): INVITE gets
    /// the Figure 5 machine, any other method but ACK the Figure 6 machine. The request's top
    /// Via must carry the branch (``SIPTransactionLayer`` adds one when missing).
    public mutating func sendRequest(_ request: SIPMessage, to destination: SIPTransactionDestination,
                                     into outputs: inout [SIPTransactionOutput]) throws(SIPTransactionError)
        -> SIPTransactionKey {
        guard let method = request.method, let key = SIPTransactionKey.client(request) else { throw .notKeyable }
        guard method != .ack else { throw .ackHasNoTransaction }
        guard transactions[key] == nil else { throw .duplicateTransaction(key) }
        let reliable = destination.isReliable
        var machine: SIPTransactionMachine = method == .invite
            ? .inviteClient(InviteClientStateMachine(request: request, reliable: reliable, timers: timers))
            : .nonInviteClient(NonInviteClientStateMachine(request: request, reliable: reliable, timers: timers))
        let actions = machine.handle(SIPClientTransactionEvent.start)
        transactions[key] = Entry(machine: machine, peer: destination)
        perform(actions, key: key, peer: destination, into: &outputs)
        return key
    }

    /// Dispatches a received message (RFC 3261 §17.1.3, §17.2.3): a response to its client
    /// transaction, an ACK to its INVITE server transaction, a retransmitted request to its
    /// server transaction; a new request creates a server transaction and goes to the TU.
    /// Messages without a Via or CSeq are dropped; unmatched responses and ACKs are `.stray`.
    public mutating func receive(_ message: SIPMessage, from source: SIPTransactionDestination,
                                 into outputs: inout [SIPTransactionOutput]) {
        guard let method = message.method else {
            guard let key = SIPTransactionKey.client(message), transactions[key] != nil else {
                outputs.append(.stray(message, from: source))
                return
            }
            handle(SIPClientTransactionEvent.responseReceived(message), key: key, into: &outputs)
            return
        }
        guard let key = SIPTransactionKey.server(message) else { return }
        if method == .ack {
            guard let entry = transactions[key], entry.machine.isInviteServer else {
                outputs.append(.stray(message, from: source))
                return
            }
            handle(SIPServerTransactionEvent.ackReceived(message), key: key, into: &outputs)
            return
        }
        if transactions[key] != nil {
            handle(SIPServerTransactionEvent.requestRetransmitted, key: key, into: &outputs)
            return
        }
        let reliable = source.isReliable
        var machine: SIPTransactionMachine = method == .invite
            ? .inviteServer(InviteServerStateMachine(request: message, reliable: reliable, timers: timers))
            : .nonInviteServer(NonInviteServerStateMachine(request: message, reliable: reliable, timers: timers))
        let actions = machine.handle(SIPServerTransactionEvent.start)
        transactions[key] = Entry(machine: machine, peer: source)
        perform(actions, key: key, peer: source, into: &outputs)
    }

    /// Sends the TU's `response` through server transaction `key` (RFC 3261 §17.2.1, §17.2.2).
    public mutating func respond(_ response: SIPMessage, to key: SIPTransactionKey,
                                 into outputs: inout [SIPTransactionOutput]) throws(SIPTransactionError) {
        guard response.statusCode != nil else { throw .notAResponse }
        guard transactions[key] != nil, key.role == .server else { throw .noSuchTransaction(key) }
        handle(SIPServerTransactionEvent.tuResponse(response), key: key, into: &outputs)
    }

    /// Feeds a timer firing to transaction `key` (ignored when it has terminated).
    public mutating func timerFired(_ timer: SIPTransactionTimer, key: SIPTransactionKey,
                                    into outputs: inout [SIPTransactionOutput]) {
        guard let peer = transactions[key]?.peer,
              let actions = transactions[key]?.machine.timerFired(timer) else { return }
        perform(actions, key: key, peer: peer, into: &outputs)
    }

    /// Tells transaction `key` that the transport failed to send its message (RFC 3261 §17.1.4, §17.2.4).
    public mutating func transportFailed(key: SIPTransactionKey, into outputs: inout [SIPTransactionOutput]) {
        guard let peer = transactions[key]?.peer,
              let actions = transactions[key]?.machine.transportFailed() else { return }
        perform(actions, key: key, peer: peer, into: &outputs)
    }

    private mutating func handle(_ event: SIPClientTransactionEvent, key: SIPTransactionKey,
                                 into outputs: inout [SIPTransactionOutput]) {
        guard let peer = transactions[key]?.peer,
              let actions = transactions[key]?.machine.handle(event) else { return }
        perform(actions, key: key, peer: peer, into: &outputs)
    }

    private mutating func handle(_ event: SIPServerTransactionEvent, key: SIPTransactionKey,
                                 into outputs: inout [SIPTransactionOutput]) {
        guard let peer = transactions[key]?.peer,
              let actions = transactions[key]?.machine.handle(event) else { return }
        perform(actions, key: key, peer: peer, into: &outputs)
    }

    private mutating func perform(_ actions: [SIPTransactionAction], key: SIPTransactionKey,
                                  peer: SIPTransactionDestination, into outputs: inout [SIPTransactionOutput]) {
        for action in actions {
            switch action {
            case .send(let message): outputs.append(.send(message, to: peer, key: key))
            case .startTimer(let timer, let duration): outputs.append(.startTimer(timer, duration, key: key))
            case .cancelTimer(let timer): outputs.append(.cancelTimer(timer, key: key))
            case .passToTU(let message): outputs.append(.passToTU(message, key: key, from: peer))
            case .timeout: outputs.append(.timeout(key))
            case .transportError: outputs.append(.transportError(key))
            case .terminated:
                transactions[key] = nil
                outputs.append(.terminated(key))
            }
        }
    }
}
