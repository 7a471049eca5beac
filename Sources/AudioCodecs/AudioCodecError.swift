/// Why an audio codec or resampler call failed.
public enum AudioCodecError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A libopus call returned a negative error code (`OPUS_BAD_ARG`, `OPUS_INVALID_PACKET`, …).
    case opus(call: String, code: Int32)
    /// A parameter outside what the codec supports; the text names it.
    case invalidConfiguration(String)
    /// The PCM or payload buffer cannot hold one frame.
    case bufferTooSmall
    /// A libspeexdsp resampler call returned an error (`RESAMPLER_ERR_*`).
    case resampler(call: String, code: Int32)

    /// One line naming the problem.
    public var description: String {
        switch self {
        case .opus(let call, let code):
            "\(call) failed with \(OpusLibrary.errorName(code)) (\(code))"
        case .invalidConfiguration(let text):
            "invalid codec configuration: \(text)"
        case .bufferTooSmall:
            "audio buffer too small for one frame"
        case .resampler(let call, let code):
            "\(call) failed with resampler error \(code)"
        }
    }
}
