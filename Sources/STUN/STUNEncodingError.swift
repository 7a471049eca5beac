/// Why a message could not be encoded (RFC 8489 §5, §14): only values this side built can
/// cause it, never received input.
public enum STUNEncodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An attribute value is longer than the 16-bit length field allows.
    case attributeTooLong(STUNAttributeType, length: Int)
    /// The attributes add up to more than the 16-bit message length allows (65,532 bytes).
    case messageTooLong(length: Int)
    /// An ERROR-CODE outside 300–699 (RFC 8489 §14.8).
    case invalidErrorCode(Int)

    /// One line naming the problem.
    public var description: String {
        switch self {
        case .attributeTooLong(let type, let length):
            return "\(type) value of \(length) bytes does not fit a STUN attribute"
        case .messageTooLong(let length):
            return "STUN message body of \(length) bytes exceeds the 16-bit length field"
        case .invalidErrorCode(let code):
            return "error code \(code) is outside 300-699"
        }
    }
}
