import COpenSSL

/// One DTLS 1.2 association with the use_srtp extension (RFC 6347, RFC 5764), for DTLS-SRTP
/// key agreement authenticated by SDP fingerprints (RFC 5763).
///
/// A sans-I/O engine over system OpenSSL: datagrams from the peer go in through
/// ``receive(_:)-(UnsafeRawBufferPointer)``, timer firings through ``handleTimeout()``, and
/// every call returns a ``DTLSOutput`` with the datagrams to send, the events, and when to
/// call ``handleTimeout()`` next. It never owns a socket and never reads a clock.
///
/// Not Sendable: the owner confines it to one thread or event loop. Peer input never traps;
/// anything OpenSSL rejects is either dropped (bad records, RFC 6347 §4.1.2.7) or fails the
/// connection with a ``DTLSError``.
public final class DTLSConnection {
    /// Our side of the handshake.
    public let role: DTLSRole
    /// The retransmission schedule.
    public let retransmission: DTLSRetransmission
    /// Where the association is.
    public internal(set) var state: DTLSState = .new
    /// The peer certificate's fingerprint (with the hash of the expected fingerprint that
    /// matched), once the handshake finished.
    public internal(set) var peerFingerprint: DTLSFingerprint?
    /// The exported SRTP keys, once connected (RFC 5764 §4.2).
    public internal(set) var keyingMaterial: DTLSSRTPKeyingMaterial?

    /// The fingerprints from the peer's `a=fingerprint` lines (RFC 8122 §5); the peer's
    /// certificate must match one. May be set after creation (e.g. when the SDP answer arrives
    /// after the ClientHello), as long as it is before the peer's certificate arrives.
    public var remoteFingerprints: [DTLSFingerprint] {
        get { channel.expectedFingerprints }
        set { channel.expectedFingerprints = newValue }
    }

    /// `SSL*`, freed in deinit (which also frees its BIO).
    let ssl: OpaquePointer
    /// Whether OpenSSL's record buffers are given back (``restBuffers()``).
    var buffersReleased = false
    /// State shared with the BIO and OpenSSL's callbacks.
    let channel: DTLSDatagramChannel
    /// Kept so the key and certificate outlive the `SSL` that references them.
    let certificate: DTLSCertificate
    /// Events of the current call.
    var events: [DTLSEvent] = []
    /// Reused buffer for `SSL_read` (RFC 6347 §4.1: at most 2^14 bytes of plaintext per record).
    /// Whether close_notify has been sent.
    var sentCloseNotify = false

    /// Creates a connection. `profiles` are offered (client) or accepted (server) in this order
    /// of preference, the server's order deciding (RFC 5764 §4.1.1); an empty list does not
    /// offer use_srtp, so the handshake ends in ``DTLSError/noSRTPProfile``. `mtu` (at least
    /// 256) bounds every handshake datagram.
    public init(role: DTLSRole, certificate: DTLSCertificate, remoteFingerprints: [DTLSFingerprint],
                mtu: Int = 1200, profiles: [DTLSSRTPProfile] = [.aeadAES128GCM, .aes128CMSHA1_80],
                retransmission: DTLSRetransmission = .init()) throws(DTLSError) {
        let context = try DTLSContext.shared.get()
        let channel = DTLSDatagramChannel(mtu: mtu, expectedFingerprints: remoteFingerprints,
                                          freshCopies: retransmission.freshCopies)
        DTLSOpenSSL.clearErrors()
        let ssl = try DTLSOpenSSL.check(SSL_new(context.context), "SSL_new")
        do {
            try Self.configure(ssl, context: context, channel: channel, certificate: certificate, mtu: mtu,
                               profiles: profiles, role: role)
        } catch {
            SSL_free(ssl)
            throw error
        }
        self.role = role
        self.retransmission = retransmission
        self.ssl = ssl
        self.channel = channel
        self.certificate = certificate
    }

    deinit {
        SSL_free(ssl)
    }

    /// Starts the handshake. A client sends its ClientHello flight (RFC 6347 §4.2.4 flight 1);
    /// a server only begins waiting, so its output is empty.
    public func start() -> DTLSOutput {
        guard state == .new else { return output() }
        state = .handshaking
        if role == .client { advanceHandshake() }
        return output()
    }

    /// Handles one datagram from the peer, which may hold several records (RFC 6347 §4.1).
    /// Records OpenSSL cannot authenticate or parse are dropped; a fatal problem fails the
    /// connection. Ignored once closed or failed; starts the handshake if still new.
    public func receive(_ datagram: UnsafeRawBufferPointer) -> DTLSOutput {
        if state == .new { _ = start() }
        guard state == .handshaking || state == .connected, !datagram.isEmpty else { return output() }
        channel.inbound = datagram
        if state == .handshaking { advanceHandshake() }
        if state == .connected {
            wakeBuffers()
            readApplicationData()
            restBuffers()
        }
        return output()
    }

    /// Gives OpenSSL's record buffers back while the association is idle (about 34 KB per
    /// connection; after the handshake, DTLS only wakes for close_notify, a peer's
    /// retransmission or application data). Every call that may read or write wakes them first:
    /// OpenSSL 3.0's DTLS alert path writes without allocating them again.
    func restBuffers() {
        guard state == .connected, !buffersReleased else { return }
        buffersReleased = SSL_free_buffers(ssl) == 1
    }

    /// Allocates the record buffers again before OpenSSL reads or writes.
    func wakeBuffers() {
        guard buffersReleased else { return }
        buffersReleased = SSL_alloc_buffers(ssl) != 1
    }

    /// Handles one datagram from the peer; see ``receive(_:)-(UnsafeRawBufferPointer)``.
    public func receive(_ datagram: [UInt8]) -> DTLSOutput {
        datagram.withUnsafeBytes { receive($0) }
    }

    /// The owner's timer fired: retransmits the last flight with the timer doubled
    /// (RFC 6347 §4.2.4.1), or fails with ``DTLSError/handshakeTimeout`` once
    /// ``DTLSRetransmission/maxRetransmissions`` retransmissions went unanswered. Does nothing
    /// when no flight is outstanding.
    public func handleTimeout() -> DTLSOutput {
        guard state == .handshaking, flightOutstanding else { return output() }
        if channel.retransmissions >= retransmission.maxRetransmissions {
            fail(.handshakeTimeout)
            return output()
        }
        // OpenSSL writes the copies when it next reads; it always has by now, but make sure.
        if channel.lacksCopies { advanceHandshake() }
        if state == .handshaking {
            channel.retransmit()
        }
        return output()
    }

    /// Sends one application_data record (RFC 6347 §4.1) holding `applicationData`. Only while
    /// connected; empty payloads and payloads over 16384 bytes (2^14, the record limit) are
    /// not sent.
    public func send(applicationData: [UInt8]) -> DTLSOutput {
        guard state == .connected, !applicationData.isEmpty, applicationData.count <= 16_384 else { return output() }
        wakeBuffers()
        defer { restBuffers() }
        DTLSOpenSSL.clearErrors()
        let written = applicationData.withUnsafeBytes { bytes in
            SSL_write(ssl, bytes.baseAddress, Int32(bytes.count))
        }
        if written <= 0 {
            let code = SSL_get_error(ssl, written)
            fail(.openSSL(call: "SSL_write", detail: DTLSOpenSSL.drainErrors(fallback: "SSL_get_error \(code)")))
        }
        return output()
    }

    /// Closes the association: sends close_notify once if connected (RFC 5246 §7.2.1) and moves
    /// to ``DTLSState/closed``. Later inputs are ignored.
    public func close() -> DTLSOutput {
        if state == .connected {
            wakeBuffers()
            sendCloseNotify()
        }
        state = .closed
        channel.forgetFlight()
        return output()
    }

    /// Whether OpenSSL waits for the peer's answer to a flight it sent (its timer runs).
    var flightOutstanding: Bool {
        var remaining = timeval()
        return copenssl_DTLSv1_get_timeout(ssl, &remaining) == 1
    }

    /// Collects what this call produced and resets the per-call state.
    func output() -> DTLSOutput {
        channel.endCall()
        let timeout = state == .handshaking && flightOutstanding
            ? retransmission.timeout(afterRetransmissions: channel.retransmissions) : nil
        let restarted = channel.takeTimerRestarted() && timeout != nil
        let result = DTLSOutput(datagrams: channel.takeOutbound(), events: events, timeout: timeout,
                                timerRestarted: restarted)
        events.removeAll(keepingCapacity: true)
        return result
    }
}
