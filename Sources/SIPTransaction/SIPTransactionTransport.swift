import SIPCore

/// What the transaction layer needs from a transport (RFC 3261 §18): send one message to one
/// destination.
///
/// `send` must not block. A failure it knows about at once is thrown and becomes a transport
/// error of the transaction (RFC 3261 §17.1.4, §17.2.4). Received messages are handed to
/// ``SIPTransactionLayer/receive(_:from:)`` by the transport's owner.
public protocol SIPTransactionTransport: Sendable {
    /// Sends `message` to `destination`; throws when it cannot be sent.
    func send(_ message: SIPMessage, to destination: SIPTransactionDestination) throws
}
