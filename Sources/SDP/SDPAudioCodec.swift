/// The audio codecs this stack offers and answers: Opus (RFC 7587) and G.711 µ-law / A-law
/// (RFC 3551 §4.5.14). The seed's `codecs` option names them `OPUS`, `PCMU` (and this stack
/// also knows `PCMA`).
public enum SDPAudioCodec: String, Sendable, Hashable, CaseIterable {
    /// Opus, `opus/48000/2` (RFC 7587 §7).
    case opus
    /// G.711 µ-law, `PCMU/8000`, static payload type 0 (RFC 3551 §6).
    case pcmu
    /// G.711 A-law, `PCMA/8000`, static payload type 8 (RFC 3551 §6).
    case pcma

    /// The codec named as in the seed's `codecs` option (`OPUS`, `PCMU`, `PCMA`, any case).
    public init?(optionName: String) {
        switch SDPGrammar.lowercased(optionName) {
        case "opus": self = .opus
        case "pcmu": self = .pcmu
        case "pcma": self = .pcma
        default: return nil
        }
    }

    /// The encoding name written in `a=rtpmap`.
    public var encodingName: String {
        switch self {
        case .opus: "opus"
        case .pcmu: "PCMU"
        case .pcma: "PCMA"
        }
    }

    /// The RTP clock rate (RFC 7587 §4.1: always 48000 for Opus).
    public var clockRate: UInt32 {
        self == .opus ? 48000 : 8000
    }

    /// The channel count of the rtpmap (RFC 7587 §7: always 2 for Opus).
    public var channels: Int { self == .opus ? 2 : 1 }

    /// The payload type this stack uses in its own offers: 111 for Opus (as Chromium does),
    /// the static 0 and 8 for G.711.
    public var offerPayloadType: UInt8 {
        switch self {
        case .opus: 111
        case .pcmu: 0
        case .pcma: 8
        }
    }

    /// The rtpmap this stack writes for the codec under `payloadType`.
    public func rtpMap(payloadType: UInt8) -> SDPRTPMap {
        SDPRTPMap(payloadType: payloadType, encodingName: encodingName, clockRate: clockRate,
                  encodingParameters: self == .opus ? "2" : nil)
    }

    /// True when `rtpMap` describes this codec: same encoding name (ASCII case-insensitive)
    /// and clock rate; Opus with 2 channels or none written (RFC 7587 §7 requires `/2`; a
    /// missing count is accepted), G.711 with 1 channel.
    public func matches(_ rtpMap: SDPRTPMap) -> Bool {
        guard rtpMap.clockRate == clockRate, SDPGrammar.withBytes(rtpMap.encodingName, { name in
            switch self {
            case .opus: name.equalsIgnoringCase("opus")
            case .pcmu: name.equalsIgnoringCase("pcmu")
            case .pcma: name.equalsIgnoringCase("pcma")
            }
        }) else { return false }
        if self == .opus { return rtpMap.encodingParameters == nil || rtpMap.channels == 2 }
        return rtpMap.channels == 1
    }

    /// The codec `rtpMap` describes, if it is one of these.
    public static func matching(_ rtpMap: SDPRTPMap) -> SDPAudioCodec? {
        if SDPAudioCodec.opus.matches(rtpMap) { return .opus }
        if SDPAudioCodec.pcmu.matches(rtpMap) { return .pcmu }
        return SDPAudioCodec.pcma.matches(rtpMap) ? .pcma : nil
    }
}
