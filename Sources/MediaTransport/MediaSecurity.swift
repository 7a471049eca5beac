import DTLS

/// How a stream's packets are protected.
public enum MediaSecurity: Sendable {
    /// DTLS-SRTP (RFC 5763/5764): our role and certificate, the peer's SDP fingerprints.
    case dtlsSRTP(role: DTLSRole, certificate: DTLSCertificate, remoteFingerprints: [DTLSFingerprint])
    /// Plain RTP/AVP (RFC 3551), for SIP phones that offer no SRTP; media flows once started.
    case none
}
