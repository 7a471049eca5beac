import COpenSSL

extension DTLSConnection {
    /// Applies the per-connection settings to a new `SSL`: the datagram BIO, our certificate
    /// and key, the use_srtp profiles (RFC 5764 §4.1.1), the MTU (RFC 6347 §4.1.1.1), the timer
    /// callback and the role.
    static func configure(_ ssl: OpaquePointer, context: DTLSContext, channel: DTLSDatagramChannel,
                          certificate: DTLSCertificate, mtu: Int, profiles: [DTLSSRTPProfile],
                          role: DTLSRole) throws(DTLSError) {
        let bio = try DTLSOpenSSL.check(BIO_new(context.bioMethod), "BIO_new")
        BIO_set_data(bio, Unmanaged.passUnretained(channel).toOpaque())
        SSL_set_bio(ssl, bio, bio)
        try DTLSOpenSSL.check(SSL_use_certificate(ssl, certificate.certificate) == 1, "SSL_use_certificate")
        try DTLSOpenSSL.check(SSL_use_PrivateKey(ssl, certificate.privateKey) == 1, "SSL_use_PrivateKey")
        var names: [String] = []
        for profile in profiles where !names.contains(profile.openSSLName) {
            names.append(profile.openSSLName)
        }
        if !names.isEmpty {
            // SSL_set_tlsext_use_srtp returns 0 on success.
            try DTLSOpenSSL.check(SSL_set_tlsext_use_srtp(ssl, names.joined(separator: ":")) == 0,
                                  "SSL_set_tlsext_use_srtp")
        }
        _ = SSL_set_options(ssl, copenssl_SSL_OP_NO_QUERY_MTU())
        try DTLSOpenSSL.check(mtu >= 256 && mtu <= 65_507 && copenssl_SSL_set_mtu(ssl, mtu) > 0, "SSL_set_mtu(\(mtu))")
        DTLS_set_timer_cb(ssl) { ssl, previous in
            DTLSContext.channel(ofSSL: ssl)?.timerCallback(previous: previous) ?? DTLSDatagramChannel.parkedTimer
        }
        switch role {
        case .client: SSL_set_connect_state(ssl)
        case .server: SSL_set_accept_state(ssl)
        }
    }

    /// Runs the handshake as far as the input allows; on completion checks the peer and
    /// exports the keys, on failure reports why.
    func advanceHandshake() {
        DTLSOpenSSL.clearErrors()
        let result = SSL_do_handshake(ssl)
        if result == 1 {
            channel.forgetFlight()
            finishHandshake()
            return
        }
        let code = SSL_get_error(ssl, result)
        if code == SSL_ERROR_WANT_READ || code == SSL_ERROR_WANT_WRITE { return }
        let reason = DTLSOpenSSL.drainErrors(fallback: "SSL_do_handshake: SSL_get_error \(code)")
        fail(channel.verificationFailure ?? .handshakeFailed(reason))
    }

    /// Checks the peer certificate against the expected fingerprints (RFC 5763 §5) and the
    /// negotiated SRTP profile (RFC 5764 §4.1.1), exports the keys (RFC 5764 §4.2) and reports
    /// ``DTLSEvent/connected(_:)``.
    private func finishHandshake() {
        guard let peer = SSL_get1_peer_certificate(ssl) else {
            fail(.noPeerCertificate)
            sendCloseNotify()
            return
        }
        let match = DTLSDigest.match(peer, against: channel.expectedFingerprints)
        X509_free(peer)
        switch match {
        case .success(let fingerprint):
            peerFingerprint = fingerprint
        case .failure(let mismatch):
            fail(mismatch)
            sendCloseNotify()
            return
        }
        guard let selected = SSL_get_selected_srtp_profile(ssl),
              let profile = DTLSSRTPProfile(protectionProfileID: UInt16(truncatingIfNeeded: selected.pointee.id)) else {
            fail(.noSRTPProfile)
            sendCloseNotify()
            return
        }
        var exported = [UInt8](repeating: 0, count: 2 * (profile.keyLength + profile.saltLength))
        let label = "EXTRACTOR-dtls_srtp"
        let ok = exported.withUnsafeMutableBufferPointer { out in
            SSL_export_keying_material(ssl, out.baseAddress, out.count, label, label.utf8.count, nil, 0, 0)
        }
        guard ok == 1, let material = DTLSSRTPKeyingMaterial(profile: profile, role: role, exported: exported) else {
            fail(.openSSL(call: "SSL_export_keying_material", detail: DTLSOpenSSL.drainErrors()))
            sendCloseNotify()
            return
        }
        keyingMaterial = material
        state = .connected
        events.append(.connected(material))
    }

    /// Reads every application_data record OpenSSL has (RFC 6347 §4.1); handles the peer's
    /// close_notify (answered with ours) and fatal alerts.
    func readApplicationData() {
        while state == .connected {
            DTLSOpenSSL.clearErrors()
            // A stack buffer: application data is rare on an audio call, so no connection keeps
            // 16 KB for it.
            let (count, data) = withUnsafeTemporaryAllocation(byteCount: 16_384, alignment: 16) { buffer -> (Int32, [UInt8]) in
                let count = SSL_read(ssl, buffer.baseAddress, Int32(buffer.count))
                return (count, count > 0 ? Array(UnsafeRawBufferPointer(rebasing: buffer[0..<Int(count)])) : [])
            }
            if count > 0 {
                events.append(.applicationData(data))
                continue
            }
            let code = SSL_get_error(ssl, count)
            switch code {
            case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
                return
            case SSL_ERROR_ZERO_RETURN:
                sendCloseNotify()
                state = .closed
                events.append(.closedByPeer)
            default:
                fail(.openSSL(call: "SSL_read", detail: DTLSOpenSSL.drainErrors(fallback: "SSL_get_error \(code)")))
            }
        }
    }

    /// Sends close_notify (RFC 5246 §7.2.1) unless it was sent already.
    func sendCloseNotify() {
        guard !sentCloseNotify else { return }
        sentCloseNotify = true
        DTLSOpenSSL.clearErrors()
        _ = SSL_shutdown(ssl)
        DTLSOpenSSL.clearErrors()
    }

    /// Moves to ``DTLSState/failed`` and reports `error`.
    func fail(_ error: DTLSError) {
        state = .failed
        channel.forgetFlight()
        events.append(.failed(error))
    }
}
