/// What `answer(callUUID, actionOnOtherIncomingCalls)` does to the other ringing incoming calls
/// (seed: `reject` is the default; `ignored` stops them ringing locally; `letring` lets them
/// ring on, still answerable).
public enum OtherCallsAction: String, Sendable, Hashable, CaseIterable {
    /// Reject each with 486 Busy Here (also what no action means).
    case reject
    /// Ignore each: no SIP is sent, they can no longer be answered.
    case ignore
    /// Leave them ringing: they can be answered until they stop ringing.
    case letRing = "letring"

    /// Parses the app's string, ignoring case: `reject`, `ignore` (the SDK's spelling) or
    /// `ignored` (the seed's), `letring`.
    ///
    /// - Throws: ``CallRefusal/invalidAction(_:)`` for anything else, the empty string included.
    public init(parsing text: String) throws(CallRefusal) {
        switch text.lowercased() {
        case "reject": self = .reject
        case "ignore", "ignored": self = .ignore
        case "letring": self = .letRing
        default: throw .invalidAction(text)
        }
    }
}
