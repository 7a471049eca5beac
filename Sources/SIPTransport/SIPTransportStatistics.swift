/// Counters a transport keeps; read them with the transport's `statistics` property.
public struct SIPTransportStatistics: Sendable, Hashable {
    /// Messages parsed and delivered.
    public var messagesReceived = 0
    /// Messages (and raw byte blocks) written to the socket.
    public var messagesSent = 0
    /// Writes that failed after being accepted.
    public var sendFailures = 0
    /// Inputs that did not parse or frame (over-limit inputs included).
    public var parseErrors = 0
    /// Inputs dropped for exceeding `SIPParserLimits` (a subset of `parseErrors`).
    public var oversizeDropped = 0
    /// Rejections (400/505) the transport sent itself for unparseable requests.
    public var rejectionsSent = 0
    /// Keep-alive pings and pongs received.
    public var keepAlivesReceived = 0
    /// Keep-alive pings and pongs sent.
    public var keepAlivesSent = 0
    /// Connections opened (accepted or connected).
    public var connectionsOpened = 0
    /// Connections closed.
    public var connectionsClosed = 0
    /// Events dropped because the owner did not read `events` fast enough.
    public var eventsDropped = 0

    /// All counters zero.
    public init() {}
}
