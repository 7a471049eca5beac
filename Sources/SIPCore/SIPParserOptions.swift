/// Bounds that keep the parser's time and memory proportional to what a sane peer sends.
public struct SIPParserLimits: Sendable, Hashable {
    /// Largest whole message, start line to end of body, in bytes.
    public var maxMessageSize: Int
    /// Largest start line plus header section, in bytes.
    public var maxHeaderSectionSize: Int
    /// Most header fields in one message.
    public var maxHeaderCount: Int
    /// Deepest nesting of comments (`( ( ) )`, RFC 3261 §25.1) a typed header parser follows.
    public var maxNestingDepth: Int

    /// Creates limits.
    public init(maxMessageSize: Int = 1 << 20, maxHeaderSectionSize: Int = 64 * 1024,
                maxHeaderCount: Int = 256, maxNestingDepth: Int = 16) {
        self.maxMessageSize = maxMessageSize
        self.maxHeaderSectionSize = maxHeaderSectionSize
        self.maxHeaderCount = maxHeaderCount
        self.maxNestingDepth = maxNestingDepth
    }

    /// 1 MiB messages, 64 KiB of headers, 256 header fields, nesting 16 deep.
    public static let `default` = SIPParserLimits()
}

/// How the parser treats input that breaks the grammar.
public struct SIPParserOptions: Sendable, Hashable {
    /// `strict` rejects what RFC 3261 forbids; `lenient` keeps what it can and records each
    /// violation in `SIPMessage.violations` (for capture analysis).
    public enum Mode: Sendable, Hashable {
        /// Reject any grammar violation with a `SIPParseError`.
        case strict
        /// Repair what can be repaired, recording each violation.
        case lenient
    }

    /// Strict or lenient.
    public var mode: Mode
    /// Size and count bounds.
    public var limits: SIPParserLimits

    /// Creates options.
    public init(mode: Mode = .strict, limits: SIPParserLimits = .default) {
        self.mode = mode
        self.limits = limits
    }

    /// Strict parsing with default limits.
    public static let strict = SIPParserOptions()
    /// Lenient parsing with default limits.
    public static let lenient = SIPParserOptions(mode: .lenient)
}
