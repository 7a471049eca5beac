/// Which attributes a receiver processes, in wire order (RFC 8489 §14.5, §14.6, §14.7).
///
/// After MESSAGE-INTEGRITY only MESSAGE-INTEGRITY-SHA256 and FINGERPRINT count; after
/// MESSAGE-INTEGRITY-SHA256 only FINGERPRINT; after FINGERPRINT (which must be last) nothing.
/// The one place this rule lives: accessors, unknown-attribute reports and verification use it.
struct STUNAttributeSignificance {
    /// How far through the integrity attributes the scan is.
    private enum Stage {
        case open
        case afterIntegrity
        case afterIntegritySHA256
        case afterFingerprint
    }

    /// The current stage.
    private var stage = Stage.open

    /// Reports whether the next attribute, of `type`, is significant, and advances.
    mutating func admit(_ type: STUNAttributeType) -> Bool {
        switch stage {
        case .open:
            if type == .messageIntegrity { stage = .afterIntegrity }
            if type == .messageIntegritySHA256 { stage = .afterIntegritySHA256 }
            if type == .fingerprint { stage = .afterFingerprint }
            return true
        case .afterIntegrity:
            if type == .messageIntegritySHA256 { stage = .afterIntegritySHA256; return true }
            if type == .fingerprint { stage = .afterFingerprint; return true }
            return false
        case .afterIntegritySHA256:
            if type == .fingerprint { stage = .afterFingerprint; return true }
            return false
        case .afterFingerprint:
            return false
        }
    }
}
