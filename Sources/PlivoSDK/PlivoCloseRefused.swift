/// ``PlivoClient/shutdown(force:)`` refused to stop: `closeProtection` is on and calls are
/// ringing or answered.
public struct PlivoCloseRefused: Error, Sendable, Hashable, CustomStringConvertible {
    /// The calls that kept the client up: the current one first, then those ringing.
    public let callUUIDs: [String]

    /// A refusal naming these calls.
    public init(callUUIDs: [String]) { self.callUUIDs = callUUIDs }

    /// `closeProtection: 2 calls are ringing or answered (…); shut down with force to end them`.
    public var description: String {
        let count = callUUIDs.count == 1 ? "1 call is" : "\(callUUIDs.count) calls are"
        return "closeProtection: \(count) ringing or answered (\(callUUIDs.joined(separator: ", "))); "
            + "shut down with force to end them"
    }
}
