import StackCore

extension PlivoCallQualityFeedback {
    /// The predefined issues of `submitCallQualityFeedback`: the raw values are the keys a
    /// caller passes (matched after trimming and uppercasing), ``reportedValue`` is what the
    /// feedback's comment carries.
    ///
    /// The seed lists `CALL_DROPPPED` (three P) where the JS SDK's table has `CALL_DROPPED`;
    /// both spellings are accepted as ``callDropped``.
    public enum Issue: String, Sendable, Hashable, CaseIterable {
        /// `AUDIO_LAG` → `audio_lag`.
        case audioLag = "AUDIO_LAG"
        /// `BROKEN_AUDIO` → `broken_audio`.
        case brokenAudio = "BROKEN_AUDIO"
        /// `CALL_DROPPED` (or the seed's `CALL_DROPPPED`) → `call_dropped`.
        case callDropped = "CALL_DROPPED"
        /// `CALLERID_ISSUES` → `callerid_issue`.
        case callerIDIssues = "CALLERID_ISSUES"
        /// `DIGITS_NOT_CAPTURED` → `digits_not_captured`.
        case digitsNotCaptured = "DIGITS_NOT_CAPTURED"
        /// `ECHO` → `echo`.
        case echo = "ECHO"
        /// `HIGH_CONNECT_TIME` → `high_connect_time`.
        case highConnectTime = "HIGH_CONNECT_TIME"
        /// `LOW_AUDIO_LEVEL` → `low_audio_level`.
        case lowAudioLevel = "LOW_AUDIO_LEVEL"
        /// `ONE_WAY_AUDIO` → `one_way_audio`.
        case oneWayAudio = "ONE_WAY_AUDIO"
        /// `OTHERS` → `others`.
        case others = "OTHERS"
        /// `ROBOTIC_AUDIO` → `robotic_audio`.
        case roboticAudio = "ROBOTIC_AUDIO"

        /// The seed's misspelling of `CALL_DROPPED`, accepted as ``callDropped``.
        public static let callDroppedSeedSpelling = "CALL_DROPPPED"

        /// The issue `key` names after trimming and uppercasing (`" echo "` is ``echo``); nil
        /// for anything else.
        public init?(key: String) {
            let normalized = key.trimmingWhitespace().uppercased()
            if normalized == Self.callDroppedSeedSpelling {
                self = .callDropped
                return
            }
            guard let issue = Issue(rawValue: normalized) else { return nil }
            self = issue
        }

        /// The value sent in the feedback's comment, e.g. `audio_lag` (`callerid_issue` for
        /// ``callerIDIssues``).
        public var reportedValue: String {
            switch self {
            case .callerIDIssues: return "callerid_issue"
            case .audioLag, .brokenAudio, .callDropped, .digitsNotCaptured, .echo, .highConnectTime, .lowAudioLevel,
                 .oneWayAudio, .others, .roboticAudio:
                return rawValue.lowercased()
            }
        }
    }
}
