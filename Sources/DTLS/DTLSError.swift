/// Why a DTLS operation or handshake failed (RFC 6347, RFC 5763 §5, RFC 5764 §4.1).
public enum DTLSError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The peer's certificate does not match any `a=fingerprint` from its SDP (RFC 5763 §5,
    /// RFC 8122 §5). `expected` and `actual` are "<hash> <AB:CD:…>" strings.
    case fingerprintMismatch(expected: [String], actual: String)
    /// The handshake finished without a peer certificate (RFC 5763 §5 requires one).
    case noPeerCertificate
    /// The peer did not negotiate use_srtp with a profile we offered (RFC 5764 §4.1.1).
    case noSRTPProfile
    /// OpenSSL failed the handshake; the text is OpenSSL's reason (e.g. an alert received).
    case handshakeFailed(String)
    /// The retransmissions of a flight were exhausted (RFC 6347 §4.2.4.1).
    case handshakeTimeout
    /// An OpenSSL call failed outside the handshake; `call` names it, `detail` is its error queue.
    case openSSL(call: String, detail: String)
    /// The connection is closed.
    case closed

    /// A one-line explanation naming the failure.
    public var description: String {
        switch self {
        case .fingerprintMismatch(let expected, let actual):
            let wanted = expected.isEmpty ? "none given" : expected.joined(separator: " or ")
            return "DTLS fingerprint mismatch: the peer's certificate is \(actual), expected \(wanted)"
        case .noPeerCertificate:
            return "DTLS handshake finished without a peer certificate"
        case .noSRTPProfile:
            return "DTLS peer did not negotiate an SRTP protection profile (use_srtp)"
        case .handshakeFailed(let reason):
            return "DTLS handshake failed: \(reason)"
        case .handshakeTimeout:
            return "DTLS handshake timed out: retransmissions exhausted"
        case .openSSL(let call, let detail):
            return "OpenSSL \(call) failed: \(detail)"
        case .closed:
            return "DTLS connection is closed"
        }
    }
}
