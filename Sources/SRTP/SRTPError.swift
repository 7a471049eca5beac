/// Why an SRTP operation failed (RFC 3711 §3.3, §3.4; libsrtp status codes otherwise).
public enum SRTPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The master key or salt has the wrong length for the profile (RFC 3711 §8.2, RFC 7714 §12).
    case invalidKeyLength(expected: Int, actual: Int)
    /// The buffer cannot hold the packet plus the trailer `protect` appends.
    case bufferTooSmall(needed: Int, capacity: Int)
    /// The authentication tag did not verify (RFC 3711 §3.3 step 5, RFC 7714 §7.2).
    case authenticationFailed
    /// The packet index was seen before or is behind the replay window (RFC 3711 §3.3.2).
    case replayed
    /// Fewer bytes than an RTP/RTCP header (with its CSRCs and extension) plus the trailer.
    case tooShort
    /// A libsrtp call returned another `srtp_err_status_t`.
    case libsrtp(call: String, status: Int32)
    /// `protect` on an inbound session or `unprotect` on an outbound one (RFC 3711 §3.2.3:
    /// a context serves one direction); carries the session's direction.
    case wrongDirection(SRTPDirection)

    /// One line naming the problem.
    public var description: String {
        switch self {
        case .invalidKeyLength(let expected, let actual):
            "SRTP key material is \(actual) bytes, the profile needs \(expected)"
        case .bufferTooSmall(let needed, let capacity):
            "SRTP buffer holds \(capacity) bytes, \(needed) needed"
        case .authenticationFailed:
            "SRTP authentication failed"
        case .replayed:
            "SRTP packet replayed or too old"
        case .tooShort:
            "SRTP packet too short"
        case .libsrtp(let call, let status):
            "\(call) failed with srtp_err_status \(status)"
        case .wrongDirection(let direction):
            "SRTP session is \(direction) only"
        }
    }
}
