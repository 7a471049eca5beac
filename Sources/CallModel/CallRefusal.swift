/// Why a ``CallRegistry`` refused a request (the Plivo SDK logs these and returns `false`).
public enum CallRefusal: Error, Sendable, Hashable {
    /// `answer` named a call UUID that is not a ringing incoming call (seed: "When callUUID is
    /// invalid, the SDK will return false").
    case noSuchCall(String)
    /// No incoming call is ringing, so there is nothing to answer, reject or ignore.
    case noRingingCall
    /// The call named is the current call and it is answered: `reject`, `ignore` and `answer`
    /// leave it alone (use `hangup()`).
    case alreadyAnswered(String)
    /// The call named is the current call but not answered yet (an outgoing call being dialed,
    /// or the incoming call being answered): only `hangup()` applies to it.
    case notRinging(String)
    /// `actionOnOtherIncomingCalls` is not one of the seed's values (`reject`, `ignore`,
    /// `letring`; case-insensitive) while `allowMultipleIncomingCalls` is true.
    case invalidAction(String)
    /// An outgoing call is refused while a call is current (answered or being dialed).
    case callInProgress
    /// An outgoing call is refused while an incoming call rings.
    case incomingCallRinging
    /// `hangup()` without a current call.
    case noActiveCall
    /// A call with this Call-ID or call UUID is already known.
    case duplicateCall(String)
}
