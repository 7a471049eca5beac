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
    /// No sink or source has this name (a stream was asked to connect to it).
    case noSuchDevice(String)

    /// One line naming the problem.
    public var description: String {
        switch self {
        case .connectionFailed(let reason): "cannot connect to PulseAudio: \(reason)"
        case .serverGone(let reason): "PulseAudio server went away: \(reason)"
        case .operationFailed(let call, let reason): "\(call) failed: \(reason)"
        case .closed: "PulseAudio client closed"
        case .noSuchDevice(let name): "no PulseAudio device named \(name)"
        }
    }
}
