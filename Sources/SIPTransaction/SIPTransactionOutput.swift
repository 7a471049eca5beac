import SIPCore

/// What ``SIPTransactionCore`` asks its owner to do: the state machines' actions tagged with
/// their transaction, plus messages that match no transaction (RFC 3261 §17.1.3, §17.2.3).
public enum SIPTransactionOutput: Sendable, Equatable {
    /// Hand `message` to the transport for `destination`.
    case send(SIPMessage, to: SIPTransactionDestination, key: SIPTransactionKey)
    /// Arm `timer` of transaction `key` to fire after `duration`.
    case startTimer(SIPTransactionTimer, Duration, key: SIPTransactionKey)
    /// Disarm `timer` of transaction `key`.
    case cancelTimer(SIPTransactionTimer, key: SIPTransactionKey)
    /// Pass a response (client) or a request or an ACK (server) of transaction `key` to the TU;
    /// `from` is where the transaction's peer is.
    case passToTU(SIPMessage, key: SIPTransactionKey, from: SIPTransactionDestination)
    /// Transaction `key` timed out (Timer B, F or H).
    case timeout(SIPTransactionKey)
    /// The transport failed for transaction `key`.
    case transportError(SIPTransactionKey)
    /// Transaction `key` terminated and was removed.
    case terminated(SIPTransactionKey)
    /// A message no transaction matched, for the TU: a stray response (RFC 3261 §18.1.2) or an
    /// ACK for a 2xx (§17.2.3: it is not part of the INVITE transaction).
    case stray(SIPMessage, from: SIPTransactionDestination)
}
