/// Which way a device carries audio, named as the seed's Audio Device API names them.
public enum AudioDeviceKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// A microphone-like device: a PulseAudio source (monitors of sinks included).
    case audioinput
    /// A speaker-like device: a PulseAudio sink.
    case audiooutput
}
