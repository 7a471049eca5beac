/// Something the owner of a ``DTLSConnection`` must act on, in the order it happened.
public enum DTLSEvent: Sendable, Hashable {
    /// The handshake finished and the peer's certificate matched an expected fingerprint
    /// (RFC 5763 §5); the DTLS-SRTP keys are ready (RFC 5764 §4.2).
    case connected(DTLSSRTPKeyingMaterial)
    /// The connection failed; its state is now ``DTLSState/failed``.
    case failed(DTLSError)
    /// The peer sent close_notify (RFC 5246 §7.2.1); the state is now ``DTLSState/closed``.
    case closedByPeer
    /// One application_data record's payload (RFC 6347 §4.1), e.g. an SCTP packet.
    case applicationData([UInt8])
}
