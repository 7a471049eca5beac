import Crypto

/// The key of MESSAGE-INTEGRITY and MESSAGE-INTEGRITY-SHA256 (RFC 8489 §9.1.1, §9.2.2).
///
/// The caller passes text already prepared with the OpaqueString profile (RFC 8265); this
/// module applies no Unicode preparation. ICE passwords are `ice-char` ASCII, which the profile
/// leaves unchanged. The description never shows the key.
///
/// A key remembers its HMAC key schedule (the hashed padded blocks, RFC 2104) once it has been
/// used, so keep one key value per password for the messages it signs or checks instead of
/// creating one per message. Equality and hashing look at ``bytes`` only.
public struct STUNIntegrityKey: Sendable, Hashable, CustomStringConvertible {
    /// The key bytes.
    public let bytes: [UInt8]

    /// The HMAC schedules, computed on first use and shared by copies of this key.
    let schedules: STUNIntegrityKeySchedules

    /// Creates a key from raw bytes.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
        self.schedules = STUNIntegrityKeySchedules()
    }

    /// Whether both keys have the same bytes.
    public static func == (lhs: STUNIntegrityKey, rhs: STUNIntegrityKey) -> Bool {
        lhs.bytes == rhs.bytes
    }

    /// Hashes the key bytes.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(bytes)
    }

    /// The short-term credential key: the password's UTF-8 bytes (RFC 8489 §9.1.1; ICE uses
    /// the peer's `ice-pwd` for the checks it sends and its own for those it answers,
    /// RFC 8445 §7.2.2).
    public static func shortTerm(password: String) -> STUNIntegrityKey {
        STUNIntegrityKey(bytes: Array(password.utf8))
    }

    /// The long-term credential key: MD5 or SHA-256 of `username:realm:password`
    /// (RFC 8489 §9.2.2).
    public static func longTerm(
        username: String, realm: String, password: String, algorithm: STUNPasswordAlgorithm = .md5
    ) -> STUNIntegrityKey {
        let input = Array("\(username):\(realm):\(password)".utf8)
        switch algorithm {
        case .md5: return STUNIntegrityKey(bytes: Array(Insecure.MD5.hash(data: input)))
        case .sha256: return STUNIntegrityKey(bytes: Array(SHA256.hash(data: input)))
        }
    }

    /// The USERHASH value: SHA-256 of `username:realm` (RFC 8489 §14.4).
    public static func userhash(username: String, realm: String) -> [UInt8] {
        Array(SHA256.hash(data: Array("\(username):\(realm)".utf8)))
    }

    /// `STUNIntegrityKey(N bytes)`, without the key.
    public var description: String { "STUNIntegrityKey(\(bytes.count) bytes)" }
}
