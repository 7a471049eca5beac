/// What an offer/answer exchange settled for the audio stream, from our side
/// (RFC 3264 §6.1, §7; RFC 8839; RFC 5763 §5; RFC 8842; RFC 5761; RFC 9143).
public struct SDPNegotiated: Sendable, Hashable {
    /// The index of the audio media description in the offer and the answer.
    public var mediaIndex: Int
    /// The transport profile of the stream (the offer's, RFC 3264 §6).
    public var profile: SDPTransportProfile
    /// The codec.
    public var codec: SDPNegotiatedCodec
    /// The telephone-event format, nil when one side did not list it.
    public var telephoneEvent: SDPNegotiatedTelephoneEvent?
    /// Our direction: `.sendonly` means we send and do not receive (RFC 3264 §6.1).
    public var direction: SDPDirection
    /// True when both sides listed `a=rtcp-mux` (RFC 5761 §5.1.1).
    public var rtcpMux: Bool
    /// True when both sides listed `a=rtcp-rsize` (RFC 5506 §5).
    public var rtcpReducedSize: Bool
    /// The stream's `a=mid`, nil when the offer has none (RFC 5888).
    public var mid: String?
    /// The accepted BUNDLE group's tags, nil when the stream is not bundled (RFC 9143).
    public var bundleGroup: [String]?
    /// The remote ICE parameters, nil when the remote side does not use ICE (RFC 8839 §5.4).
    public var remoteICE: SDPICEParameters?
    /// The remote candidates listed in the description (RFC 8839 §5.1).
    public var remoteCandidates: [SDPCandidate]
    /// True when the remote description says `a=end-of-candidates` (RFC 8840 §8.2).
    public var remoteEndOfCandidates: Bool
    /// The remote certificate fingerprints, any of which the DTLS certificate may match
    /// (RFC 8122 §5).
    public var remoteFingerprints: [SDPFingerprint]
    /// The DTLS role we take: `.active` is the DTLS client, `.passive` the server; nil for the
    /// plain RTP profiles (RFC 5763 §5, RFC 8842 §5).
    public var localSetup: SDPSetupRole?
    /// The remote RTP address (media-level `c=`, else session-level), for peers without ICE.
    public var remoteAddress: String?
    /// The remote RTP port of the `m=` line.
    public var remotePort: UInt16
    /// The remote RTCP port from `a=rtcp` (RFC 3605), when given.
    public var remoteRTCPPort: UInt16?
    /// The remote SSRCs from `a=ssrc` (RFC 5576), in order, without repeats.
    public var remoteSSRCs: [UInt32]
    /// The remote `a=ptime` in whole milliseconds (RFC 8866 §6.4).
    public var remotePacketTime: Int?
    /// The RTP header extensions both sides listed, with the remote side's ids (RFC 8285 §6).
    public var headerExtensions: [SDPExtmap]

    /// True when we take the DTLS client role.
    public var isDTLSClient: Bool { localSetup == .active }
}
