extension RTCPSourceDescription {
    /// The SDES item type octet (RFC 3550 §6.5, §12.2); others stay lossless as ``other(_:)``.
    public enum ItemType: Sendable, Hashable {
        /// 1 CNAME: canonical end-point identifier (RFC 3550 §6.5.1).
        case cname
        /// 2 NAME: user name.
        case name
        /// 3 EMAIL.
        case email
        /// 4 PHONE.
        case phone
        /// 5 LOC: geographic location.
        case location
        /// 6 TOOL: application or tool name.
        case tool
        /// 7 NOTE: notice or status.
        case note
        /// 8 PRIV: private extension (RFC 3550 §6.5.8).
        case privateExtension
        /// Any other value (for example 12, MID, RFC 8843); 0 is END and never an item.
        case other(UInt8)

        /// Creates the type for the wire value.
        public init(rawValue: UInt8) {
            switch rawValue {
            case 1: self = .cname
            case 2: self = .name
            case 3: self = .email
            case 4: self = .phone
            case 5: self = .location
            case 6: self = .tool
            case 7: self = .note
            case 8: self = .privateExtension
            default: self = .other(rawValue)
            }
        }

        /// The wire value.
        public var rawValue: UInt8 {
            switch self {
            case .cname: return 1
            case .name: return 2
            case .email: return 3
            case .phone: return 4
            case .location: return 5
            case .tool: return 6
            case .note: return 7
            case .privateExtension: return 8
            case .other(let value): return value
            }
        }
    }
}
