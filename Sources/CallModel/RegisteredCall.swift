import SIPUserAgent

/// One call a ``CallRegistry`` knows: its keys, direction, SIP state and its place among the
/// calls.
public struct RegisteredCall: Sendable, Hashable {
    /// Where the call stands for the registry.
    public enum Role: Sendable, Hashable {
        /// An incoming call waiting for the app (answer, reject, ignore; `letring` keeps it here).
        case ringing
        /// The one call in progress: dialed, or answered (or being answered).
        case current
        /// Asked to end (hung up, rejected, ignored) and waiting for its final state.
        case ending
    }

    /// The key the app uses: the Plivo call UUID (`X-Calluuid`) when known, else the Call-ID.
    public var callUUID: String
    /// The SIP Call-ID (the user agent's handle).
    public var callID: String
    /// Incoming or outgoing.
    public var direction: SIPCallStateMachine.Direction
    /// The state the user agent last reported.
    public var state: SIPCallState
    /// Ringing, current or ending.
    public var role: Role

    /// A call record.
    public init(callUUID: String, callID: String, direction: SIPCallStateMachine.Direction, state: SIPCallState,
                role: Role) {
        self.callUUID = callUUID
        self.callID = callID
        self.direction = direction
        self.state = state
        self.role = role
    }
}
