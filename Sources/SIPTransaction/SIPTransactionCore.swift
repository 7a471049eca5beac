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
        guard let method = request.rawMethod.map({ $0.withUnsafeBufferPointer { SIPTransactionMethodCode.code($0) } }),
              let key = SIPTransactionKey.client(request) else { throw .notKeyable }
        guard method != SIPTransactionMethodCode.ack else { throw .ackHasNoTransaction }
        guard transactions[key] == nil else { throw .duplicateTransaction(key) }
        let reliable = destination.isReliable
        let machine: SIPTransactionMachine = method == SIPTransactionMethodCode.invite
            ? .inviteClient(InviteClientStateMachine(request: request, reliable: reliable, timers: timers))
            : .nonInviteClient(NonInviteClientStateMachine(request: request, reliable: reliable, timers: timers))
        start(machine, key: key, peer: destination, into: &outputs)
        return key
    }

    /// Dispatches a received message (RFC 3261 §17.1.3, §17.2.3): a response to its client
    /// transaction, an ACK to its INVITE server transaction, a retransmitted request to its
    /// server transaction; a new request creates a server transaction and goes to the TU.
    /// Messages without a Via or CSeq are dropped; unmatched responses and ACKs are `.stray`.
    public mutating func receive(_ message: SIPMessage, from source: SIPTransactionDestination,
                                 into outputs: inout [SIPTransactionOutput]) {
        guard let rawMethod = message.rawMethod else {
            guard let key = SIPTransactionKey.client(message), let index = transactions.index(forKey: key) else {
                outputs.append(.stray(message, from: source))
                return
            }
            dispatch(SIPClientTransactionEvent.responseReceived(message), at: index, key: key, into: &outputs)
            return
        }
        let (method, found) = rawMethod.withUnsafeBufferPointer { bytes -> (UInt8, SIPTransactionKey?) in
            let code = SIPTransactionMethodCode.code(bytes)
            let keyMethod = code == SIPTransactionMethodCode.ack
                ? SIPTransactionKey.MethodID(code: SIPTransactionMethodCode.invite)
                : SIPTransactionKey.MethodID(code: code, bytes: bytes)
            return (code, SIPTransactionKey.server(message, method: keyMethod))
        }
        guard let key = found else { return }
        let index = transactions.index(forKey: key)
        if method == SIPTransactionMethodCode.ack {
            guard let index, Self.isInviteServer(&transactions.values[index]) else {
                outputs.append(.stray(message, from: source))
                return
            }
            dispatch(SIPServerTransactionEvent.ackReceived(message), at: index, key: key, into: &outputs)
            return
        }
        if let index {
            dispatch(SIPServerTransactionEvent.requestRetransmitted, at: index, key: key, into: &outputs)
            return
        }
        let reliable = source.isReliable
        let machine: SIPTransactionMachine = method == SIPTransactionMethodCode.invite
            ? .inviteServer(InviteServerStateMachine(request: message, reliable: reliable, timers: timers))
            : .nonInviteServer(NonInviteServerStateMachine(request: message, reliable: reliable, timers: timers))
        start(machine, key: key, peer: source, into: &outputs)
    }

    /// Sends the TU's `response` through server transaction `key` (RFC 3261 §17.2.1, §17.2.2).
    public mutating func respond(_ response: SIPMessage, to key: SIPTransactionKey,
                                 into outputs: inout [SIPTransactionOutput]) throws(SIPTransactionError) {
        guard response.statusCode != nil else { throw .notAResponse }
        guard key.role == .server, let index = transactions.index(forKey: key) else { throw .noSuchTransaction(key) }
        dispatch(SIPServerTransactionEvent.tuResponse(response), at: index, key: key, into: &outputs)
    }

    /// Feeds a timer firing to transaction `key` (ignored when it has terminated).
    public mutating func timerFired(_ timer: SIPTransactionTimer, key: SIPTransactionKey,
                                    into outputs: inout [SIPTransactionOutput]) {
        guard let index = transactions.index(forKey: key) else { return }
        let terminated = Self.run(&transactions.values[index], key: key, into: &outputs) { machine, sink in
            machine.timerFired(timer, into: &sink)
        }
        if terminated { transactions.remove(at: index) }
    }

    /// Tells transaction `key` that the transport failed to send its message (RFC 3261 §17.1.4, §17.2.4).
    public mutating func transportFailed(key: SIPTransactionKey, into outputs: inout [SIPTransactionOutput]) {
        guard let index = transactions.index(forKey: key) else { return }
        let terminated = Self.run(&transactions.values[index], key: key, into: &outputs) { machine, sink in
            machine.transportFailed(into: &sink)
        }
        if terminated { transactions.remove(at: index) }
    }

    // MARK: Running the machines in place

    /// Releases the table's storage when no transaction is live.
    mutating func compactIfEmpty() {
        if transactions.isEmpty { transactions = [:] }
    }

    /// Starts a new transaction: feeds `.start` to `machine` and stores it unless it terminated.
    private mutating func start(_ machine: consuming SIPTransactionMachine, key: SIPTransactionKey,
                                peer: SIPTransactionDestination, into outputs: inout [SIPTransactionOutput]) {
        var entry = Entry(machine: machine, peer: peer)
        let terminated = Self.run(&entry, key: key, into: &outputs) { machine, sink in
            if machine.isClient {
                machine.handle(SIPClientTransactionEvent.start, into: &sink)
            } else {
                machine.handle(SIPServerTransactionEvent.start, into: &sink)
            }
        }
        if !terminated { transactions[key] = consume entry }
    }

    private mutating func dispatch(_ event: SIPClientTransactionEvent, at index: Dictionary<SIPTransactionKey, Entry>.Index,
                                   key: SIPTransactionKey, into outputs: inout [SIPTransactionOutput]) {
        let terminated = Self.run(&transactions.values[index], key: key, into: &outputs) { machine, sink in
            machine.handle(event, into: &sink)
        }
        if terminated { transactions.remove(at: index) }
    }

    private mutating func dispatch(_ event: SIPServerTransactionEvent, at index: Dictionary<SIPTransactionKey, Entry>.Index,
                                   key: SIPTransactionKey, into outputs: inout [SIPTransactionOutput]) {
        let terminated = Self.run(&transactions.values[index], key: key, into: &outputs) { machine, sink in
            machine.handle(event, into: &sink)
        }
        if terminated { transactions.remove(at: index) }
    }

    /// Runs `body` on the entry's machine in place with a sink appending to `outputs`; returns
    /// whether the transaction terminated (the caller then removes it).
    @inline(__always)
    private static func run(_ entry: inout Entry, key: SIPTransactionKey, into outputs: inout [SIPTransactionOutput],
                            _ body: (inout SIPTransactionMachine, inout OutputSink) -> Void) -> Bool {
        var sink = OutputSink(key: key, peer: entry.peer)
        swap(&sink.outputs, &outputs)
        body(&entry.machine, &sink)
        swap(&sink.outputs, &outputs)
        return sink.terminated
    }

    private static func isInviteServer(_ entry: inout Entry) -> Bool { entry.machine.isInviteServer }
}

/// Turns a machine's actions into the core's outputs for one transaction, appending directly to
/// the caller's list (no array per event); `.terminated` is noted so the core drops the entry.
struct OutputSink: SIPTransactionActionSink {
    var outputs: [SIPTransactionOutput] = []
    let key: SIPTransactionKey
    let peer: SIPTransactionDestination
    private(set) var terminated = false

    init(key: SIPTransactionKey, peer: SIPTransactionDestination) {
        self.key = key
        self.peer = peer
    }

    mutating func append(_ action: SIPTransactionAction) {
        switch action {
        case .send(let message): outputs.append(.send(message, to: peer, key: key))
        case .startTimer(let timer, let duration): outputs.append(.startTimer(timer, duration, key: key))
        case .cancelTimer(let timer): outputs.append(.cancelTimer(timer, key: key))
        case .passToTU(let message): outputs.append(.passToTU(message, key: key, from: peer))
        case .timeout: outputs.append(.timeout(key))
        case .transportError: outputs.append(.transportError(key))
        case .terminated:
            terminated = true
            outputs.append(.terminated(key))
        }
    }
}
