import CSRTP

/// Process-wide libsrtp set-up and the one place its status codes become `SRTPError`s.
///
/// `srtp_init` must run once per process before any session exists; the `static let`
/// runs it exactly once, thread-safely, on first use.
enum SRTPLibrary {
    /// The status `srtp_init` returned, as its raw value.
    private static let initializationStatus: UInt32 = UInt32(truncatingIfNeeded: srtp_init().rawValue)

    /// Runs `srtp_init` the first time, and throws what it returned if that failed.
    static func initialize() throws(SRTPError) {
        try check(srtp_err_status_t(rawValue: .init(truncatingIfNeeded: initializationStatus)), "srtp_init")
    }

    /// Throws the `SRTPError` for a libsrtp status other than `srtp_err_status_ok`:
    /// `auth_fail` → `.authenticationFailed` (RFC 3711 §3.3 step 5), `replay_fail` /
    /// `replay_old` → `.replayed` (RFC 3711 §3.3.2), anything else → `.libsrtp(call:status:)`.
    @inline(__always)
    static func check(_ status: srtp_err_status_t, _ call: StaticString) throws(SRTPError) {
        if status == srtp_err_status_ok { return }
        switch status {
        case srtp_err_status_auth_fail:
            throw .authenticationFailed
        case srtp_err_status_replay_fail, srtp_err_status_replay_old:
            throw .replayed
        default:
            throw .libsrtp(call: call.description, status: Int32(truncatingIfNeeded: status.rawValue))
        }
    }

    /// Length of the RTP header at the start of `bytes` (12 + CSRCs + header extension,
    /// RFC 3550 §5.1, §5.3.1), or `nil` when `length` bytes cannot hold it.
    static func rtpHeaderLength(_ bytes: UnsafeMutableRawBufferPointer, length: Int) -> Int? {
        guard length >= 12, length <= bytes.count else { return nil }
        let first = bytes[0]
        var header = 12 + Int(first & 0x0F) * 4
        if first & 0x10 != 0 {
            guard length >= header + 4 else { return nil }
            let words = Int(bytes[header + 2]) << 8 | Int(bytes[header + 3])
            header += 4 + words * 4
        }
        return header <= length ? header : nil
    }

    /// Smallest RTCP packet: the common header and the sender SSRC (RFC 3550 §6.4).
    static let rtcpHeaderLength = 8
}
