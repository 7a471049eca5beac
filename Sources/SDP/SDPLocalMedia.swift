/// What this side offers or accepts for its single audio stream: the input of
/// `SDPOfferAnswer.makeOffer` and `makeAnswer` (RFC 3264 §5, §6; RFC 8829 subset).
///
/// Values are written into the SDP as given: ICE credentials, tags and ids must follow their
/// grammar (RFC 8839 §5.4, RFC 5888, RFC 8830), which holds for what the ICE and DTLS layers
/// generate.
public struct SDPLocalMedia: Sendable, Hashable {
    /// The codecs in preference order (the seed's `codecs`, default Opus then PCMU).
    public var codecs: SDPCodecPreference = .default
    /// The Opus `maxaveragebitrate` we ask for (the seed's `maxAverageBitrate`, RFC 7587 §6.1).
    public var maxAverageBitrate: SDPOpusMaxAverageBitrate = .default
    /// Whether to offer and accept RFC 4733 `telephone-event` (in offers: at 48000 Hz next to
    /// Opus, payload type 110, and at 8000 Hz next to G.711, payload type 126).
    public var telephoneEvent = true
    /// The profile of our offers (answers use the offer's profile, RFC 3264 §6).
    public var profile: SDPTransportProfile = .udpTLSRTPSAVPF
    /// The address for `o=` and `c=` (IPv4 or IPv6 literal).
    public var address = "127.0.0.1"
    /// The RTP port of the `m=` line (the default candidate's port with ICE).
    public var port: UInt16 = 9
    /// Our ICE credentials and options; nil writes no ICE attributes.
    public var ice: SDPICEParameters?
    /// Our gathered candidates (RFC 8839 §5.1).
    public var candidates: [SDPCandidate] = []
    /// Whether to write `a=end-of-candidates` (RFC 8840 §8.2): gathering is complete.
    public var endOfCandidates = false
    /// Our certificate fingerprints (RFC 8122 §5), needed for the DTLS profiles.
    public var fingerprints: [SDPFingerprint] = []
    /// The direction we want (RFC 3264 §5.1).
    public var direction: SDPDirection = .sendrecv
    /// Our RTP SSRC, written with `a=ssrc` when we send (RFC 5576).
    public var ssrc: UInt32?
    /// Our RTCP CNAME, written as `a=ssrc:<ssrc> cname:<cname>` (RFC 5576 §6.1, RFC 7022).
    public var cname: String?
    /// Our media stream and track ids, written as `a=msid` when we send (RFC 8830).
    public var msid: SDPMSID?
    /// Our `a=mid` in offers (RFC 5888); answers copy the offer's. Nil writes none.
    public var mid: String? = "0"
    /// Whether our offers put the audio stream in an `a=group:BUNDLE` and our answers accept
    /// an offered BUNDLE group (RFC 9143).
    public var bundle = true
    /// Whether to offer and accept `a=rtcp-mux` (RFC 5761).
    public var rtcpMux = true
    /// Whether to offer and accept `a=rtcp-rsize` (RFC 5506).
    public var rtcpReducedSize = true
    /// The RTP header extension URIs we offer and accept (RFC 8285), in offer order; offers
    /// number them from 1.
    public var headerExtensions: [String] = []
    /// The `a=ptime` to write, if any (RFC 8866 §6.4).
    public var packetTime: Int?
    /// The `o=` username.
    public var username = "-"
    /// The `o=` session id (RFC 8866 §5.2); choose a random one per session.
    public var sessionID: UInt64 = 0
    /// The `o=` session version; increment it for every new offer or answer of the session
    /// (RFC 3264 §8).
    public var sessionVersion: UInt64 = 0
    /// The `s=` session name.
    public var sessionName = "-"

    /// Local media with the defaults above.
    public init() {}
}
