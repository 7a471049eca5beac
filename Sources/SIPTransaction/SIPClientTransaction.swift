import SIPCore

/// The TU's handle on a client transaction started with ``SIPTransactionLayer/sendRequest(_:to:)``
/// (RFC 3261 §17.1).
public struct SIPClientTransaction: Sendable {
    /// The transaction's key (top Via branch and method, RFC 3261 §17.1.3).
    public let key: SIPTransactionKey
    /// The request as sent (with the branch the layer added, if any).
    public let request: SIPMessage
    /// Responses and failures, in order; finishes when the transaction terminates.
    public let updates: AsyncStream<SIPClientTransactionUpdate>
}
