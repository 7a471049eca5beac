/// One PulseAudio sink or source.
public struct AudioDevice: Sendable, Hashable, Codable, CustomStringConvertible {
    /// PulseAudio's name for the device (`pa_sink_info.name` / `pa_source_info.name`), stable
    /// while the device exists; what `set(deviceID)` takes.
    public let deviceId: String
    /// The human-readable description (`device.description`), or the name when there is none.
    public let label: String
    /// Input (source) or output (sink).
    public let kind: AudioDeviceKind
    /// `true` for a source that is the monitor of a sink (it records what the sink plays).
    public let isMonitor: Bool

    /// Creates a device description.
    public init(deviceId: String, label: String, kind: AudioDeviceKind, isMonitor: Bool = false) {
        self.deviceId = deviceId
        self.label = label
        self.kind = kind
        self.isMonitor = isMonitor
    }

    /// `audioinput|audiooutput deviceId label`, the line `plivo-phone devices` prints.
    public var description: String {
        "\(kind.rawValue) \(deviceId) \(label)"
    }
}
