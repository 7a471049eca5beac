/// Why a PulseAudio device operation failed.
public enum AudioDeviceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The client could not connect; carries PulseAudio's error text (`pa_strerror`).
    case connectionFailed(String)
    /// The connection was up and the server went away (context FAILED or TERMINATED).
    case serverGone(String)
    /// A libpulse call or server request failed; names the call and PulseAudio's error text.
    case operationFailed(call: String, reason: String)
    /// The client was closed with `close()`.
    case closed

    /// One line naming the problem.
    public var description: String {
        switch self {
        case .connectionFailed(let reason): "cannot connect to PulseAudio: \(reason)"
        case .serverGone(let reason): "PulseAudio server went away: \(reason)"
        case .operationFailed(let call, let reason): "\(call) failed: \(reason)"
        case .closed: "PulseAudio client closed"
        }
    }
}
