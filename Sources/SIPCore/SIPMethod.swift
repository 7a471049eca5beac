/// A SIP request method (RFC 3261 §7.1). Methods are case-sensitive tokens; any token the wire
/// carries is kept as it is.
public struct SIPMethod: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The method as it appears on the wire.
    public let rawValue: String

    /// Creates a method from its wire spelling.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    /// Creates a method from a string literal.
    public init(stringLiteral value: String) { self.rawValue = value }

    /// The wire spelling.
    public var description: String { rawValue }

    /// `INVITE` (RFC 3261).
    public static let invite: SIPMethod = "INVITE"
    /// `ACK` (RFC 3261).
    public static let ack: SIPMethod = "ACK"
    /// `BYE` (RFC 3261).
    public static let bye: SIPMethod = "BYE"
    /// `CANCEL` (RFC 3261).
    public static let cancel: SIPMethod = "CANCEL"
    /// `OPTIONS` (RFC 3261).
    public static let options: SIPMethod = "OPTIONS"
    /// `REGISTER` (RFC 3261).
    public static let register: SIPMethod = "REGISTER"
    /// `PRACK` (RFC 3262).
    public static let prack: SIPMethod = "PRACK"
    /// `SUBSCRIBE` (RFC 6665).
    public static let subscribe: SIPMethod = "SUBSCRIBE"
    /// `NOTIFY` (RFC 6665).
    public static let notify: SIPMethod = "NOTIFY"
    /// `PUBLISH` (RFC 3903).
    public static let publish: SIPMethod = "PUBLISH"
    /// `INFO` (RFC 6086).
    public static let info: SIPMethod = "INFO"
    /// `REFER` (RFC 3515).
    public static let refer: SIPMethod = "REFER"
    /// `MESSAGE` (RFC 3428).
    public static let message: SIPMethod = "MESSAGE"
    /// `UPDATE` (RFC 3311).
    public static let update: SIPMethod = "UPDATE"

    /// The methods this package knows by name.
    public static let known: [SIPMethod] = [
        .invite, .ack, .bye, .cancel, .options, .register, .prack, .subscribe, .notify,
        .publish, .info, .refer, .message, .update,
    ]
}
