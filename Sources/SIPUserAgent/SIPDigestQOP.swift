/// A quality-of-protection value of the `qop` parameter (RFC 7616 §3.3, RFC 2617 §3.2.1).
public enum SIPDigestQOP: Sendable, Hashable, CustomStringConvertible {
    /// `auth`: authentication only.
    case auth
    /// `auth-int`: authentication with integrity protection of the body (RFC 7616 §3.4.3).
    case authInt
    /// Any other token, as written.
    case other(String)

    /// Reads a qop token, ignoring case.
    public init(token: String) {
        switch token.lowercased() {
        case "auth": self = .auth
        case "auth-int": self = .authInt
        default: self = .other(token)
        }
    }

    /// The token as sent in credentials.
    public var token: String {
        switch self {
        case .auth: "auth"
        case .authInt: "auth-int"
        case .other(let raw): raw
        }
    }

    /// The token.
    public var description: String { token }

    /// Splits a challenge's `qop="auth,auth-int"` value (RFC 7616 §3.3) into values.
    static func list(_ text: String) -> [SIPDigestQOP] {
        text.split(separator: ",").compactMap { part in
            let token = part.filter { $0 != " " && $0 != "\t" && $0 != "\r" && $0 != "\n" }
            return token.isEmpty ? nil : SIPDigestQOP(token: String(token))
        }
    }
}
