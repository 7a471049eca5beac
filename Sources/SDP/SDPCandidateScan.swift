/// The fields of an ICE candidate (RFC 8839 §5.1) found and checked in one pass over its bytes,
/// without making Strings: what `SDPCandidate(parsing:)` and the parser's validation share.
struct SDPCandidateScan {
    typealias Bytes = UnsafeBufferPointer<UInt8>

    let foundation: Bytes
    let component: UInt16
    let transport: Bytes
    let priority: UInt32
    let address: Bytes
    let port: UInt16
    let type: Bytes
    let relatedAddress: Bytes?
    let relatedPort: UInt16?
    /// The fields after `typ`/`raddr`/`rport`: name and value pairs.
    let extensions: SDPFields
    /// The number of extension pairs.
    let extensionCount: Int

    /// Checks `bytes` (a leading `a=candidate:` or `candidate:` is skipped); nil when it does
    /// not follow the grammar: at least 8 fields, a foundation of 1–32 `ice-char`s, a
    /// component 1–256, a token transport, a 32-bit priority, a port, `typ` and a token type,
    /// then name/value pairs, `rport` holding a port.
    init?(_ bytes: Bytes) {
        var value = bytes
        if value.hasPrefix("a=candidate:") {
            value = value.suffix(from: 12)
        } else if value.hasPrefix("candidate:") {
            value = value.suffix(from: 10)
        }
        var fields = SDPFields(value)
        guard let foundation = fields.next(), foundation.count <= 32, foundation.isICEString,
              let componentText = fields.next(), componentText.count <= 3,
              let component = componentText.number(as: UInt16.self), component >= 1, component <= 256,
              let transport = fields.next(), transport.isToken,
              let priorityText = fields.next(), priorityText.count <= 10,
              let priority = priorityText.number(as: UInt32.self),
              let address = fields.next(), let portText = fields.next(), let port = portText.number(as: UInt16.self),
              let typ = fields.next(), typ.equalsIgnoringCase("typ"), let type = fields.next(), type.isToken
        else { return nil }
        var rest = fields
        var pairs = rest.countRemaining()
        guard pairs % 2 == 0 else { return nil }
        pairs /= 2
        var relatedAddress: Bytes?
        var relatedPort: UInt16?
        var lookahead = fields
        if let name = lookahead.next(), name.equalsIgnoringCase("raddr"), let related = lookahead.next() {
            relatedAddress = related
            fields = lookahead
            pairs -= 1
        }
        lookahead = fields
        if let name = lookahead.next(), name.equalsIgnoringCase("rport"), let related = lookahead.next() {
            guard let relatedNumber = related.number(as: UInt16.self) else { return nil }
            relatedPort = relatedNumber
            fields = lookahead
            pairs -= 1
        }
        self.foundation = foundation
        self.component = component
        self.transport = transport
        self.priority = priority
        self.address = address
        self.port = port
        self.type = type
        self.relatedAddress = relatedAddress
        self.relatedPort = relatedPort
        extensions = fields
        extensionCount = pairs
    }
}
