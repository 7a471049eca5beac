import DTLS
import SRTP
import AudioCodecs

/// What a media engine reports to its owner (from its event loop).
public enum MediaEngineEvent: Sendable, Hashable {
    /// DTLS finished and the peer's certificate matched the SDP fingerprint: SRTP is keyed.
    case secured(DTLSSRTPProfile)
    /// The first authenticated RTP packet arrived (the seed's remote audio starts).
    case firstPacketReceived
    /// An RFC 4733 event ended: a DTMF digit (`0`–`9`, `*`, `#`, `A`–`D`) and its duration.
    case dtmfReceived(digit: Character, duration: Duration)
    /// A round-trip time from an RTCP report block answering our SR (RFC 3550 §6.4.1).
    case roundTripTime(Duration)
    /// The peer closed DTLS (close_notify) or sent an RTCP BYE.
    case remoteClosed
    /// The media path failed (DTLS failure, fingerprint mismatch, …).
    case failed(MediaTransportError)
}

/// Why media failed.
public enum MediaTransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// DTLS failed; a fingerprint mismatch is `.dtls(.fingerprintMismatch)`.
    case dtls(DTLSError)
    /// SRTP could not be set up with the exported keys.
    case srtp(SRTPError)
    /// The codec could not be set up.
    case codec(AudioCodecError)
    /// The peer's description has no usable DTLS fingerprint, or an unsupported profile.
    case invalidParameters(String)
    /// ICE failed, so media cannot flow.
    case iceFailed

    /// A readable reason.
    public var description: String {
        switch self {
        case .dtls(let error): "DTLS: \(error)"
        case .srtp(let error): "SRTP: \(error)"
        case .codec(let error): "codec: \(error)"
        case .invalidParameters(let reason): "invalid media parameters: \(reason)"
        case .iceFailed: "ICE failed"
        }
    }
}
