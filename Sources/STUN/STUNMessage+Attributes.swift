/// Reading attributes the way a receiver must (RFC 8489 §14, §14.5–§14.7; RFC 8445 §7.3).
///
/// Every accessor looks only at ``significantAttributes`` and returns the first occurrence:
/// duplicates after it are ignored (RFC 8489 §14: only the first occurrence needs processing).
extension STUNMessage {
    /// The attributes a receiver processes: all of them up to MESSAGE-INTEGRITY, then only
    /// MESSAGE-INTEGRITY-SHA256 and FINGERPRINT (RFC 8489 §14.5, §14.6), nothing after
    /// FINGERPRINT (§14.7).
    public var significantAttributes: [STUNAttribute] {
        var significance = STUNAttributeSignificance()
        return attributes.filter { significance.admit($0.type) }
    }

    /// The first significant attribute of `type`.
    public func attribute(_ type: STUNAttributeType) -> STUNAttribute? {
        var significance = STUNAttributeSignificance()
        for attribute in attributes where significance.admit(attribute.type) {
            if attribute.type == type { return attribute }
        }
        return nil
    }

    /// The significant comprehension-required attribute types this module does not understand,
    /// each once, in order: a server answers a request carrying any with 420 and
    /// UNKNOWN-ATTRIBUTES (RFC 8489 §6.3.1, §14.13); a client treats such a response as failed.
    public var unknownComprehensionRequiredAttributes: [STUNAttributeType] {
        var significance = STUNAttributeSignificance()
        var types: [STUNAttributeType] = []
        for attribute in attributes where significance.admit(attribute.type) {
            let type = attribute.type
            if type.isComprehensionRequired, !STUNAttribute.isUnderstood(type), !types.contains(type) {
                types.append(type)
            }
        }
        return types
    }

    /// MAPPED-ADDRESS (RFC 8489 §14.1).
    public var mappedAddress: STUNTransportAddress? {
        if case .mappedAddress(let value)? = attribute(.mappedAddress) { return value }
        return nil
    }

    /// XOR-MAPPED-ADDRESS, already un-XOR-ed (RFC 8489 §14.2).
    public var xorMappedAddress: STUNTransportAddress? {
        if case .xorMappedAddress(let value)? = attribute(.xorMappedAddress) { return value }
        return nil
    }

    /// USERNAME (RFC 8489 §14.3).
    public var username: String? {
        if case .username(let value)? = attribute(.username) { return value }
        return nil
    }

    /// ERROR-CODE (RFC 8489 §14.8).
    public var errorCode: STUNErrorCode? {
        if case .errorCode(let value)? = attribute(.errorCode) { return value }
        return nil
    }

    /// UNKNOWN-ATTRIBUTES (RFC 8489 §14.13).
    public var unknownAttributes: [STUNAttributeType]? {
        if case .unknownAttributes(let value)? = attribute(.unknownAttributes) { return value }
        return nil
    }

    /// REALM (RFC 8489 §14.9).
    public var realm: String? {
        if case .realm(let value)? = attribute(.realm) { return value }
        return nil
    }

    /// NONCE (RFC 8489 §14.10).
    public var nonce: String? {
        if case .nonce(let value)? = attribute(.nonce) { return value }
        return nil
    }

    /// SOFTWARE (RFC 8489 §14.14).
    public var software: String? {
        if case .software(let value)? = attribute(.software) { return value }
        return nil
    }

    /// ALTERNATE-SERVER (RFC 8489 §14.15).
    public var alternateServer: STUNTransportAddress? {
        if case .alternateServer(let value)? = attribute(.alternateServer) { return value }
        return nil
    }

    /// FINGERPRINT's value as received (RFC 8489 §14.7); check it with ``verifyFingerprint()``.
    public var fingerprint: UInt32? {
        if case .fingerprint(let value)? = attribute(.fingerprint) { return value }
        return nil
    }

    /// PRIORITY (RFC 8445 §7.1.1).
    public var priority: UInt32? {
        if case .priority(let value)? = attribute(.priority) { return value }
        return nil
    }

    /// Whether USE-CANDIDATE is present (RFC 8445 §7.1.2).
    public var useCandidate: Bool { attribute(.useCandidate) != nil }

    /// ICE-CONTROLLING's tiebreaker (RFC 8445 §7.1.3).
    public var iceControlling: UInt64? {
        if case .iceControlling(let value)? = attribute(.iceControlling) { return value }
        return nil
    }

    /// ICE-CONTROLLED's tiebreaker (RFC 8445 §7.1.3).
    public var iceControlled: UInt64? {
        if case .iceControlled(let value)? = attribute(.iceControlled) { return value }
        return nil
    }
}
