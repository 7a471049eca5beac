extension PlivoEvent {
    /// The event as one readable log line: its name, then its payload's fields as
    /// `{field: value, …}` (nested payloads the same way, absent optionals as `null`), e.g.
    /// `onConnectionChange {state: disconnected, eventCode: 1000, eventReason: Logout}`.
    var logText: String {
        let mirror = Mirror(reflecting: self)
        guard let payload = mirror.children.first?.value else { return name.rawValue }
        return "\(name.rawValue) \(Self.text(payload))"
    }

    private static func text(_ value: Any) -> String {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            return mirror.children.first.map { text($0.value) } ?? "null"
        case .struct, .class, .tuple:
            guard !mirror.children.isEmpty else { return "\(value)" }
            let fields = mirror.children.enumerated().map { index, child in
                "\(child.label.map { $0.hasPrefix(".") ? "\(index)" : $0 } ?? "\(index)"): \(text(child.value))"
            }
            return "{" + fields.joined(separator: ", ") + "}"
        case .dictionary:
            let pairs = mirror.children.map { child -> String in
                let pair = Array(Mirror(reflecting: child.value).children)
                guard pair.count == 2 else { return text(child.value) }
                return "\(text(pair[0].value)): \(text(pair[1].value))"
            }.sorted()
            return "{" + pairs.joined(separator: ", ") + "}"
        case .collection, .set:
            return "[" + mirror.children.map { text($0.value) }.joined(separator: ", ") + "]"
        default:
            return "\(value)"
        }
    }
}
