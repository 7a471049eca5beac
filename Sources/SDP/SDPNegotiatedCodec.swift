/// The audio codec an offer/answer exchange settled on (RFC 3264 §6.1, §7).
public struct SDPNegotiatedCodec: Sendable, Hashable {
    /// The codec.
    public var codec: SDPAudioCodec
    /// The payload type we send with: the number the remote side's description uses
    /// (RFC 3264 §5.1: a description names what its author expects to receive).
    public var payloadType: UInt8
    /// The payload type we receive with: the number our own description uses (equal to
    /// `payloadType` when we answer, since the answer copies the offer's number).
    public var receivePayloadType: UInt8
    /// The RTP clock rate.
    public var clockRate: UInt32
    /// The channel count of the rtpmap.
    public var channels: Int
    /// The remote side's `a=fmtp` parameters for the codec (what to respect when sending,
    /// e.g. Opus `maxaveragebitrate`, `useinbandfec`, `stereo`; RFC 7587 §6.1).
    public var remoteParameters: SDPFormatParameters?
    /// Our own `a=fmtp` parameters for the codec, as written in our description.
    public var localParameters: SDPFormatParameters?

    /// Creates a negotiated codec.
    public init(codec: SDPAudioCodec, payloadType: UInt8, receivePayloadType: UInt8,
                remoteParameters: SDPFormatParameters? = nil, localParameters: SDPFormatParameters? = nil) {
        self.codec = codec
        self.payloadType = payloadType
        self.receivePayloadType = receivePayloadType
        clockRate = codec.clockRate
        channels = codec.channels
        self.remoteParameters = remoteParameters
        self.localParameters = localParameters
    }
}
