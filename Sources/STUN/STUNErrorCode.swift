/// The value of ERROR-CODE: a code 300–699 and a UTF-8 reason phrase (RFC 8489 §14.8).
///
/// On the wire the code is split into a class (the hundreds, 3–6) and a number (0–99).
public struct STUNErrorCode: Sendable, Hashable, CustomStringConvertible {
    /// The error code, 300–699.
    public var code: Int
    /// The reason phrase (RFC 8489 §14.8: fewer than 128 characters).
    public var reason: String

    /// Creates an error code value.
    public init(code: Int, reason: String) {
        self.code = code
        self.reason = reason
    }

    /// Creates the value with the reason phrase RFC 8489 §14.8 / RFC 8445 §16.1 suggest for
    /// `code` (empty for a code they do not name).
    public init(code: Int) {
        self.init(code: code, reason: Self.defaultReason(for: code))
    }

    /// 300 Try Alternate (RFC 8489 §14.8).
    public static let tryAlternate = STUNErrorCode(code: 300)
    /// 400 Bad Request: the request was malformed (RFC 8489 §14.8).
    public static let badRequest = STUNErrorCode(code: 400)
    /// 401 Unauthenticated: missing or wrong credentials (RFC 8489 §14.8).
    public static let unauthenticated = STUNErrorCode(code: 401)
    /// 420 Unknown Attribute, sent with UNKNOWN-ATTRIBUTES (RFC 8489 §14.8, §14.13).
    public static let unknownAttribute = STUNErrorCode(code: 420)
    /// 438 Stale Nonce (RFC 8489 §14.8).
    public static let staleNonce = STUNErrorCode(code: 438)
    /// 487 Role Conflict, ICE's answer to a role clash (RFC 8445 §7.3.1.1, §16.1).
    public static let roleConflict = STUNErrorCode(code: 487)
    /// 500 Server Error (RFC 8489 §14.8).
    public static let serverError = STUNErrorCode(code: 500)

    /// The suggested reason phrase for `code`, or an empty string.
    public static func defaultReason(for code: Int) -> String {
        switch code {
        case 300: return "Try Alternate"
        case 400: return "Bad Request"
        case 401: return "Unauthenticated"
        case 403: return "Forbidden"
        case 420: return "Unknown Attribute"
        case 437: return "Allocation Mismatch"
        case 438: return "Stale Nonce"
        case 440: return "Address Family not Supported"
        case 441: return "Wrong Credentials"
        case 442: return "Unsupported Transport Protocol"
        case 443: return "Peer Address Family Mismatch"
        case 486: return "Allocation Quota Reached"
        case 487: return "Role Conflict"
        case 500: return "Server Error"
        case 508: return "Insufficient Capacity"
        default: return ""
        }
    }

    /// Whether the codes are equal and the reasons have the same UTF-8 bytes (not merely
    /// canonically equivalent text).
    public static func == (lhs: STUNErrorCode, rhs: STUNErrorCode) -> Bool {
        lhs.code == rhs.code && lhs.reason.utf8.elementsEqual(rhs.reason.utf8)
    }

    /// `487 Role Conflict`.
    public var description: String { reason.isEmpty ? String(code) : "\(code) \(reason)" }
}
