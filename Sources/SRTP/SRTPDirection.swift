/// Which way an `SRTPSession` works: it either protects what we send or unprotects what we
/// receive, never both (RFC 3711 §3.2.3: one cryptographic context per direction).
public enum SRTPDirection: Sendable, Hashable {
    /// Our packets: `protectRTP` / `protectRTCP` (libsrtp `ssrc_any_outbound`).
    case outbound
    /// The peer's packets: `unprotectRTP` / `unprotectRTCP` (libsrtp `ssrc_any_inbound`).
    case inbound
}
