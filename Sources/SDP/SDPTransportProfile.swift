/// The RTP transport profiles of the `m=` line this stack negotiates (RFC 8866 §5.14):
/// plain RTP for SIP phones (RFC 3551, RFC 4585) and DTLS-SRTP for browsers (RFC 5764 §8,
/// RFC 8829 §5.1.2).
public enum SDPTransportProfile: String, Sendable, Hashable, CaseIterable {
    /// `RTP/AVP`, plain RTP (RFC 3551).
    case rtpAVP = "RTP/AVP"
    /// `RTP/AVPF`, plain RTP with RTCP feedback (RFC 4585).
    case rtpAVPF = "RTP/AVPF"
    /// `UDP/TLS/RTP/SAVP`, DTLS-SRTP (RFC 5764 §8).
    case udpTLSRTPSAVP = "UDP/TLS/RTP/SAVP"
    /// `UDP/TLS/RTP/SAVPF`, DTLS-SRTP with feedback, what browsers use (RFC 5764 §8, RFC 8829).
    case udpTLSRTPSAVPF = "UDP/TLS/RTP/SAVPF"

    /// The profile named by an `m=` proto field (ASCII case-insensitive); nil for others
    /// (`RTP/SAVP` with SDES keys, `TCP/DTLS/RTP/SAVPF`, `UDP/DTLS/SCTP`, …).
    public init?(proto: String) {
        let match = SDPGrammar.withBytes(proto) { bytes -> SDPTransportProfile? in
            if bytes.equalsIgnoringCase("rtp/avp") { return .rtpAVP }
            if bytes.equalsIgnoringCase("rtp/avpf") { return .rtpAVPF }
            if bytes.equalsIgnoringCase("udp/tls/rtp/savp") { return .udpTLSRTPSAVP }
            if bytes.equalsIgnoringCase("udp/tls/rtp/savpf") { return .udpTLSRTPSAVPF }
            return nil
        }
        guard let match else { return nil }
        self = match
    }

    /// True for the DTLS-SRTP profiles, which need `a=fingerprint` and `a=setup` (RFC 5763 §5).
    public var usesDTLS: Bool { self == .udpTLSRTPSAVP || self == .udpTLSRTPSAVPF }
}
