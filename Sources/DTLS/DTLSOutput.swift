/// What one call into a ``DTLSConnection`` produced: datagrams to send, events, and the timer.
///
/// The engine never owns a socket or reads a clock: the owner sends ``datagrams`` in order
/// (each one UDP datagram), handles ``events``, and arms its own timer from ``timeout``
/// (RFC 6347 §4.2.4, timer-driven retransmission).
public struct DTLSOutput: Sendable, Hashable {
    /// UDP datagrams for the peer, in order. Each is at most the connection's MTU during the
    /// handshake (RFC 6347 §4.1.1.1).
    public var datagrams: [[UInt8]]
    /// Events in the order they happened.
    public var events: [DTLSEvent]
    /// When non-nil, call ``DTLSConnection/handleTimeout()`` after this long; nil means no
    /// timer is needed (cancel any armed one).
    ///
    /// While a flight is outstanding every output repeats the running period; see
    /// ``timerRestarted`` to avoid re-arming it for unrelated inputs.
    public var timeout: Duration?
    /// True when ``timeout`` starts a new period (a flight was just sent or retransmitted);
    /// false when it repeats the period already running, so an owner may keep the timer it
    /// armed earlier and retransmissions stay on the RFC 6347 §4.2.4.1 schedule.
    public var timerRestarted: Bool

    /// Creates an output (normally made by ``DTLSConnection``).
    public init(datagrams: [[UInt8]] = [], events: [DTLSEvent] = [], timeout: Duration? = nil,
                timerRestarted: Bool = false) {
        self.datagrams = datagrams
        self.events = events
        self.timeout = timeout
        self.timerRestarted = timerRestarted
    }
}
