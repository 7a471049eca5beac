import AudioDevices

/// What an ``AudioDeviceManager`` reports, in order.
public enum AudioDeviceManagerEvent: Sendable, Hashable, CustomStringConvertible {
    /// The seed's `audioDeviceChange`: a device was added or removed (also for every device
    /// when the sound server goes away and comes back).
    case audioDeviceChange(AudioDeviceChange)
    /// The seed's `onMediaPermission`: the microphone opened, could not, or died.
    case mediaPermission(MediaPermissionEvent)
    /// The sound server went away (the reason); open streams now carry silence (input) or drop
    /// audio (output), and the manager reconnects.
    case audioServerLost(String)
    /// The manager is connected to the sound server again and has reopened its streams.
    case audioServerRestored
    /// A role now uses another device (`""` = the server's default), after `set`, `reset`,
    /// a hot-plug switch or the selected device's removal.
    case deviceSelected(role: AudioDeviceRole, deviceId: String)

    /// One line: the seed's event name and payload.
    public var description: String {
        switch self {
        case .audioDeviceChange(let change): change.description
        case .mediaPermission(let event): event.description
        case .audioServerLost(let reason): "audioServerLost {reason: \(reason)}"
        case .audioServerRestored: "audioServerRestored"
        case .deviceSelected(let role, let id): "deviceSelected {role: \(role.rawValue), deviceId: \(id.isEmpty ? "default" : id)}"
        }
    }
}
