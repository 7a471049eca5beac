/// Why the transaction layer refused a request from the TU (RFC 3261 §17).
public enum SIPTransactionError: Error, Sendable, Hashable {
    /// The message is not a request, or has no Via or CSeq to key a transaction on (§17.1.3).
    case notKeyable
    /// ACK is never sent in a client transaction of its own (RFC 3261 §17.1.1.3, §13.2.2.4);
    /// send it with ``SIPTransactionLayer/sendWithoutTransaction(_:to:)``.
    case ackHasNoTransaction
    /// A transaction with this key already exists.
    case duplicateTransaction(SIPTransactionKey)
    /// No transaction with this key exists (it terminated or never existed).
    case noSuchTransaction(SIPTransactionKey)
    /// The message is not a response with a status code.
    case notAResponse
}
