/// Why a connection ended, in RFC 6455 §7.4 close-code terms so that the stream transports
/// (TCP, TLS) and the WebSocket transport (RFC 7118) report closures the same way.
public enum SIPCloseCode: Sendable, Hashable, CustomStringConvertible, RawRepresentable {
    /// 1000: closed on purpose, by either side, after the last message.
    case normal
    /// 1001: an endpoint is going away (server shutdown, page navigation).
    case goingAway
    /// 1002: the peer broke the protocol (for SIP over a stream: a framing error).
    case protocolError
    /// 1006: the connection was lost without a closing handshake (reset, refused, timeout).
    case abnormal
    /// 1009: a message was larger than the configured limits.
    case tooBig
    /// 1011: this side hit an unexpected condition.
    case internalError
    /// Any other close code, kept as received.
    case other(UInt16)

    /// The code for a numeric value; known values map to their named case.
    public init(rawValue: UInt16) {
        switch rawValue {
        case 1000: self = .normal
        case 1001: self = .goingAway
        case 1002: self = .protocolError
        case 1006: self = .abnormal
        case 1009: self = .tooBig
        case 1011: self = .internalError
        default: self = .other(rawValue)
        }
    }

    /// The numeric close code.
    public var rawValue: UInt16 {
        switch self {
        case .normal: 1000
        case .goingAway: 1001
        case .protocolError: 1002
        case .abnormal: 1006
        case .tooBig: 1009
        case .internalError: 1011
        case .other(let code): code
        }
    }

    /// Two codes are equal when their numbers are (`.other(1000) == .normal`).
    public static func == (lhs: SIPCloseCode, rhs: SIPCloseCode) -> Bool { lhs.rawValue == rhs.rawValue }

    /// Hashes the numeric code.
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    /// The code as a decimal string (`"1006"`), as the Plivo SDK reports a WebSocket close.
    public var description: String { String(rawValue) }

    /// The code's meaning in RFC 6455 §7.4.1 words (`"Abnormal closure"`), the seed's
    /// `eventReason`.
    public var meaning: String {
        switch self {
        case .normal: "Normal closure"
        case .goingAway: "Going away"
        case .protocolError: "Protocol error"
        case .abnormal: "Abnormal closure"
        case .tooBig: "Message too big"
        case .internalError: "Internal error"
        case .other(let value): "Close code \(value)"
        }
    }
}
