import Crypto

/// A digest algorithm of the `algorithm` parameter (RFC 7616 §3.2, §6.1; RFC 8760 §2.1).
///
/// Tokens compare case-insensitively; an unknown token is kept in `.other(raw)` and only fails
/// when a response must be computed with it.
public enum SIPDigestAlgorithm: Sendable, Hashable, CustomStringConvertible {
    /// `MD5` (RFC 2617 §3.2.1), the default when the parameter is absent.
    case md5
    /// `MD5-sess` (RFC 2617 §3.2.2.2).
    case md5Session
    /// `SHA-256` (RFC 7616 §3.2, RFC 8760 §2.1).
    case sha256
    /// `SHA-256-sess` (RFC 7616 §3.4.2).
    case sha256Session
    /// `SHA-512-256`: SHA-512/256 (RFC 7616 §3.2, RFC 8760 §2.1).
    case sha512_256
    /// `SHA-512-256-sess` (RFC 7616 §3.4.2).
    case sha512_256Session
    /// Any other token, as written.
    case other(String)

    /// Reads an `algorithm` token, ignoring case (RFC 7616 §3.3).
    public init(token: String) {
        switch token.lowercased() {
        case "md5": self = .md5
        case "md5-sess": self = .md5Session
        case "sha-256": self = .sha256
        case "sha-256-sess": self = .sha256Session
        case "sha-512-256": self = .sha512_256
        case "sha-512-256-sess": self = .sha512_256Session
        default: self = .other(token)
        }
    }

    /// The token as RFC 7616 §6.1 registers it (or as written, for `.other`).
    public var token: String {
        switch self {
        case .md5: "MD5"
        case .md5Session: "MD5-sess"
        case .sha256: "SHA-256"
        case .sha256Session: "SHA-256-sess"
        case .sha512_256: "SHA-512-256"
        case .sha512_256Session: "SHA-512-256-sess"
        case .other(let raw): raw
        }
    }

    /// The token.
    public var description: String { token }

    /// Whether HA1 includes the nonce and cnonce (a `-sess` variant, RFC 7616 §3.4.2).
    public var isSession: Bool {
        switch self {
        case .md5Session, .sha256Session, .sha512_256Session: true
        case .md5, .sha256, .sha512_256, .other: false
        }
    }

    /// Preference when several challenges are offered: higher is stronger, 0 means this stack
    /// cannot compute it (RFC 8760 §2.4: SHA-512/256 and SHA-256 before MD5).
    public var strength: Int {
        switch self {
        case .sha512_256, .sha512_256Session: 3
        case .sha256, .sha256Session: 2
        case .md5, .md5Session: 1
        case .other: 0
        }
    }

    /// Whether this stack can compute responses with it.
    public var isSupported: Bool { strength > 0 }

    /// `H(data)` as lower-case hex (RFC 7616 §3.4.1).
    public func hash(_ data: some Collection<UInt8>) throws(SIPDigestError) -> String {
        switch self {
        case .md5, .md5Session: return Self.hex(Insecure.MD5.hash(data: Array(data)))
        case .sha256, .sha256Session: return Self.hex(SHA256.hash(data: Array(data)))
        case .sha512_256, .sha512_256Session: return Self.hex(SHA512t256.hash(data))
        case .other(let raw): throw .unsupportedAlgorithm(raw)
        }
    }

    /// `H(text)` of the UTF-8 octets of `text`.
    public func hash(_ text: String) throws(SIPDigestError) -> String {
        try hash(Array(text.utf8))
    }

    private static let digits = Array("0123456789abcdef".utf8)

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
