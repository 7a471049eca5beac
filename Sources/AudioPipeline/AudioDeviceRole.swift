import AudioDevices

/// The three device choices of the seed's Audio Device API: `microphoneDevices`,
/// `speakerDevices` (remote audio, DTMF and ringback) and `ringtoneDevices` (incoming-call ring).
public enum AudioDeviceRole: String, Sendable, Hashable, CaseIterable, Codable {
    /// The input our outgoing audio comes from.
    case microphone
    /// The output for remote audio, ringback, connect tone and local DTMF tones.
    case speaker
    /// The output for the incoming-call ringtone.
    case ringtone

    /// The kind of device the role takes.
    public var kind: AudioDeviceKind {
        switch self {
        case .microphone: .audioinput
        case .speaker, .ringtone: .audiooutput
        }
    }
}

/// The seed's `availableDevices(filter)` argument: `input`, `output`, or null for all.
public enum AudioDeviceFilter: String, Sendable, Hashable, CaseIterable, Codable {
    /// Sources only.
    case input
    /// Sinks only.
    case output
    /// Every device.
    case all

    /// Whether `device` passes the filter.
    public func includes(_ device: AudioDevice) -> Bool {
        switch self {
        case .input: device.kind == .audioinput
        case .output: device.kind == .audiooutput
        case .all: true
        }
    }
}
