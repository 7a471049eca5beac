import SIPCore
import SIPTransaction
import SIPTransport

/// Joins a `SIPMessageTransport` (i/o) to a `SIPTransactionLayer` (engines): RFC 3261 §18 below
/// §17.
///
/// Outgoing, it is the layer's `SIPTransactionTransport`: `send(_:to:)` queues the message on
/// the transport for the destination's host and port. Incoming, ``pump(into:)`` reads the
/// transport's `events` and hands each received message to
/// `SIPTransactionLayer.receive(_:from:)` with its source as a `SIPTransactionDestination`
/// (host, port and the transport's Via name, RFC 3261 §18.2.1); connection changes are
/// re-published on ``events`` for the owner (the Plivo SDK's `onConnectionChange`).
public final class SIPTransportBridge: SIPTransactionTransport, Sendable {
    /// What the bridge reports besides the messages it hands to the layer.
    public enum Event: Sendable, Hashable {
        /// A connection of the transport changed state (TCP, TLS, WebSocket only).
        case connectionState(SIPConnectionState, peer: SIPTransportAddress)
    }

    /// The transport messages are sent on and received from.
    public let transport: any SIPMessageTransport
    /// Connection changes in arrival order; ends when the transport's events end (after its
    /// `close()`), once ``pump(into:)`` has seen the end.
    public let events: AsyncStream<Event>
    private let sink: AsyncStream<Event>.Continuation

    /// Creates a bridge over `transport`. Nothing is read until ``pump(into:)`` runs.
    public init(transport: any SIPMessageTransport) {
        self.transport = transport
        (events, sink) = AsyncStream.makeStream(of: Event.self)
    }

    /// The transaction destination of a peer at `address` on this transport.
    public func destination(for address: SIPTransportAddress) -> SIPTransactionDestination {
        SIPTransactionDestination(host: address.host, port: address.port, transport: transport.kind.viaTransport)
    }

    /// Queues `message` for the destination's host and port without waiting; throws the
    /// transport's `SIPTransportError` when that is known at once (RFC 3261 §17.1.4).
    public func send(_ message: SIPMessage, to destination: SIPTransactionDestination) throws {
        try transport.send(message, to: SIPTransportAddress(host: destination.host, port: destination.port))
    }

    /// Reads the transport's events until they end: messages go to `layer`, connection changes
    /// to ``events``; keep-alives and parse errors are left to the transport's counters. Call it
    /// once, from one task (the transport's `events` has one reader); it returns after the
    /// transport is closed and then finishes ``events``.
    public func pump(into layer: SIPTransactionLayer) async {
        for await event in transport.events {
            switch event {
            case .message(let message, let source):
                await layer.receive(message, from: destination(for: source))
            case .connectionState(let state, let peer):
                sink.yield(.connectionState(state, peer: peer))
            case .keepAlive, .parseError:
                break
            }
        }
        sink.finish()
    }
}
