import SDP

/// What one audio stream of a call uses, taken from the negotiated SDP (RFC 3264): the codec
/// and its payload types, telephone-event, and our SSRC/CNAME.
public struct MediaStreamParameters: Sendable, Hashable {
    /// The codec.
    public var codec: SDPAudioCodec
    /// The payload type we send (the remote description's number).
    public var sendPayloadType: UInt8
    /// The payload type we receive (our description's number).
    public var receivePayloadType: UInt8
    /// The RTP clock rate (48000 Opus, 8000 G.711).
    public var clockRate: Int
    /// Channels we decode into: 2 when the peer said it sends stereo Opus (`sprop-stereo=1`).
    public var receiveChannels: Int
    /// The RFC 4733 events format, when negotiated.
    public var telephoneEvent: SDPNegotiatedTelephoneEvent?
    /// The Opus average bitrate we send at (the peer's `maxaveragebitrate`, or the seed's
    /// `maxAverageBitrate` when lower); nil: libopus decides.
    public var maxAverageBitrate: Int?
    /// Whether we put Opus in-band FEC in what we send (the peer's `useinbandfec=1`, default on).
    public var inbandFEC: Bool
    /// The libopus encoder complexity, 0–10 (10: libopus' default and best quality; each step
    /// down trades quality for CPU — media-bench measures what a server gains).
    public var opusComplexity = 10
    /// Whether RTCP may be reduced-size (RFC 5506).
    public var rtcpReducedSize: Bool
    /// Our SSRC.
    public var ssrc: UInt32
    /// Our RTCP CNAME.
    public var cname: String

    /// Creates parameters.
    public init(codec: SDPAudioCodec, sendPayloadType: UInt8, receivePayloadType: UInt8, clockRate: Int,
                receiveChannels: Int = 1, telephoneEvent: SDPNegotiatedTelephoneEvent? = nil,
                maxAverageBitrate: Int? = nil, inbandFEC: Bool = true, rtcpReducedSize: Bool = false,
                ssrc: UInt32 = .random(in: 1 ... .max), cname: String = MediaStreamParameters.randomCNAME()) {
        self.codec = codec
        self.sendPayloadType = sendPayloadType
        self.receivePayloadType = receivePayloadType
        self.clockRate = clockRate
        self.receiveChannels = receiveChannels
        self.telephoneEvent = telephoneEvent
        self.maxAverageBitrate = maxAverageBitrate
        self.inbandFEC = inbandFEC
        self.rtcpReducedSize = rtcpReducedSize
        self.ssrc = ssrc
        self.cname = cname
    }

    /// Parameters from an offer/answer result; `maxAverageBitrate` is our own cap (the seed's
    /// option), combined with the peer's `maxaveragebitrate` (the lower wins).
    public init(negotiated: SDPNegotiated, maxAverageBitrate: Int? = nil,
                ssrc: UInt32 = .random(in: 1 ... .max), cname: String = MediaStreamParameters.randomCNAME()) {
        let codec = negotiated.codec
        let remote = codec.remoteParameters
        var bitrate = maxAverageBitrate
        if codec.codec == .opus, let peer = remote?.value(for: "maxaveragebitrate").flatMap({ Int($0) }) {
            bitrate = min(bitrate ?? peer, peer)
        }
        let stereo = codec.codec == .opus && remote?.value(for: "sprop-stereo") == "1"
        let fec = codec.codec == .opus && remote?.value(for: "useinbandfec") != "0"
        self.init(codec: codec.codec, sendPayloadType: codec.payloadType, receivePayloadType: codec.receivePayloadType,
                  clockRate: Int(codec.clockRate), receiveChannels: stereo ? 2 : 1,
                  telephoneEvent: negotiated.telephoneEvent, maxAverageBitrate: bitrate.map { max(6_000, min(510_000, $0)) },
                  inbandFEC: fec, rtcpReducedSize: negotiated.rtcpReducedSize, ssrc: ssrc, cname: cname)
    }

    /// A random 16-character CNAME (RFC 7022 style: not derived from any identity).
    public static func randomCNAME() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        return String((0..<16).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] })
    }

    /// RTP timestamp units in one 20 ms frame.
    public var frameTimestampUnits: Int { clockRate / 50 }
}
