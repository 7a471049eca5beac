extension PlivoEvent {
    /// The event as one readable log line: its name, then its payload's fields as
    /// `{field: value, …}` (nested payloads the same way, absent optionals as `null`), e.g.
    /// `onConnectionChange {state: disconnected, eventCode: 1000, eventReason: Logout}`.
    var logText: String {
        guard let payload = Mirror(reflecting: self).children.first?.value else { return name.rawValue }
        return "\(name.rawValue) \(PlivoFieldValue(reflecting: payload).plainText)"
    }
}
