/// Where a ``PulseAudioPlayback`` or ``PulseAudioCapture`` stream stands.
public enum PulseAudioStreamState: Sendable, Hashable, CustomStringConvertible {
    /// Connected: audio flows.
    case ready
    /// The stream or its connection failed after it was ready (typically `.serverGone` when the
    /// daemon died); writes are dropped and reads give silence from then on.
    case failed(AudioDeviceError)
    /// `close()` was called.
    case closed

    /// One line, for logs.
    public var description: String {
        switch self {
        case .ready: "ready"
        case .failed(let error): "failed: \(error)"
        case .closed: "closed"
        }
    }
}
