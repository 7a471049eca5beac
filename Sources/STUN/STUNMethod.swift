/// A STUN method: the 12-bit M0…M11 part of the message type (RFC 8489 §5, §18.2).
///
/// Lossless: any 12-bit value decodes to a method; the named ones are constants.
/// Bits above the twelfth are ignored when the method is written.
public struct STUNMethod: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The method number (0x000–0xFFF).
    public let rawValue: UInt16

    /// Creates a method from its number; bits above the twelfth are dropped.
    public init(rawValue: UInt16) {
        self.rawValue = rawValue & 0x0FFF
    }

    /// Binding (0x001), the only method STUN itself and ICE use (RFC 8489 §18.2).
    public static let binding = STUNMethod(rawValue: 0x001)
    /// TURN Allocate (0x003, RFC 8656 §17).
    public static let allocate = STUNMethod(rawValue: 0x003)
    /// TURN Refresh (0x004, RFC 8656 §17).
    public static let refresh = STUNMethod(rawValue: 0x004)
    /// TURN Send (0x006, RFC 8656 §17), an indication.
    public static let send = STUNMethod(rawValue: 0x006)
    /// TURN Data (0x007, RFC 8656 §17), an indication.
    public static let data = STUNMethod(rawValue: 0x007)
    /// TURN CreatePermission (0x008, RFC 8656 §17).
    public static let createPermission = STUNMethod(rawValue: 0x008)
    /// TURN ChannelBind (0x009, RFC 8656 §17).
    public static let channelBind = STUNMethod(rawValue: 0x009)

    /// The method's name, or its number in hex.
    public var description: String {
        switch rawValue {
        case 0x001: return "Binding"
        case 0x003: return "Allocate"
        case 0x004: return "Refresh"
        case 0x006: return "Send"
        case 0x007: return "Data"
        case 0x008: return "CreatePermission"
        case 0x009: return "ChannelBind"
        default: return "0x" + STUNHex.string(UInt64(rawValue), digits: 3)
        }
    }
}
