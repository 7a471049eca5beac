import SIPCore

/// What the TU hears from the transaction layer outside client transactions (RFC 3261 §17.2,
/// §18.1.2).
public enum SIPTransactionLayerEvent: Sendable, Equatable {
    /// A new request created server transaction `key`; answer it with
    /// ``SIPTransactionLayer/respond(_:to:)`` (RFC 3261 §17.2.1, §17.2.2).
    case request(SIPMessage, key: SIPTransactionKey, from: SIPTransactionDestination)
    /// An ACK for a 2xx: one that reached an INVITE server transaction in Accepted (RFC 6026
    /// §7.1), or one that matched no transaction (RFC 3261 §17.2.3). The TU owns it.
    case ack(SIPMessage, from: SIPTransactionDestination)
    /// A response that matched no client transaction (RFC 3261 §18.1.2), e.g. a 2xx
    /// retransmission after Timer M.
    case strayResponse(SIPMessage, from: SIPTransactionDestination)
    /// Server transaction `key` gave up waiting for an ACK (Timer H, RFC 3261 §17.2.1).
    case timeout(SIPTransactionKey)
    /// The transport failed to send a response of server transaction `key` (RFC 3261 §17.2.4).
    case transportError(SIPTransactionKey)
}
