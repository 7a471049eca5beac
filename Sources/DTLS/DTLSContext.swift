import COpenSSL

/// The process-wide OpenSSL objects every ``DTLSConnection`` shares: one `SSL_CTX` with the
/// WebRTC DTLS profile (RFC 8827 §6.5: DTLS 1.2, ECDHE, AEAD ciphers, mutual certificates)
/// and the `BIO_METHOD` of the Swift datagram BIO. Per-connection settings (certificate,
/// use_srtp profiles, MTU, timer) go on each `SSL`.
final class DTLSContext: @unchecked Sendable {
    /// The shared context, created on first use (thread-safe lazy global).
    static let shared = Result<DTLSContext, DTLSError> { () throws(DTLSError) in try DTLSContext() }

    /// ECDHE with ECDSA (WebRTC's certificates) or RSA (older SIP gateways), AEAD first.
    static let cipherList = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
        "ECDHE-ECDSA-AES128-SHA", "ECDHE-RSA-AES128-SHA", "ECDHE-ECDSA-AES256-SHA", "ECDHE-RSA-AES256-SHA",
    ].joined(separator: ":")
    /// ECDHE groups (RFC 8422 §5.1.1).
    static let groups = "X25519:P-256"

    /// `SSL_CTX*`, never freed while the process runs.
    let context: OpaquePointer
    /// `BIO_METHOD*` of the datagram BIO.
    let bioMethod: OpaquePointer

    private init() throws(DTLSError) {
        DTLSOpenSSL.clearErrors()
        let method = try DTLSOpenSSL.check(BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "swift-dtls-datagram"),
                                           "BIO_meth_new")
        guard let context = SSL_CTX_new(DTLS_method()) else {
            BIO_meth_free(method)
            throw .openSSL(call: "SSL_CTX_new", detail: DTLSOpenSSL.drainErrors())
        }
        do {
            try Self.configureBIO(method)
            try Self.configure(context)
        } catch {
            SSL_CTX_free(context)
            BIO_meth_free(method)
            throw error
        }
        self.context = context
        self.bioMethod = method
    }

    deinit {
        SSL_CTX_free(context)
        BIO_meth_free(bioMethod)
    }

    /// DTLS 1.2 only, our ciphers and groups, no tickets, no session cache, no renegotiation,
    /// and a required peer certificate accepted by its fingerprint (RFC 5763 §5).
    private static func configure(_ context: OpaquePointer) throws(DTLSError) {
        try DTLSOpenSSL.check(copenssl_SSL_CTX_set_min_proto_version(context, DTLS1_2_VERSION) == 1,
                              "SSL_CTX_set_min_proto_version")
        try DTLSOpenSSL.check(SSL_CTX_set_cipher_list(context, cipherList) == 1, "SSL_CTX_set_cipher_list")
        try DTLSOpenSSL.check(copenssl_SSL_CTX_set1_groups_list(context, groups) == 1, "SSL_CTX_set1_groups_list")
        _ = SSL_CTX_set_options(context, copenssl_SSL_OP_NO_TICKET() | copenssl_SSL_OP_NO_RENEGOTIATION()
                                    | copenssl_SSL_OP_NO_QUERY_MTU())
        _ = copenssl_SSL_CTX_set_session_cache_mode(context, copenssl_SSL_CTX_sess_cache_off())
        // Read and write buffers (about 34 KB per connection) are freed while idle: after the
        // handshake an association only wakes for close_notify or a peer's retransmission.
        _ = copenssl_SSL_CTX_set_mode(context, copenssl_SSL_MODE_RELEASE_BUFFERS())
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT) { preverified, store in
            DTLSContext.verify(preverified: preverified, store: store)
        }
    }

    /// The datagram BIO: one `BIO_write` is one datagram, one `BIO_read` takes one datagram.
    private static func configureBIO(_ method: OpaquePointer) throws(DTLSError) {
        let write = BIO_meth_set_write(method) { bio, data, length in
            guard let channel = DTLSContext.channel(of: bio), let data, length >= 0 else { return -1 }
            channel.write(UnsafeRawBufferPointer(start: data, count: Int(length)))
            return length
        }
        let read = BIO_meth_set_read(method) { bio, buffer, length in
            guard let bio else { return -1 }
            copenssl_BIO_clear_retry_flags(bio)
            guard let channel = DTLSContext.channel(of: bio), let buffer, length > 0 else { return -1 }
            guard let count = channel.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: Int(length))) else {
                copenssl_BIO_set_retry_read(bio)
                return -1
            }
            return Int32(count)
        }
        let control = BIO_meth_set_ctrl(method) { bio, command, _, _ in
            DTLSContext.control(bio: bio, command: command)
        }
        let create = BIO_meth_set_create(method) { bio in
            BIO_set_init(bio, 1)
            return 1
        }
        let destroy = BIO_meth_set_destroy(method) { bio in
            BIO_set_data(bio, nil)
            BIO_set_init(bio, 0)
            return 1
        }
        try DTLSOpenSSL.check(write == 1 && read == 1 && control == 1 && create == 1 && destroy == 1,
                              "BIO_meth_set_*")
    }

    /// The BIO's ctrl: flush succeeds, MTU queries get the connection's MTU, the overhead is 0
    /// (the MTU is the datagram size), pending is the queued datagram, everything else 0.
    private static func control(bio: OpaquePointer?, command: Int32) -> Int {
        switch command {
        case BIO_CTRL_FLUSH:
            return 1
        case BIO_CTRL_DGRAM_QUERY_MTU, BIO_CTRL_DGRAM_GET_FALLBACK_MTU, BIO_CTRL_DGRAM_GET_MTU:
            return channel(of: bio)?.mtu ?? 0
        case BIO_CTRL_PENDING:
            return channel(of: bio)?.pendingBytes ?? 0
        default:
            return 0   // WPENDING (nothing buffered), GET_MTU_OVERHEAD, SET_NEXT_TIMEOUT, KTLS, PUSH/POP
        }
    }

    /// The channel behind a BIO.
    static func channel(of bio: OpaquePointer?) -> DTLSDatagramChannel? {
        guard let bio, let data = BIO_get_data(bio) else { return nil }
        return Unmanaged<DTLSDatagramChannel>.fromOpaque(data).takeUnretainedValue()
    }

    /// The channel behind an `SSL` (through its BIO).
    static func channel(ofSSL ssl: OpaquePointer?) -> DTLSDatagramChannel? {
        guard let ssl else { return nil }
        return channel(of: SSL_get_rbio(ssl))
    }

    /// Accepts any certificate chain (self-signed is the norm) but rejects a leaf whose digest
    /// matches none of the expected fingerprints, so OpenSSL sends a fatal bad_certificate
    /// alert (RFC 5763 §5, RFC 8122 §5).
    private static func verify(preverified: Int32, store: OpaquePointer?) -> Int32 {
        guard let store,
              let sslPointer = X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()),
              let channel = channel(ofSSL: OpaquePointer(sslPointer)) else { return 0 }
        guard X509_STORE_CTX_get_error_depth(store) == 0,
              let certificate = X509_STORE_CTX_get_current_cert(store) else { return 1 }
        switch DTLSDigest.match(certificate, against: channel.expectedFingerprints) {
        case .success:
            return 1
        case .failure(let mismatch):
            channel.verificationFailure = mismatch
            X509_STORE_CTX_set_error(store, X509_V_ERR_CERT_REJECTED)
            return 0
        }
    }
}
