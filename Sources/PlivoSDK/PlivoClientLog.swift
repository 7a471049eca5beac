#if canImport(Glibc)
import Glibc
#endif
import Logging
import Synchronization

/// A client's log: the seed's levels (`debug` option, `setDebug`) over a swift-log `Logger`,
/// with the SDK's line shape (`[date] PlivoSDK : <user> <sipCallID> [LEVEL] message`), and the
/// most recent lines kept for `submitCallQualityFeedback(sendConsoleLogs: true)`.
///
/// A message is written when the configured level allows its level
/// (``PlivoLogLevel/allows(_:)``); `OFF` writes nothing. The `Logger`'s own level is set to
/// match (ERROR → `.error`, WARN → `.warning`, INFO → `.info`, DEBUG → `.debug`, ALL →
/// `.trace`), so its handler does not filter the lines out again.
final class PlivoClientLog: Sendable {
    private struct State {
        var level: PlivoLogLevel
        var logger: Logger
        var user: String?
        var recent: [String] = []
        var next = 0
    }

    /// How many recent lines are kept for feedback.
    static let keptLines = 900

    private let state: Mutex<State>

    init(logger: Logger, level: PlivoLogLevel) {
        var logger = logger
        logger.logLevel = Self.loggerLevel(level)
        state = Mutex(State(level: level, logger: logger))
    }

    /// The configured level.
    var level: PlivoLogLevel { state.withLock { $0.level } }

    /// The seed's `setDebug(level)`.
    func setLevel(_ level: PlivoLogLevel) {
        state.withLock {
            $0.level = level
            $0.logger.logLevel = Self.loggerLevel(level)
        }
    }

    /// The logged-in user named in every line (nil: none).
    func setUser(_ user: String?) { state.withLock { $0.user = user } }

    /// The swift-log level for a seed level (``PlivoLogLevel/off`` is `.critical`: nothing the
    /// SDK writes is critical).
    static func loggerLevel(_ level: PlivoLogLevel) -> Logger.Level {
        switch level {
        case .off: .critical
        case .error: .error
        case .warn: .warning
        case .info: .info
        case .debug: .debug
        case .all: .trace
        }
    }

    /// Writes `message` at `level` when the configured level allows it. The kept lines change
    /// under the lock; the handler writes (to stderr, say) after it is released.
    func log(_ level: PlivoLogLevel, _ message: @autoclosure () -> String, callID: String? = nil) {
        let entry: (logger: Logger, user: String?, text: String)? = state.withLock { state in
            guard state.level.allows(level) else { return nil }
            let text = message()
            let line = "[\(Self.timestamp())] PlivoSDK : \(state.user ?? "") \(callID ?? "") [\(level.rawValue)] \(text)"
            if state.recent.count < Self.keptLines {
                state.recent.append(line)
            } else {
                state.recent[state.next] = line
            }
            state.next = (state.next + 1) % Self.keptLines
            return (state.logger, state.user, text)
        }
        guard let entry else { return }
        var metadata: Logger.Metadata = [:]
        if let user = entry.user { metadata["plivo.user"] = .string(user) }
        if let callID { metadata["sip.call_id"] = .string(callID) }
        entry.logger.log(level: Self.loggerLevel(level), "\(entry.text)", metadata: metadata)
    }

    /// An event as a log line: failures and warnings at WARN, the rest at INFO.
    func event(_ event: PlivoEvent) {
        let level: PlivoLogLevel
        switch event {
        case .onLoginFailed, .onCallFailed, .onPermissionDenied: level = .warn
        case .mediaMetrics(let metric): level = metric.active ? .warn : .info
        case .onMediaPermission(let permission): level = permission.status == "success" ? .info : .warn
        case .volume: return
        default: level = .info
        }
        log(level, event.logText)
    }

    /// The kept lines, oldest first.
    var recentLines: [String] {
        state.withLock { state in
            state.recent.count < Self.keptLines
                ? state.recent : Array(state.recent[state.next...] + state.recent[..<state.next])
        }
    }

    /// UTC now as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let millis = Int(now.tv_nsec / 1_000_000)
        let ms = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(ms)Z"
    }
}
