/// Why a received message failed authentication or its fingerprint check
/// (RFC 8489 §14.5, §14.6, §14.7, §9.1.3): the message must be dropped (or, for a request,
/// answered 400/401 as RFC 8489 §9.1.3 says).
public enum STUNVerificationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Neither MESSAGE-INTEGRITY nor MESSAGE-INTEGRITY-SHA256 is present where it counts.
    case missingIntegrity
    /// The integrity attribute does not match the key.
    case integrityMismatch(STUNIntegrityAlgorithm)
    /// No FINGERPRINT attribute.
    case missingFingerprint
    /// FINGERPRINT is present but not the last attribute (RFC 8489 §14.7).
    case fingerprintNotLast
    /// The FINGERPRINT value is not the CRC-32 of the message XOR 0x5354554E.
    case fingerprintMismatch(expected: UInt32, received: UInt32)
    /// The message (built here, not received) could not be encoded to be checked.
    case unencodable(STUNEncodingError)

    /// One line naming the problem.
    public var description: String {
        switch self {
        case .missingIntegrity: return "no MESSAGE-INTEGRITY or MESSAGE-INTEGRITY-SHA256"
        case .integrityMismatch(let algorithm): return "\(algorithm.attributeType) does not match the key"
        case .missingFingerprint: return "no FINGERPRINT"
        case .fingerprintNotLast: return "FINGERPRINT is not the last attribute"
        case .fingerprintMismatch(let expected, let received):
            return "FINGERPRINT 0x\(STUNHex.string(UInt64(received), digits: 8)) "
                + "should be 0x\(STUNHex.string(UInt64(expected), digits: 8))"
        case .unencodable(let error): return "cannot encode the message to verify it: \(error)"
        }
    }
}
