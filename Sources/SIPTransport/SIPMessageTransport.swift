import SIPCore

/// What every SIP transport offers (RFC 3261 §18): send a message to an address, report what
/// arrives on one event stream, close.
///
/// The shape fits `SIPTransactionTransport` of the transaction layer: its `send` is the
/// non-blocking `send(_:to:)` here, with `SIPTransactionDestination(host: address.host,
/// port: address.port, transport: kind.viaTransport)` built from a received message's source.
/// (This module sits below the engines and does not import them.)
public protocol SIPMessageTransport: AnyObject, Sendable {
    /// The transport protocol.
    var kind: SIPTransportKind { get }
    /// The local address the transport is bound to or listens on; nil when it has none.
    var localAddress: SIPTransportAddress? { get }
    /// Received messages, keep-alives, connection changes and parse errors, in arrival order.
    /// Read it from one task; it ends after `close()`.
    var events: AsyncStream<SIPTransportEvent> { get }
    /// A snapshot of the transport's counters.
    var statistics: SIPTransportStatistics { get }

    /// Queues `message` for `address` without waiting; throws only what is known at once
    /// (closed transport, unusable address, oversize datagram). A later write failure is counted
    /// in `statistics.sendFailures`.
    func send(_ message: SIPMessage, to address: SIPTransportAddress) throws(SIPTransportError)

    /// Sends `message` to `address` and returns when it has been written to the socket.
    func write(_ message: SIPMessage, to address: SIPTransportAddress) async throws(SIPTransportError)

    /// Closes every socket and ends `events`.
    func close() async
}
