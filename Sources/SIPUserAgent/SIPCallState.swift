/// The state of one call, in the Plivo browser SDK's vocabulary (seed: CallInfo `state`).
///
/// `initialized` → `ringing` → `answered` → `ended`; `rejected`, `ignored`, `canceled` and
/// `failed` end a call that was never answered.
public enum SIPCallState: String, Sendable, Hashable, CaseIterable {
    /// Created; the INVITE is being sent or has just arrived.
    case initialized
    /// The callee is ringing (an outgoing call got a 18x; an incoming call was answered 180).
    case ringing
    /// Answered and confirmed (the ACK of the 2xx was sent or received).
    case answered
    /// Ended by a BYE from either side after it was answered.
    case ended
    /// Refused: 403/603 from the callee, or a local reject (486).
    case rejected
    /// Ignored locally: no answer is sent until the no-answer timer answers 408 silently.
    case ignored
    /// Canceled: CANCEL sent (outgoing) or received (incoming) before the answer.
    case canceled
    /// Failed for any other reason before it was answered (busy, not found, timeout, …).
    case failed

    /// Whether the call is over (no further state change).
    public var isFinal: Bool {
        switch self {
        case .initialized, .ringing, .answered: false
        case .ended, .rejected, .ignored, .canceled, .failed: true
        }
    }
}
