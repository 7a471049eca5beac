/// The class of a STUN message: request, indication, success or error response
/// (RFC 8489 §5, §6).
///
/// The raw value is the two class bits C1 C0 of the message type field.
public enum STUNMessageClass: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// A request (C1 C0 = 0b00); answered by a success or error response (RFC 8489 §6.1).
    case request = 0b00
    /// An indication (0b01); never answered (RFC 8489 §6.1).
    case indication = 0b01
    /// A success response (0b10).
    case successResponse = 0b10
    /// An error response (0b11), carrying ERROR-CODE (RFC 8489 §14.8).
    case errorResponse = 0b11

    /// Whether this is one of the two response classes.
    public var isResponse: Bool { self == .successResponse || self == .errorResponse }

    /// The class name as RFC 8489 §5 writes it.
    public var description: String {
        switch self {
        case .request: return "request"
        case .indication: return "indication"
        case .successResponse: return "success response"
        case .errorResponse: return "error response"
        }
    }
}
