import SIPCore

/// What one call reports, in order; the Plivo SDK's call events are made from these.
public enum SIPCallEvent: Sendable, Equatable {
    /// An outgoing INVITE was sent (`onCalling`).
    case calling(invite: SIPMessage)
    /// An outgoing call got a 180–189 response (`onCallRemoteRinging`).
    case remoteRinging(SIPMessage)
    /// An incoming INVITE was answered 180 Ringing and waits for the app (`onIncomingCall`).
    case incoming(invite: SIPMessage)
    /// A 2xx to the INVITE was received (outgoing) or sent (incoming); the ACK follows.
    case accepted(SIPMessage)
    /// The 2xx was acknowledged: the call is answered (`onCallAnswered`).
    case answered
    /// The call ended before it was answered (`onCallFailed`, `onIncomingCallCanceled`):
    /// rejected, canceled or failed, as `SIPCallEnd.state` tells.
    case failed(SIPCallEnd)
    /// The app ignored the incoming call (`onIncomingCallIgnored`).
    case ignored
    /// The answered call ended by a BYE from either side (`onCallTerminated`).
    case ended(SIPCallEnd)
    /// A DTMF digit arrived in a SIP INFO (`onDtmfReceived`): the tone and its duration in ms.
    case dtmfReceived(tone: String, duration: Int)
    /// A SIP INFO that is not DTMF arrived in the call (e.g. Plivo's `remote-party-ringing`).
    case infoReceived(SIPMessage)
    /// A re-INVITE from the peer was answered 200 with our session description.
    case reinvited(SIPMessage)
    /// A request we sent in the dialog (re-INVITE, INFO) got a final non-2xx response.
    case requestFailed(method: SIPMethod, status: Int)
    /// The call needs nothing more (its last transaction and timer are done) and its owner
    /// forgot it: the last event of every call (sent by ``SIPCallController``).
    case released
}

extension SIPCallEvent: CustomStringConvertible {
    /// A short line for logs and tools: `remoteRinging`, `failed Busy (486)`,
    /// `ended by remote: Terminated`, `dtmf 5 100 ms`.
    public var description: String {
        switch self {
        case .calling: "calling"
        case .remoteRinging: "remoteRinging"
        case .incoming: "incoming"
        case .accepted: "accepted"
        case .answered: "answered"
        case .failed(let end): "failed \(end.cause.rawValue)" + (end.statusCode.map { " (\($0))" } ?? "")
        case .ignored: "ignored"
        case .ended(let end): "ended by \(end.originator.rawValue): \(end.cause.rawValue)"
        case let .dtmfReceived(tone, duration): "dtmf \(tone) \(duration) ms"
        case .infoReceived: "info"
        case .reinvited: "reinvited"
        case let .requestFailed(method, status): "\(method.rawValue) failed \(status)"
        case .released: "released"
        }
    }
}
