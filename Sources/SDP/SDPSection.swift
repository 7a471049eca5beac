/// A section of a session description, the session part or one media description, seen as
/// its ordered lines (RFC 8866 §5). Typed attribute accessors are shared through this protocol.
public protocol SDPSection: Sendable {
    /// The lines of the section in wire order (for a media description: after its `m=` line).
    var lines: [SDPLine] { get set }
}

extension SDPSection {
    /// Every attribute of the section, in order (RFC 8866 §5.13).
    public var attributes: [SDPAttribute] {
        lines.compactMap(\.attribute)
    }

    /// The values of every `a=<name>` line (ASCII case-insensitive name), in order; a property
    /// attribute without a value gives an empty string (RFC 8866 §5.13).
    public func attributeValues(_ name: String) -> [String] {
        lines.filter { $0.isAttribute(name) }.map { $0.attribute?.value ?? "" }
    }

    /// The value of the first `a=<name>` line, nil when there is none (RFC 8866 §5.13).
    public func attributeValue(_ name: String) -> String? {
        guard let line = lines.first(where: { $0.isAttribute(name) }) else { return nil }
        return line.attribute?.value ?? ""
    }

    /// True when the section has an `a=<name>` line (RFC 8866 §5.13).
    public func hasAttribute(_ name: String) -> Bool {
        lines.contains { $0.isAttribute(name) }
    }

    /// Appends an attribute line (RFC 8866 §5.13).
    public mutating func appendAttribute(_ name: String, _ value: String? = nil) {
        lines.append(.attribute(name, value))
    }

    /// Removes every `a=<name>` line (RFC 8866 §5.13).
    public mutating func removeAttributes(_ name: String) {
        lines.removeAll { $0.isAttribute(name) }
    }

    /// The section's `c=` line, parsed (RFC 8866 §5.7).
    public var connection: SDPConnection? {
        lines.first { $0.type == .connection }.flatMap { SDPConnection(parsing: $0.value) }
    }

    /// The direction attribute of the section, nil when there is none (RFC 8866 §6.7).
    public var direction: SDPDirection? {
        for line in lines where line.type == .attribute {
            if let direction = SDPDirection(rawValue: line.value) { return direction }
        }
        return nil
    }

    /// The `a=ice-ufrag` value (RFC 8839 §5.4).
    public var iceUsernameFragment: String? { attributeValue("ice-ufrag") }

    /// The `a=ice-pwd` value (RFC 8839 §5.4).
    public var icePassword: String? { attributeValue("ice-pwd") }

    /// The tags of every `a=ice-options` line (RFC 8839 §5.6), e.g. `trickle`.
    public var iceOptions: [String] {
        attributeValues("ice-options").flatMap { SDPGrammar.fields($0).map(String.init) }
    }

    /// Every well-formed `a=fingerprint` (RFC 8122 §5), in order.
    public var fingerprints: [SDPFingerprint] {
        attributeValues("fingerprint").compactMap { SDPFingerprint(parsing: $0) }
    }

    /// The `a=setup` role (RFC 4145 §4), nil when absent or unknown.
    public var setup: SDPSetupRole? {
        attributeValue("setup").flatMap { SDPSetupRole(rawValue: SDPGrammar.lowercased($0)) }
    }

    /// True when `a=end-of-candidates` is present (RFC 8840 §8.2).
    public var hasEndOfCandidates: Bool { hasAttribute("end-of-candidates") }
}
