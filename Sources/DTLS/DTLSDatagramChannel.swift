/// Per-connection state behind the Swift datagram BIO and OpenSSL's timer and verify
/// callbacks: one inbound datagram, the outbound datagrams, the retransmission copies of the
/// current flight, and the fingerprints the peer must match.
///
/// Retransmission (RFC 6347 §4.2.4) runs on the owner's clock, never OpenSSL's. OpenSSL 3.0
/// retransmits from its read path whenever its wall-clock timer has expired and fails the
/// handshake after 12 such retransmissions, so an always-expired timer cannot be used. Instead
/// the timer callback keeps the timer expired right after a flight is sent, long enough for
/// OpenSSL to write ``DTLSRetransmission/freshCopies`` retransmissions of the flight (each with
/// fresh record sequence numbers), which are captured here instead of sent; then it parks the
/// timer an hour ahead. ``retransmit()`` sends the next captured copy when the owner's timer fires.
final class DTLSDatagramChannel {
    /// What happens to OpenSSL's writes.
    private enum Capture {
        /// Writes are datagrams for the peer.
        case none
        /// Writes belong to the retransmission copy being captured.
        case copy
        /// Writes are a retransmission beyond the copies wanted; dropped.
        case discard
    }

    /// The period OpenSSL's timer is parked at once the copies exist (1 h, in µs).
    static let parkedTimer: UInt32 = 3_600_000_000
    /// The period that keeps OpenSSL's timer expired (its expiry check rounds < 15 ms to 0).
    static let expiredTimer: UInt32 = 1

    /// Largest datagram, reported to OpenSSL's MTU queries (RFC 6347 §4.1.1.1).
    let mtu: Int
    /// Retransmissions of one flight that OpenSSL is asked to prepare.
    let freshCopies: Int
    /// The peer datagram being received; set only for the duration of one `receive` call.
    var inbound: UnsafeRawBufferPointer?
    /// Fingerprints the peer's certificate must match (RFC 8122 §5).
    var expectedFingerprints: [DTLSFingerprint]
    /// The mismatch found by the verify callback, reported instead of OpenSSL's alert text.
    var verificationFailure: DTLSError?
    /// Datagrams OpenSSL wrote, in order, not yet handed to the owner.
    private var outbound: [[UInt8]] = []
    /// Retransmission copies of the current flight, each a list of datagrams.
    private var copies: [[[UInt8]]] = []
    private var capture = Capture.none
    /// Retransmissions of the current flight so far.
    private(set) var retransmissions = 0
    /// Whether a flight was sent or retransmitted since the last ``takeTimerRestarted()``.
    private var timerRestarted = false

    init(mtu: Int, expectedFingerprints: [DTLSFingerprint], freshCopies: Int) {
        self.mtu = mtu
        self.expectedFingerprints = expectedFingerprints
        self.freshCopies = freshCopies
    }

    /// One `BIO_write`: one datagram for the peer, or part of a retransmission copy.
    func write(_ datagram: UnsafeRawBufferPointer) {
        switch capture {
        case .none: outbound.append(Array(datagram))
        case .copy: copies[copies.count - 1].append(Array(datagram))
        case .discard: break
        }
    }

    /// One `BIO_read`: copies the pending datagram into `buffer` (truncating it to the buffer,
    /// which OpenSSL then rejects as a bad record) and returns its length, or nil when none is
    /// pending. Reading ends the capture of a retransmission copy.
    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        capture = .none
        guard let datagram = inbound, let base = buffer.baseAddress else { return nil }
        inbound = nil
        let count = min(datagram.count, buffer.count)
        if count > 0, let source = datagram.baseAddress {
            base.copyMemory(from: source, byteCount: count)
        }
        return count
    }

    /// Bytes of the pending datagram (`BIO_CTRL_PENDING`).
    var pendingBytes: Int { inbound?.count ?? 0 }

    /// OpenSSL's timer callback (`DTLS_set_timer_cb`): `previous` is 0 when a flight starts,
    /// otherwise OpenSSL is about to retransmit the flight. Returns the next period in µs.
    func timerCallback(previous: UInt32) -> UInt32 {
        if previous == 0 {
            copies.removeAll(keepingCapacity: true)
            capture = .none
            retransmissions = 0
            timerRestarted = true
            return freshCopies > 0 ? Self.expiredTimer : Self.parkedTimer
        }
        if copies.count < freshCopies {
            copies.append([])
            capture = .copy
        } else {
            capture = .discard
        }
        return copies.count >= freshCopies ? Self.parkedTimer : Self.expiredTimer
    }

    /// Whether the current flight still lacks the retransmission copies OpenSSL was asked for
    /// (it writes them the next time it reads).
    var lacksCopies: Bool { copies.isEmpty && freshCopies > 0 }

    /// Queues the next retransmission of the current flight (the last copy again once the
    /// fresh ones are used up) and counts it.
    func retransmit() {
        if !copies.isEmpty {
            outbound.append(contentsOf: copies[min(retransmissions, copies.count - 1)])
        }
        retransmissions += 1
        timerRestarted = true
    }

    /// Drops the retransmission state (the handshake ended).
    func forgetFlight() {
        copies.removeAll()
        capture = .none
    }

    /// Ends one call into the engine: no datagram stays pending and no capture continues.
    func endCall() {
        inbound = nil
        capture = .none
    }

    /// The datagrams written since the last call, emptied.
    func takeOutbound() -> [[UInt8]] {
        var datagrams: [[UInt8]] = []
        swap(&datagrams, &outbound)
        return datagrams
    }

    /// Whether the timer restarted since the last call, reset.
    func takeTimerRestarted() -> Bool {
        defer { timerRestarted = false }
        return timerRestarted
    }
}
