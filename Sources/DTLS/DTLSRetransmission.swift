/// The handshake retransmission schedule (RFC 6347 §4.2.4.1): the timer starts at ``initial``,
/// doubles after every retransmission up to ``maximum``, and the handshake fails with
/// ``DTLSError/handshakeTimeout`` when the timer fires after ``maxRetransmissions``
/// retransmissions of one flight.
///
/// Each retransmission carries fresh record sequence numbers, so a peer that already finished
/// the handshake still answers a repeated Finished (RFC 6347 §4.2.4). OpenSSL 3.0 gives at most
/// ``freshCopyLimit`` such copies per flight; retransmissions beyond that repeat the last copy.
public struct DTLSRetransmission: Sendable, Hashable {
    /// The first period, when a flight is sent (RFC 6347 §4.2.4.1: 1 s).
    public var initial: Duration
    /// The cap of the doubling (RFC 6347 §4.2.4.1: at least 60 s).
    public var maximum: Duration
    /// Retransmissions of one flight before the handshake fails.
    public var maxRetransmissions: Int

    /// Retransmissions of one flight that get fresh record sequence numbers (OpenSSL 3.0
    /// fails a handshake after 12 retransmissions of one flight, `DTLS1_TMO_ALERT_COUNT`).
    public static let freshCopyLimit = 12

    /// Creates a schedule; the defaults are RFC 6347's.
    public init(initial: Duration = .seconds(1), maximum: Duration = .seconds(60), maxRetransmissions: Int = 7) {
        self.initial = initial
        self.maximum = maximum
        self.maxRetransmissions = maxRetransmissions
    }

    /// The timer period after `count` retransmissions of the current flight:
    /// `min(initial × 2^count, maximum)`, never negative.
    public func timeout(afterRetransmissions count: Int) -> Duration {
        let cap = max(maximum, .zero)
        var period = min(max(initial, .zero), cap)
        var doublings = 0
        while doublings < count && period < cap && period > .zero {
            period = min(period * 2, cap)
            doublings += 1
        }
        return period
    }

    /// How many fresh copies of a flight to have OpenSSL make.
    var freshCopies: Int { min(max(maxRetransmissions, 0), Self.freshCopyLimit) }
}
