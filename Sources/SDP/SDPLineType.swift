/// The one-letter type of an SDP line, the character before `=` (RFC 8866 §5).
///
/// Any ASCII letter is accepted so that lines of unknown types are kept; the named constants
/// are the types RFC 8866 §5 defines.
public struct SDPLineType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The ASCII code of the type letter.
    public let rawValue: UInt8

    /// Creates a type from an ASCII letter (`a`–`z`, `A`–`Z`); nil for any other byte.
    public init?(rawValue: UInt8) {
        guard (0x41...0x5A).contains(rawValue) || (0x61...0x7A).contains(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    private init(letter: UInt8) { rawValue = letter }

    /// `v=` protocol version (RFC 8866 §5.1).
    public static let version = SDPLineType(letter: 0x76)
    /// `o=` origin (RFC 8866 §5.2).
    public static let origin = SDPLineType(letter: 0x6F)
    /// `s=` session name (RFC 8866 §5.3).
    public static let sessionName = SDPLineType(letter: 0x73)
    /// `i=` session or media information (RFC 8866 §5.4).
    public static let information = SDPLineType(letter: 0x69)
    /// `u=` URI (RFC 8866 §5.5).
    public static let uri = SDPLineType(letter: 0x75)
    /// `e=` email address (RFC 8866 §5.6).
    public static let email = SDPLineType(letter: 0x65)
    /// `p=` phone number (RFC 8866 §5.6).
    public static let phone = SDPLineType(letter: 0x70)
    /// `c=` connection data (RFC 8866 §5.7).
    public static let connection = SDPLineType(letter: 0x63)
    /// `b=` bandwidth (RFC 8866 §5.8).
    public static let bandwidth = SDPLineType(letter: 0x62)
    /// `t=` time active (RFC 8866 §5.9).
    public static let timing = SDPLineType(letter: 0x74)
    /// `r=` repeat times (RFC 8866 §5.10).
    public static let repeatTimes = SDPLineType(letter: 0x72)
    /// `z=` time zone adjustments (RFC 8866 §5.11).
    public static let timeZone = SDPLineType(letter: 0x7A)
    /// `k=` encryption key, obsolete (RFC 8866 §5.12).
    public static let key = SDPLineType(letter: 0x6B)
    /// `a=` attribute (RFC 8866 §5.13).
    public static let attribute = SDPLineType(letter: 0x61)
    /// `m=` media description (RFC 8866 §5.14).
    public static let media = SDPLineType(letter: 0x6D)

    /// The type letter.
    public var description: String { String(Character(Unicode.Scalar(rawValue))) }

    /// Types that belong to the session section only (RFC 8866 §5 ordering).
    var isSessionOnly: Bool {
        switch self {
        case .version, .origin, .sessionName, .uri, .email, .phone, .timing, .repeatTimes, .timeZone: true
        default: false
        }
    }
}
