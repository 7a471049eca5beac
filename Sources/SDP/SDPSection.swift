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
        let kind = SDPAttributeKind.recognize(name)
        if kind != .other { return values(kind) { $0.string } }
        return lines.filter { $0.isAttribute(name) }.map(\.attributeValueText)
    }

    /// The value of the first `a=<name>` line, nil when there is none (RFC 8866 §5.13).
    public func attributeValue(_ name: String) -> String? {
        let kind = SDPAttributeKind.recognize(name)
        if kind != .other { return firstValue(kind) { $0.string } }
        return lines.first { $0.isAttribute(name) }?.attributeValueText
    }

    /// True when the section has an `a=<name>` line (RFC 8866 §5.13).
    public func hasAttribute(_ name: String) -> Bool {
        let kind = SDPAttributeKind.recognize(name)
        if kind != .other { return has(kind) }
        return lines.contains { $0.isAttribute(name) }
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
        lines.first { $0.type == .connection }.flatMap { line in line.withValue { SDPConnection(bytes: $0) } }
    }

    /// The direction attribute of the section, nil when there is none (RFC 8866 §6.7).
    public var direction: SDPDirection? {
        lines.withUnsafeBufferPointer { lines in
            for index in lines.indices where lines[index].kind.direction != nil {
                if let direction = lines[index].withValue({ SDPDirection(exactly: $0) }) { return direction }
            }
            return nil
        }
    }

    /// The `a=ice-ufrag` value (RFC 8839 §5.4).
    public var iceUsernameFragment: String? { firstValue(.iceUfrag) { $0.string } }

    /// The `a=ice-pwd` value (RFC 8839 §5.4).
    public var icePassword: String? { firstValue(.icePwd) { $0.string } }

    /// The tags of every `a=ice-options` line (RFC 8839 §5.6), e.g. `trickle`.
    public var iceOptions: [String] {
        var tags: [String] = []
        forEachValue(.iceOptions) { value in
            var fields = SDPFields(value)
            while let tag = fields.next() { tags.append(tag.string) }
        }
        return tags
    }

    /// Every well-formed `a=fingerprint` (RFC 8122 §5), in order.
    public var fingerprints: [SDPFingerprint] { values(.fingerprint) { SDPFingerprint(bytes: $0) } }

    /// The `a=setup` role (RFC 4145 §4), nil when absent or unknown.
    public var setup: SDPSetupRole? {
        firstValue(.setup) { SDPSetupRole(ignoringCase: $0) } ?? nil
    }

    /// True when `a=end-of-candidates` is present (RFC 8840 §8.2).
    public var hasEndOfCandidates: Bool { has(.endOfCandidates) }

    // MARK: Lookups by attribute kind (one byte compared per line)

    /// True when an `a=` line of `kind` is present.
    @inline(__always) func has(_ kind: SDPAttributeKind) -> Bool {
        firstIndex(kind) != nil
    }

    /// The index of the first `a=` line of `kind` (lines are read in place, not copied).
    @inline(__always) func firstIndex(_ kind: SDPAttributeKind) -> Int? {
        lines.withUnsafeBufferPointer { lines in
            for index in lines.indices where lines[index].kind == kind { return index }
            return nil
        }
    }

    /// `body` applied to the value bytes of the first `a=` line of `kind` (empty when it has
    /// no colon); nil when there is none.
    @inline(__always) func firstValue<R>(_ kind: SDPAttributeKind, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        lines.withUnsafeBufferPointer { lines in
            for index in lines.indices where lines[index].kind == kind { return lines[index].withAttributeValue(body) }
            return nil
        }
    }

    /// The first non-nil result of `body` on the value bytes of the `a=` lines of `kind`.
    @inline(__always) func firstResult<T>(_ kind: SDPAttributeKind, _ body: (UnsafeBufferPointer<UInt8>) -> T?) -> T? {
        lines.withUnsafeBufferPointer { lines in
            for index in lines.indices where lines[index].kind == kind {
                if let result = lines[index].withAttributeValue(body) { return result }
            }
            return nil
        }
    }

    /// Calls `body` with the value bytes of every `a=` line of `kind`, in order.
    @inline(__always) func forEachValue(_ kind: SDPAttributeKind, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        lines.withUnsafeBufferPointer { lines in
            for index in lines.indices where lines[index].kind == kind { lines[index].withAttributeValue(body) }
        }
    }

    /// The non-nil results of `parse` on the value bytes of every `a=` line of `kind`, in order.
    @inline(__always) func values<T>(_ kind: SDPAttributeKind, _ parse: (UnsafeBufferPointer<UInt8>) -> T?) -> [T] {
        var result: [T] = []
        forEachValue(kind) { bytes in
            if let value = parse(bytes) { result.append(value) }
        }
        return result
    }
}
