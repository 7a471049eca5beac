import StackCore

/// The seed's `debug` option and `setDebug(debug)` values: how much the SDK logs.
///
/// The raw values are the seed's names (`OFF`, `ERROR`, `WARN`, `INFO`, `DEBUG`, `ALL`); the
/// cases are ordered from the quietest to the most verbose, so `level >= .info` reads as
/// "at least as verbose as INFO". The default is ``info``.
public enum PlivoLogLevel: String, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    /// Nothing is logged.
    case off = "OFF"
    /// Errors only.
    case error = "ERROR"
    /// Errors and warnings.
    case warn = "WARN"
    /// Errors, warnings and information (the default).
    case info = "INFO"
    /// Everything up to debugging detail.
    case debug = "DEBUG"
    /// Everything.
    case all = "ALL"

    /// The seed's default: ``info``.
    public static let `default` = PlivoLogLevel.info

    /// The level named `name`, ignoring case (the JS SDK uppercases the option, so `"debug"`
    /// is `DEBUG`) and white space around it; nil for any other name. The JS SDK's
    /// undocumented `ALL-PLAIN` is not among the seed's values and is refused.
    public init?(name: String) {
        let text = name.trimmingWhitespace().uppercased()
        guard let level = PlivoLogLevel(rawValue: text) else { return nil }
        self = level
    }

    /// Whether a message logged at `level` is written when this is the configured level:
    /// never for ``off`` (as a message level it is never written), otherwise when `level` is
    /// no more verbose than this one.
    public func allows(_ level: PlivoLogLevel) -> Bool {
        level != .off && level <= self
    }

    /// The order from ``off`` (least verbose) to ``all`` (most verbose).
    public static func < (lhs: PlivoLogLevel, rhs: PlivoLogLevel) -> Bool {
        lhs.verbosity < rhs.verbosity
    }

    /// The seed's name, e.g. `INFO`.
    public var description: String { rawValue }

    /// 0 for ``off`` … 5 for ``all``.
    private var verbosity: Int {
        switch self {
        case .off: return 0
        case .error: return 1
        case .warn: return 2
        case .info: return 3
        case .debug: return 4
        case .all: return 5
        }
    }
}
