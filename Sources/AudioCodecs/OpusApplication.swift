import COpus

/// The libopus coding mode hint (`OPUS_APPLICATION_*`, RFC 6716 §2.1.1 mode selection).
public enum OpusApplication: Sendable, Hashable {
    /// Speech: favours intelligibility, enables SILK and its in-band FEC (`OPUS_APPLICATION_VOIP`).
    case voip
    /// Music and mixed content (`OPUS_APPLICATION_AUDIO`).
    case audio
    /// CELT only, lowest delay, no FEC (`OPUS_APPLICATION_RESTRICTED_LOWDELAY`).
    case restrictedLowDelay

    /// The libopus constant.
    var code: Int32 {
        switch self {
        case .voip: OPUS_APPLICATION_VOIP
        case .audio: OPUS_APPLICATION_AUDIO
        case .restrictedLowDelay: OPUS_APPLICATION_RESTRICTED_LOWDELAY
        }
    }
}
