/// One SIP-level step a ``CallRegistry`` decision asks its owner to perform, on the call with
/// this SIP Call-ID (the handle `SIPCallController` uses). Decisions list them in the order to
/// perform them.
public enum CallAction: Sendable, Hashable {
    /// End the call: BYE once answered, CANCEL while an outgoing call is unanswered.
    case hangup(callID: String)
    /// Refuse the ringing incoming call with 486 Busy Here (the seed's `reject`).
    case reject(callID: String)
    /// Stop alerting for the ringing incoming call and send nothing (the seed's `ignore`: the
    /// caller keeps ringing until the no-answer timer answers 408).
    case ignore(callID: String)
    /// Answer the ringing incoming call (2xx with our session description).
    case answer(callID: String)
}
