/// The 16-bit type of a STUN attribute (RFC 8489 §14, §18.3; ICE's in RFC 8445 §16.1).
///
/// Lossless: every value is a type; the ones this module understands are constants.
/// Types 0x0000–0x7FFF are comprehension-required, 0x8000–0xFFFF comprehension-optional
/// (RFC 8489 §14).
public struct STUNAttributeType: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The type number as on the wire.
    public let rawValue: UInt16

    /// Creates a type from its number.
    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// Creates a type from its number.
    public init(_ rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// Whether an agent that does not understand the attribute must reject the message
    /// (type < 0x8000, RFC 8489 §14): a request is answered 420 with UNKNOWN-ATTRIBUTES,
    /// a response makes the transaction fail (RFC 8489 §6.3.1, §6.3.3).
    public var isComprehensionRequired: Bool { rawValue < 0x8000 }

    /// Orders types by number.
    public static func < (lhs: STUNAttributeType, rhs: STUNAttributeType) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    // MARK: - Comprehension-required (0x0000–0x7FFF)

    /// MAPPED-ADDRESS (0x0001, RFC 8489 §14.1).
    public static let mappedAddress = STUNAttributeType(0x0001)
    /// USERNAME (0x0006, RFC 8489 §14.3).
    public static let username = STUNAttributeType(0x0006)
    /// MESSAGE-INTEGRITY (0x0008, RFC 8489 §14.5).
    public static let messageIntegrity = STUNAttributeType(0x0008)
    /// ERROR-CODE (0x0009, RFC 8489 §14.8).
    public static let errorCode = STUNAttributeType(0x0009)
    /// UNKNOWN-ATTRIBUTES (0x000A, RFC 8489 §14.13).
    public static let unknownAttributes = STUNAttributeType(0x000A)
    /// REALM (0x0014, RFC 8489 §14.9).
    public static let realm = STUNAttributeType(0x0014)
    /// NONCE (0x0015, RFC 8489 §14.10).
    public static let nonce = STUNAttributeType(0x0015)
    /// MESSAGE-INTEGRITY-SHA256 (0x001C, RFC 8489 §14.6).
    public static let messageIntegritySHA256 = STUNAttributeType(0x001C)
    /// PASSWORD-ALGORITHM (0x001D, RFC 8489 §14.12); kept as ``STUNAttribute/other(_:_:)``.
    public static let passwordAlgorithm = STUNAttributeType(0x001D)
    /// USERHASH (0x001E, RFC 8489 §14.4).
    public static let userhash = STUNAttributeType(0x001E)
    /// XOR-MAPPED-ADDRESS (0x0020, RFC 8489 §14.2).
    public static let xorMappedAddress = STUNAttributeType(0x0020)
    /// PRIORITY (0x0024, RFC 8445 §7.1.1, §16.1).
    public static let priority = STUNAttributeType(0x0024)
    /// USE-CANDIDATE (0x0025, RFC 8445 §7.1.2, §16.1).
    public static let useCandidate = STUNAttributeType(0x0025)

    // MARK: - Comprehension-optional (0x8000–0xFFFF)

    /// PASSWORD-ALGORITHMS (0x8002, RFC 8489 §14.11); kept as ``STUNAttribute/other(_:_:)``.
    public static let passwordAlgorithms = STUNAttributeType(0x8002)
    /// ALTERNATE-DOMAIN (0x8003, RFC 8489 §14.16); kept as ``STUNAttribute/other(_:_:)``.
    public static let alternateDomain = STUNAttributeType(0x8003)
    /// SOFTWARE (0x8022, RFC 8489 §14.14).
    public static let software = STUNAttributeType(0x8022)
    /// ALTERNATE-SERVER (0x8023, RFC 8489 §14.15).
    public static let alternateServer = STUNAttributeType(0x8023)
    /// FINGERPRINT (0x8028, RFC 8489 §14.7).
    public static let fingerprint = STUNAttributeType(0x8028)
    /// ICE-CONTROLLED (0x8029, RFC 8445 §7.1.3, §16.1).
    public static let iceControlled = STUNAttributeType(0x8029)
    /// ICE-CONTROLLING (0x802A, RFC 8445 §7.1.3, §16.1).
    public static let iceControlling = STUNAttributeType(0x802A)

    /// The attribute's RFC name, or its number in hex.
    public var description: String {
        switch rawValue {
        case 0x0001: return "MAPPED-ADDRESS"
        case 0x0006: return "USERNAME"
        case 0x0008: return "MESSAGE-INTEGRITY"
        case 0x0009: return "ERROR-CODE"
        case 0x000A: return "UNKNOWN-ATTRIBUTES"
        case 0x0014: return "REALM"
        case 0x0015: return "NONCE"
        case 0x001C: return "MESSAGE-INTEGRITY-SHA256"
        case 0x001D: return "PASSWORD-ALGORITHM"
        case 0x001E: return "USERHASH"
        case 0x0020: return "XOR-MAPPED-ADDRESS"
        case 0x0024: return "PRIORITY"
        case 0x0025: return "USE-CANDIDATE"
        case 0x8002: return "PASSWORD-ALGORITHMS"
        case 0x8003: return "ALTERNATE-DOMAIN"
        case 0x8022: return "SOFTWARE"
        case 0x8023: return "ALTERNATE-SERVER"
        case 0x8028: return "FINGERPRINT"
        case 0x8029: return "ICE-CONTROLLED"
        case 0x802A: return "ICE-CONTROLLING"
        default: return "0x" + STUNHex.string(UInt64(rawValue), digits: 4)
        }
    }
}
