import SIPCore

/// What a transport reports to its owner, in arrival order, on its `events` stream.
public enum SIPTransportEvent: Sendable {
    /// A keep-alive received (RFC 5626 §3.5.1 CRLF keep-alives, or WebSocket ping/pong frames).
    public enum KeepAlive: Sendable, Hashable {
        /// A ping (`CRLFCRLF` or a WebSocket ping); a stream or WebSocket transport has already
        /// answered it with a pong.
        case ping
        /// A pong (`CRLF` or a WebSocket pong) answering a ping this side sent.
        case pong
    }

    /// A message parsed from a datagram, a stream or a WebSocket frame, with its source.
    case message(SIPMessage, from: SIPTransportAddress)
    /// A keep-alive from `from`.
    case keepAlive(KeepAlive, from: SIPTransportAddress)
    /// A connection to or from `peer` changed state (connection-oriented transports only).
    case connectionState(SIPConnectionState, peer: SIPTransportAddress)
    /// Received bytes that did not parse or frame; counted in `SIPTransportStatistics`.
    case parseError(SIPTransportParseFailure)
}
