import Crypto

/// The message-integrity attributes: HMAC-SHA1 in MESSAGE-INTEGRITY (RFC 8489 §14.5) and
/// HMAC-SHA256 in MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6).
public enum STUNIntegrityAlgorithm: Sendable, Hashable, CaseIterable {
    /// MESSAGE-INTEGRITY: HMAC-SHA1, 20 bytes (the one ICE uses, RFC 8445 §7.2.2).
    case hmacSHA1
    /// MESSAGE-INTEGRITY-SHA256: HMAC-SHA256, written in full (32 bytes).
    case hmacSHA256

    /// The attribute type that carries the code.
    public var attributeType: STUNAttributeType {
        switch self {
        case .hmacSHA1: return .messageIntegrity
        case .hmacSHA256: return .messageIntegritySHA256
        }
    }

    /// The length of the code this module writes.
    public var codeLength: Int {
        switch self {
        case .hmacSHA1: return 20
        case .hmacSHA256: return 32
        }
    }

    /// Calls `body` with the HMAC of `first` followed by `second` under `key` (20 bytes for
    /// HMAC-SHA1, 32 for HMAC-SHA256), computed from the key's cached schedule.
    func withAuthenticationCode<Result>(
        key: STUNIntegrityKey, _ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer,
        _ body: (UnsafeRawBufferPointer) -> Result
    ) -> Result {
        switch self {
        case .hmacSHA1:
            let code = key.schedules.hmacSHA1(key: key.bytes).schedule.code(first, second)
            return code.withUnsafeBytes { body($0) }
        case .hmacSHA256:
            let code = key.schedules.hmacSHA256(key: key.bytes).schedule.code(first, second)
            return code.withUnsafeBytes { body($0) }
        }
    }

    /// The HMAC of the concatenation of `first` and `second` under `key`.
    func authenticationCode(
        key: STUNIntegrityKey, parts first: ArraySlice<UInt8>, _ second: ArraySlice<UInt8>
    ) -> [UInt8] {
        first.withUnsafeBytes { first in
            second.withUnsafeBytes { second in
                withAuthenticationCode(key: key, first, second) { Array($0) }
            }
        }
    }
}
