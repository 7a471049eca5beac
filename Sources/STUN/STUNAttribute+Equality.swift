/// Byte-exact equality of attributes.
///
/// Swift's `String ==` treats canonically equivalent text as equal ("K" and U+212A KELVIN SIGN
/// are), so text attributes are compared on their UTF-8 bytes instead: two attributes are
/// equal exactly when they encode to the same bytes. The synthesized hash stays consistent
/// (byte-equal strings hash alike).
extension STUNAttribute {
    /// Whether both attributes have the same type and encode to the same value bytes.
    public static func == (lhs: STUNAttribute, rhs: STUNAttribute) -> Bool {
        switch (lhs, rhs) {
        case (.username(let a), .username(let b)), (.realm(let a), .realm(let b)),
             (.nonce(let a), .nonce(let b)), (.software(let a), .software(let b)):
            return a.utf8.elementsEqual(b.utf8)
        case (.mappedAddress(let a), .mappedAddress(let b)), (.xorMappedAddress(let a), .xorMappedAddress(let b)),
             (.alternateServer(let a), .alternateServer(let b)):
            return a == b
        case (.userhash(let a), .userhash(let b)), (.messageIntegrity(let a), .messageIntegrity(let b)),
             (.messageIntegritySHA256(let a), .messageIntegritySHA256(let b)):
            return a == b
        case (.fingerprint(let a), .fingerprint(let b)), (.priority(let a), .priority(let b)):
            return a == b
        case (.iceControlled(let a), .iceControlled(let b)), (.iceControlling(let a), .iceControlling(let b)):
            return a == b
        case (.errorCode(let a), .errorCode(let b)):
            return a == b
        case (.unknownAttributes(let a), .unknownAttributes(let b)):
            return a == b
        case (.useCandidate, .useCandidate):
            return true
        case (.other(let typeA, let a), .other(let typeB, let b)):
            return typeA == typeB && a == b
        default:
            return false
        }
    }
}
