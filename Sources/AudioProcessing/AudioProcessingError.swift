/// Why an audio-processing object could not be made or used.
public enum AudioProcessingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A parameter is out of range; names it and the allowed range.
    case invalidParameter(name: String, reason: String)
    /// A libspeexdsp call failed; names the call.
    case libraryCallFailed(call: String)

    /// One line naming the problem.
    public var description: String {
        switch self {
        case .invalidParameter(let name, let reason): "invalid \(name): \(reason)"
        case .libraryCallFailed(let call): "\(call) failed"
        }
    }
}
