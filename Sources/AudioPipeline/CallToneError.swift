/// Why a tone URL given to ``CallToneLibrary`` could not be used; the library then plays the
/// default tone instead.
public enum CallToneError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The bytes could not be loaded (the URL, and the loader's error).
    case loadFailed(url: String, AudioURLLoaderError)
    /// The bytes are not a WAVE file: only WAV is supported (the URL, and what the bytes look
    /// like, e.g. `MP3 (ID3 tag)`).
    case unsupportedFormat(url: String, found: String)
    /// A WAVE file that cannot be played: a compressed encoding, a truncated or malformed file,
    /// or no samples (the URL, and the parser's error).
    case invalidWAV(url: String, AudioError)

    /// The URL the error is about.
    public var url: String {
        switch self {
        case .loadFailed(let url, _), .unsupportedFormat(let url, _), .invalidWAV(let url, _): return url
        }
    }

    /// A one-line message naming the URL and the problem.
    public var description: String {
        switch self {
        case .loadFailed(let url, let error):
            return "cannot load tone \(url): \(error)"
        case .unsupportedFormat(let url, let found):
            return "unsupported tone format at \(url): found \(found); only WAV (RIFF/WAVE) is supported"
        case .invalidWAV(let url, let error):
            return "cannot play tone \(url): \(error)"
        }
    }
}
