/// The life cycle of a ``DTLSConnection`` (RFC 6347 §4.2.4 handshake, §4.1 close).
public enum DTLSState: Sendable, Hashable {
    /// Created; ``DTLSConnection/start()`` not called yet.
    case new
    /// Handshake flights are being exchanged.
    case handshaking
    /// Handshake finished, the peer's fingerprint matched and SRTP keys were exported.
    case connected
    /// Closed locally (``DTLSConnection/close()``) or by the peer's close_notify.
    case closed
    /// The handshake or the association failed; the reason was reported as ``DTLSEvent/failed(_:)``.
    case failed
}
