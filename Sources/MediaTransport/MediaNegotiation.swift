import DTLS
import SDP

/// Glue between the SDP module's offer/answer results and the media engine (RFC 5763 §5,
/// RFC 8122): our certificate's `a=fingerprint`, the DTLS role from `a=setup`, the peer's
/// fingerprints.
public enum MediaNegotiation {
    /// Our `a=fingerprint` value for `certificate` (sha-256).
    public static func sdpFingerprint(_ certificate: DTLSCertificate) -> SDPFingerprint {
        SDPFingerprint(hashFunction: certificate.fingerprint.algorithm, bytes: certificate.fingerprint.bytes)
    }

    /// Our DTLS role: client when our `a=setup` is `active` (RFC 5763 §5).
    public static func dtlsRole(_ negotiated: SDPNegotiated) -> DTLSRole {
        negotiated.isDTLSClient ? .client : .server
    }

    /// The peer's fingerprints, hash names lower-cased as the DTLS module compares them.
    public static func remoteFingerprints(_ negotiated: SDPNegotiated) -> [DTLSFingerprint] {
        negotiated.remoteFingerprints.map {
            DTLSFingerprint(algorithm: $0.hashFunction.lowercased(), bytes: $0.bytes)
        }
    }

    /// The engine settings for a negotiated stream: DTLS-SRTP for a DTLS profile
    /// (UDP/TLS/RTP/SAVPF), plain RTP for RTP/AVP.
    /// `ssrc` and `cname` must be the ones our description announced (`a=ssrc`): browsers tie
    /// the received stream to them.
    public static func configuration(_ negotiated: SDPNegotiated, certificate: DTLSCertificate,
                                     maxAverageBitrate: Int? = nil, ssrc: UInt32? = nil,
                                     cname: String? = nil) -> MediaEngine.Configuration {
        let security: MediaSecurity = negotiated.profile.usesDTLS
            ? .dtlsSRTP(role: dtlsRole(negotiated), certificate: certificate, remoteFingerprints: remoteFingerprints(negotiated))
            : .none
        return MediaEngine.Configuration(
            parameters: MediaStreamParameters(negotiated: negotiated, maxAverageBitrate: maxAverageBitrate,
                                              ssrc: ssrc ?? .random(in: 1 ... .max),
                                              cname: cname ?? MediaStreamParameters.randomCNAME()),
            security: security, ntpAtMonotonicZero: MediaTransport.ntpAtMonotonicZero())
    }
}
