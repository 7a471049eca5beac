/// One `mediaMetrics` event, the seed's shape: `{group, level, type, value, active, desc, stream}`.
public struct MediaMetric: Sendable, Hashable, Codable, CustomStringConvertible {
    /// `audio` or `network`.
    public var group: String
    /// Always `warning` in the SDK.
    public var level: String
    /// The metric: `speaking_on_mute`, `high_jitter`, `high_rtt`, …
    public var type: String
    /// The measured value, as the SDK's string.
    public var value: String
    /// `true` while the condition holds, `false` once when it clears.
    public var active: Bool
    /// The SDK's description text.
    public var desc: String
    /// `None`, `local` or `remote`.
    public var stream: String

    /// A metric event.
    public init(group: String, level: String = "warning", type: String, value: String, active: Bool,
                desc: String, stream: String) {
        self.group = group
        self.level = level
        self.type = type
        self.value = value
        self.active = active
        self.desc = desc
        self.stream = stream
    }

    /// The seed's mute detection: speech on the microphone while muted (never cleared).
    public static let speakingOnMute = MediaMetric(group: "audio", type: "speaking_on_mute", value: "0", active: true,
                                                   desc: "User is trying to speak on mute", stream: "None")

    /// `mediaMetrics {group: audio, level: warning, type: speaking_on_mute, …}`.
    public var description: String {
        "mediaMetrics {group: \(group), level: \(level), type: \(type), value: \(value), active: \(active), desc: \(desc), stream: \(stream)}"
    }
}
