/// Where a state machine writes its actions (RFC 3261 §17): an array for the public
/// `handle(_:) -> [SIPTransactionAction]`, or the core's output list directly, so the hot path
/// allocates no array per event.
protocol SIPTransactionActionSink {
    mutating func append(_ action: SIPTransactionAction)
}

extension Array: SIPTransactionActionSink where Element == SIPTransactionAction {}
