/// The Event header value (RFC 6665 §8.2.1): an event package with parameters.
public struct SIPEvent: Sendable, Hashable {
    /// The event type (`presence`, `dialog`, `refer`, …).
    public var package: String
    /// Parameters such as `id`.
    public var parameters: [SIPParameter]

    static func parse(_ scanner: inout SIPHeaderScanner) throws(SIPParseError) -> SIPEvent {
        scanner.skipLWS()
        let package = try scanner.token("event type")
        return SIPEvent(package: package, parameters: try scanner.parameters())
    }
}
