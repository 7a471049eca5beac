/// The seed's call states: a call rings, is answered, and ends in one of five ways.
public enum CallState: String, Sendable, Hashable, CaseIterable, Codable {
    /// Created, no provisional response yet (outgoing) or not yet announced (incoming).
    case initialized
    /// An outgoing call got a 18x; an incoming call is announced and rings.
    case ringing
    /// The call is up (ACK sent or received).
    case answered
    /// Refused: 403/603/486 from the callee, or our reject().
    case rejected
    /// Our ignore(): no answer sent, the caller keeps ringing until it gives up.
    case ignored
    /// CANCELed before the answer (by us for an outgoing call, by the caller for an incoming one).
    case canceled
    /// Any other failure before the answer.
    case failed
    /// Ended by a BYE after the answer.
    case ended

    /// Whether no further transition can happen.
    public var isFinal: Bool {
        switch self {
        case .initialized, .ringing, .answered: false
        case .rejected, .ignored, .canceled, .failed, .ended: true
        }
    }
}
