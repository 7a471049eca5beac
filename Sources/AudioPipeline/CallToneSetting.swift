import StackCore

/// What the application chose for one of the configurable call tones: the Plivo Browser SDK's
/// `setRingTone(url or boolean)`, `setRingToneBack(url or boolean)` and
/// `setConnectTone(boolean)` arguments.
///
/// - ``enabled`` is the seed's `true` (the default): the built-in tone plays.
/// - ``disabled`` is `false`: nothing plays (for ringback, early media is heard instead).
/// - ``url(_:)`` plays the media at the URL (a file path, `file://`, `http://` or `https://`;
///   WAV only, see ``CallToneLibrary``).
public enum CallToneSetting: Sendable, Hashable, CustomStringConvertible {
    /// The built-in tone (`true`).
    case enabled
    /// No tone (`false`).
    case disabled
    /// The media at this URL.
    case url(String)

    /// The setting of a boolean argument: `true` → ``enabled``, `false` → ``disabled``.
    public init(_ enabled: Bool) {
        self = enabled ? .enabled : .disabled
    }

    /// The setting of a textual argument: `true` and `false` (any case, surrounding white space
    /// ignored) are the booleans, anything else is a URL (white space around it removed). An empty string is
    /// therefore a URL that cannot be loaded, which falls back to the default tone.
    public static func parse(_ text: String) -> CallToneSetting {
        let trimmed = text.trimmingWhitespace()
        switch trimmed.lowercased() {
        case "true": return .enabled
        case "false": return .disabled
        default: return .url(trimmed)
        }
    }

    /// Whether some tone plays: true for ``enabled`` and ``url(_:)``.
    public var isEnabled: Bool {
        switch self {
        case .enabled, .url: return true
        case .disabled: return false
        }
    }

    /// `true`, `false` or the URL, as the SDK's argument reads.
    public var description: String {
        switch self {
        case .enabled: return "true"
        case .disabled: return "false"
        case .url(let url): return url
        }
    }
}
