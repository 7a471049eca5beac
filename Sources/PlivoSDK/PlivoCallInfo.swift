/// The seed's `CallInfo`: passed with every call event.
public struct PlivoCallInfo: Sendable, Hashable, Codable {
    /// The call's UUID (Plivo's `X-Calluuid` when the server sends one, else the SIP Call-ID).
    public var callUUID: String
    /// Incoming or outgoing.
    public var direction: PlivoCallDirection
    /// The caller: our SIP URI for an outgoing call, the From user for an incoming one.
    public var src: String
    /// The callee: the dialled destination, or our SIP URI for an incoming call.
    public var dest: String
    /// The state when the event was emitted.
    public var state: PlivoCallState
    /// The X-PH- headers sent (outgoing) or received (incoming) that passed the seed's filter.
    public var extraHeaders: [String: String]
    /// `X-Plivo-Stir-Verification` of an incoming call; `Not_applicable` for outgoing ones.
    public var stirShakenState: String
    /// Who ended the call: `local` or `remote` (`none` while it goes on).
    public var originator: String
    /// `Q.850`, `SIP` or `none`.
    public var `protocol`: String
    /// Why it ended (a JsSIP cause for local ends, the Reason header's text for remote ones).
    public var reason: String
    /// The hang-up code (the SDK's local codes 1000/3000/3020/11001…, the Reason cause, or −1).
    public var code: Int

    /// A CallInfo with the seed's defaults for the end fields.
    public init(callUUID: String, direction: PlivoCallDirection, src: String, dest: String, state: PlivoCallState,
                extraHeaders: [String: String] = [:], stirShakenState: String? = nil, originator: String = "none",
                protocol: String = "none", reason: String = "none", code: Int = -1) {
        self.callUUID = callUUID
        self.direction = direction
        self.src = src
        self.dest = dest
        self.state = state
        self.extraHeaders = extraHeaders
        self.stirShakenState = stirShakenState ?? (direction == .outgoing ? "Not_applicable" : "")
        self.originator = originator
        self.protocol = `protocol`
        self.reason = reason
        self.code = code
    }
}

/// `onCallTerminated`'s first argument: `{originator, reason}`.
public struct PlivoHangupInfo: Sendable, Hashable, Codable {
    /// `local` or `remote`.
    public var originator: String
    /// The cause.
    public var reason: String

    /// A hang-up description.
    public init(originator: String, reason: String) {
        self.originator = originator
        self.reason = reason
    }
}
