import SIPUserAgent

/// The seed's call states (`CallInfo.state`).
public enum PlivoCallState: String, Sendable, Hashable, CaseIterable, Codable {
    /// Created; nothing heard from the other side yet.
    case initialized
    /// Ringing (an outgoing call got a 18x; an incoming call is announced).
    case ringing
    /// Answered (ACK sent or received).
    case answered
    /// Refused (403/603/486, or our `reject`).
    case rejected
    /// Our `ignore`: no answer sent.
    case ignored
    /// CANCELed before the answer.
    case canceled
    /// Failed before the answer for any other reason.
    case failed
    /// Ended by a BYE after the answer.
    case ended

    /// The state for the user agent's; exhaustive, so a new lower state is a compile error.
    init(_ state: SIPCallState) {
        switch state {
        case .initialized: self = .initialized
        case .ringing: self = .ringing
        case .answered: self = .answered
        case .rejected: self = .rejected
        case .ignored: self = .ignored
        case .canceled: self = .canceled
        case .failed: self = .failed
        case .ended: self = .ended
        }
    }
}

/// `CallInfo.direction`.
public enum PlivoCallDirection: String, Sendable, Hashable, Codable {
    /// A call we received.
    case incoming
    /// A call we placed.
    case outgoing
}
