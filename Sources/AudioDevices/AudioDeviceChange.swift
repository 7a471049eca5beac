/// A hot-plug event, the seed's `audioDeviceChange` payload `{change: added|removed, device}`.
public struct AudioDeviceChange: Sendable, Hashable, Codable, CustomStringConvertible {
    /// What happened to the device.
    public enum Change: String, Sendable, Hashable, Codable {
        /// The device appeared (a sink or source was created).
        case added
        /// The device went away; `device` is the one last seen under that index.
        case removed
    }

    /// Added or removed.
    public let change: Change
    /// The device that appeared or went away.
    public let device: AudioDevice

    /// Creates a change event.
    public init(change: Change, device: AudioDevice) {
        self.change = change
        self.device = device
    }

    /// `audioDeviceChange {change: added, device: audiooutput extra Extra}`.
    public var description: String {
        "audioDeviceChange {change: \(change.rawValue), device: \(device)}"
    }
}
