import CSRTP

/// One libsrtp session for one direction, covering RTP and RTCP of any SSRC
/// (RFC 3711 §3.2; libsrtp `ssrc_any_outbound` / `ssrc_any_inbound`), with replay
/// protection over a 1024-packet window (RFC 3711 §3.3.2).
///
/// All four operations work in place on the caller's buffer and neither allocate nor copy
/// (libsrtp allocates once per new SSRC). Failures are counted in `statistics` and thrown;
/// the caller drops the packet. Not `Sendable`: confine a session to its owner (one event loop).
public final class SRTPSession {
    /// The protection profile the session was keyed for.
    public let profile: SRTPProfile
    /// Whether the session protects (outbound) or unprotects (inbound).
    public let direction: SRTPDirection
    /// The most bytes libsrtp may ever append to a packet, MKI included (`SRTP_MAX_TRAILER_LEN`).
    /// Without MKI, as here, `profile.rtpTagLength` / `profile.rtcpTrailerLength` is the exact bound.
    public static let maximumTrailerLength = Int(SRTP_MAX_TRAILER_LEN)
    /// Replay window size in packets (RFC 3711 §3.3.2 requires at least 64).
    public static let replayWindowSize = 1024
    /// What the session has protected, unprotected and refused.
    public private(set) var statistics = SRTPStatistics()

    private let context: OpaquePointer

    /// Creates a session from the master key and master salt (RFC 3711 §8.2; for DTLS-SRTP
    /// the halves of the exported keying material, RFC 5764 §4.2).
    ///
    /// - Throws: `.invalidKeyLength` when a length does not match the profile, `.libsrtp`
    ///   when `srtp_init` or `srtp_create` fails.
    public init(profile: SRTPProfile, direction: SRTPDirection, masterKey: [UInt8],
                masterSalt: [UInt8]) throws(SRTPError) {
        guard masterKey.count == profile.keyLength else {
            throw .invalidKeyLength(expected: profile.keyLength, actual: masterKey.count)
        }
        guard masterSalt.count == profile.saltLength else {
            throw .invalidKeyLength(expected: profile.saltLength, actual: masterSalt.count)
        }
        try SRTPLibrary.initialize()
        self.profile = profile
        self.direction = direction

        var policy = srtp_policy_t()
        switch profile {
        case .aeadAES128GCM:
            srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtp)
            srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtcp)
        case .aes128CMHMACSHA1_80:
            srtp_crypto_policy_set_rtp_default(&policy.rtp)
            srtp_crypto_policy_set_rtcp_default(&policy.rtcp)
        }
        policy.ssrc.type = direction == .outbound ? ssrc_any_outbound : ssrc_any_inbound
        policy.window_size = UInt(Self.replayWindowSize)
        policy.allow_repeat_tx = 0

        var material = masterKey + masterSalt
        var created: OpaquePointer?
        let status = material.withUnsafeMutableBufferPointer { key in
            policy.key = key.baseAddress
            defer { policy.key = nil }
            return srtp_create(&created, &policy)
        }
        for index in material.indices { material[index] = 0 }
        try SRTPLibrary.check(status, "srtp_create")
        guard let created else {
            throw .libsrtp(call: "srtp_create", status: Int32(truncatingIfNeeded: srtp_err_status_fail.rawValue))
        }
        context = created
    }

    deinit {
        _ = srtp_dealloc(context)
    }

    /// Protects the RTP packet in `buffer[0..<length]` in place (RFC 3711 §3.1, RFC 7714 §7.1):
    /// encrypts the payload and appends the tag. `buffer` needs `length + profile.rtpTagLength`
    /// bytes. Returns the SRTP length.
    public func protectRTP(_ buffer: UnsafeMutableRawBufferPointer, length: Int) throws(SRTPError) -> Int {
        try perform(.protectRTP, buffer, length: length)
    }

    /// Verifies and decrypts the SRTP packet in `buffer[0..<length]` in place (RFC 3711 §3.3,
    /// RFC 7714 §7.2). Returns the RTP length (the tag removed).
    public func unprotectRTP(_ buffer: UnsafeMutableRawBufferPointer, length: Int) throws(SRTPError) -> Int {
        try perform(.unprotectRTP, buffer, length: length)
    }

    /// Protects the RTCP compound packet in `buffer[0..<length]` in place (RFC 3711 §3.4,
    /// RFC 7714 §9.1). `buffer` needs `length + profile.rtcpTrailerLength` bytes. Returns
    /// the SRTCP length.
    public func protectRTCP(_ buffer: UnsafeMutableRawBufferPointer, length: Int) throws(SRTPError) -> Int {
        try perform(.protectRTCP, buffer, length: length)
    }

    /// Verifies and decrypts the SRTCP packet in `buffer[0..<length]` in place (RFC 3711 §3.4,
    /// RFC 7714 §9.2). Returns the RTCP length (index and tag removed).
    public func unprotectRTCP(_ buffer: UnsafeMutableRawBufferPointer, length: Int) throws(SRTPError) -> Int {
        try perform(.unprotectRTCP, buffer, length: length)
    }

    // MARK: - One path for the four operations

    private enum Operation {
        case protectRTP, unprotectRTP, protectRTCP, unprotectRTCP
    }

    private func perform(_ operation: Operation, _ buffer: UnsafeMutableRawBufferPointer,
                         length: Int) throws(SRTPError) -> Int {
        do throws(SRTPError) {
            let result = try call(operation, buffer, length: length)
            switch operation {
            case .protectRTP: statistics.protectedRTP += 1
            case .unprotectRTP: statistics.unprotectedRTP += 1
            case .protectRTCP: statistics.protectedRTCP += 1
            case .unprotectRTCP: statistics.unprotectedRTCP += 1
            }
            return result
        } catch {
            switch error {
            case .authenticationFailed: statistics.authenticationFailures += 1
            case .replayed: statistics.replayDrops += 1
            default: statistics.otherFailures += 1
            }
            throw error
        }
    }

    private func call(_ operation: Operation, _ buffer: UnsafeMutableRawBufferPointer,
                      length: Int) throws(SRTPError) -> Int {
        let outbound = operation == .protectRTP || operation == .protectRTCP
        guard outbound == (direction == .outbound) else { throw .wrongDirection(direction) }
        guard length >= 0, length <= buffer.count, let base = buffer.baseAddress else {
            throw .bufferTooSmall(needed: max(length, 0), capacity: buffer.count)
        }
        let minimum: Int
        switch operation {
        case .protectRTP, .unprotectRTP:
            guard let header = SRTPLibrary.rtpHeaderLength(buffer, length: length) else { throw .tooShort }
            minimum = operation == .protectRTP ? header : header + profile.rtpTagLength
        case .protectRTCP:
            minimum = SRTPLibrary.rtcpHeaderLength
        case .unprotectRTCP:
            minimum = SRTPLibrary.rtcpHeaderLength + profile.rtcpTrailerLength
        }
        guard length >= minimum else { throw .tooShort }
        if outbound {
            let added = operation == .protectRTP ? profile.rtpTagLength : profile.rtcpTrailerLength
            guard buffer.count >= length + added else {
                throw .bufferTooSmall(needed: length + added, capacity: buffer.count)
            }
        }
        // A UDP datagram never comes near Int32.max; refuse rather than truncate.
        guard var size = Int32(exactly: length) else {
            throw .bufferTooSmall(needed: length, capacity: Int(Int32.max))
        }
        switch operation {
        case .protectRTP: try SRTPLibrary.check(srtp_protect(context, base, &size), "srtp_protect")
        case .unprotectRTP: try SRTPLibrary.check(srtp_unprotect(context, base, &size), "srtp_unprotect")
        case .protectRTCP: try SRTPLibrary.check(srtp_protect_rtcp(context, base, &size), "srtp_protect_rtcp")
        case .unprotectRTCP:
            try SRTPLibrary.check(srtp_unprotect_rtcp(context, base, &size), "srtp_unprotect_rtcp")
        }
        return Int(size)
    }
}
