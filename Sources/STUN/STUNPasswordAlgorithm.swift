/// The hash that turns long-term credentials into a key (RFC 8489 §9.2.2, §18.5).
public enum STUNPasswordAlgorithm: Sendable, Hashable, CaseIterable {
    /// MD5 (0x0001), the default when no PASSWORD-ALGORITHM is present (RFC 8489 §9.2.2).
    case md5
    /// SHA-256 (0x0002).
    case sha256

    /// The number registered for it (RFC 8489 §18.5).
    public var rawValue: UInt16 {
        switch self {
        case .md5: return 0x0001
        case .sha256: return 0x0002
        }
    }
}
