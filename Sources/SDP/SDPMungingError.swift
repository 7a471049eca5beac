/// A typed error from rewriting a session description with the seed's codec preference
/// (the SDK's `codecPreference` munging; see `SDPSession.applyingCodecPreference`).
public enum SDPMungingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The audio media description at this index lists none of the preferred codecs, so
    /// munging would leave an `m=` line without formats.
    case noPreferredCodec(mediaIndex: Int)

    /// A short English description.
    public var description: String {
        switch self {
        case .noPreferredCodec(let index): "media description \(index) has none of the preferred codecs"
        }
    }
}
