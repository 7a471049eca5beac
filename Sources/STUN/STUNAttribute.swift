/// One STUN attribute, typed when this module understands it (RFC 8489 §14, RFC 8445 §16.1).
///
/// Lossless: a type this module does not model keeps its value bytes in ``other(_:_:)``, so
/// decoding and encoding again keeps every attribute in order. Padding is not part of a value.
/// Wire formats are in `STUNAttribute+Coding.swift`. Equality is byte-exact
/// (`STUNAttribute+Equality.swift`): compare received text the same way, for example
/// `username.utf8.elementsEqual(expected.utf8)`, since `String ==` equates canonically
/// equivalent text.
public enum STUNAttribute: Sendable, Hashable {
    /// MAPPED-ADDRESS: the reflexive transport address, not obfuscated (RFC 8489 §14.1).
    case mappedAddress(STUNTransportAddress)
    /// XOR-MAPPED-ADDRESS: the reflexive transport address; the XOR with the magic cookie (and
    /// transaction ID) is applied when writing and undone when reading (RFC 8489 §14.2).
    case xorMappedAddress(STUNTransportAddress)
    /// USERNAME, UTF-8 (RFC 8489 §14.3; ICE's `RFRAG:LFRAG`, RFC 8445 §7.2.2).
    case username(String)
    /// USERHASH: SHA-256 of `username:realm`, 32 octets (RFC 8489 §14.4).
    case userhash([UInt8])
    /// MESSAGE-INTEGRITY: HMAC-SHA1, 20 octets (RFC 8489 §14.5). Normally added by the encoder.
    case messageIntegrity([UInt8])
    /// MESSAGE-INTEGRITY-SHA256: HMAC-SHA256, 16–32 octets, a multiple of 4 (RFC 8489 §14.6).
    case messageIntegritySHA256([UInt8])
    /// FINGERPRINT: CRC-32 of the message XOR 0x5354554E (RFC 8489 §14.7).
    case fingerprint(UInt32)
    /// ERROR-CODE (RFC 8489 §14.8).
    case errorCode(STUNErrorCode)
    /// REALM, UTF-8 (RFC 8489 §14.9).
    case realm(String)
    /// NONCE, UTF-8 (RFC 8489 §14.10).
    case nonce(String)
    /// UNKNOWN-ATTRIBUTES: the comprehension-required types not understood (RFC 8489 §14.13).
    case unknownAttributes([STUNAttributeType])
    /// SOFTWARE, UTF-8 (RFC 8489 §14.14).
    case software(String)
    /// ALTERNATE-SERVER (RFC 8489 §14.15).
    case alternateServer(STUNTransportAddress)
    /// PRIORITY: the priority a peer-reflexive candidate would get (RFC 8445 §7.1.1, §16.1).
    case priority(UInt32)
    /// USE-CANDIDATE: no value; the controlling agent nominates the pair (RFC 8445 §7.1.2).
    case useCandidate
    /// ICE-CONTROLLED with its 64-bit tiebreaker (RFC 8445 §7.1.3, §16.1).
    case iceControlled(UInt64)
    /// ICE-CONTROLLING with its 64-bit tiebreaker (RFC 8445 §7.1.3, §16.1).
    case iceControlling(UInt64)
    /// Any other attribute: its type and value bytes, unchanged (RFC 8489 §14).
    case other(STUNAttributeType, [UInt8])

    /// The attribute's type.
    public var type: STUNAttributeType {
        switch self {
        case .mappedAddress: return .mappedAddress
        case .xorMappedAddress: return .xorMappedAddress
        case .username: return .username
        case .userhash: return .userhash
        case .messageIntegrity: return .messageIntegrity
        case .messageIntegritySHA256: return .messageIntegritySHA256
        case .fingerprint: return .fingerprint
        case .errorCode: return .errorCode
        case .realm: return .realm
        case .nonce: return .nonce
        case .unknownAttributes: return .unknownAttributes
        case .software: return .software
        case .alternateServer: return .alternateServer
        case .priority: return .priority
        case .useCandidate: return .useCandidate
        case .iceControlled: return .iceControlled
        case .iceControlling: return .iceControlling
        case .other(let type, _): return type
        }
    }

    /// Whether this module decodes `type` into a typed case (everything else is
    /// ``other(_:_:)``, and if comprehension-required, reported as unknown).
    public static func isUnderstood(_ type: STUNAttributeType) -> Bool {
        switch type {
        case .mappedAddress, .xorMappedAddress, .username, .userhash, .messageIntegrity,
             .messageIntegritySHA256, .fingerprint, .errorCode, .realm, .nonce, .unknownAttributes,
             .software, .alternateServer, .priority, .useCandidate, .iceControlled, .iceControlling:
            return true
        default:
            return false
        }
    }
}
