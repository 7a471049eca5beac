/// A typed error for local SDP settings that are out of range (the seed's options
/// `codecs` and `maxAverageBitrate`).
public enum SDPConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `maxAverageBitrate` is not a whole number in 8000–48000 (RFC 7587 §6.1 allows
    /// 6000–510000; the seed narrows it).
    case maxAverageBitrateOutOfRange(Int)
    /// The codec preference list is empty.
    case emptyCodecList
    /// A codec appears twice in the preference list.
    case duplicateCodec(SDPAudioCodec)

    /// A short English description.
    public var description: String {
        switch self {
        case .maxAverageBitrateOutOfRange(let value): "maxAverageBitrate \(value) is not in 8000...48000"
        case .emptyCodecList: "the codec list is empty"
        case .duplicateCodec(let codec): "codec \(codec.rawValue) is listed twice"
        }
    }
}
