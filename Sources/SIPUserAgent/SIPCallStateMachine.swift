import SIPCore
import SIPTransaction

/// One call (an INVITE session, RFC 3261 §13–§15) as a pure state machine: inputs in, actions
/// out, no I/O and no clock. The owner sends what ``SIPCallAction/sendRequest(_:)`` asks in
/// client transactions, feeds their responses back, arms the timers and reports the events.
///
/// - **Outgoing** (`dial`): INVITE with the app's session description; 18x → `ringing`;
///   401/407 answered once with credentials (a new CSeq, §22.2); 2xx → dialog, ACK, `answered`;
///   a 2xx retransmission gets the same ACK again (§13.2.2.4); a final non-2xx fails the call
///   with JsSIP's cause. `hangup` before the answer sends CANCEL, once a provisional response
///   has arrived (§9.1); a 2xx that crosses the CANCEL is acknowledged and ended with BYE.
/// - **Incoming** (`receiveInvite`): 180 Ringing at once with our To tag and Contact (an early
///   dialog, §12.1.1), `incoming`, and the 60 s no-answer timer (408). `answer` sends the 2xx
///   (retransmitted on unreliable transports until the ACK, §13.3.1.4; no ACK in 64·T1 ends
///   the call with BYE), `reject` sends 486, `ignore` sends nothing (the timer's 408 follows
///   silently). A CANCEL gets 200 and the INVITE 487 (§9.2).
/// - **In the dialog**: BYE in either direction (§15), INFO with DTMF (`application/dtmf-relay`),
///   re-INVITE answered with our current session description, OPTIONS answered 200; a request
///   out of CSeq order gets 500, one for an ended dialog 481 (§12.2.2).
///
/// ``isFinished`` tells the owner when the call needs nothing more (every transaction it
/// started has ended and nothing is awaited).
public struct SIPCallStateMachine: Sendable {
    /// Which side placed the call.
    public enum Direction: String, Sendable, Hashable {
        /// We sent the INVITE.
        case outgoing
        /// We received the INVITE.
        case incoming
    }

    /// What the machine is fed.
    public enum Input: Sendable {
        /// Place the call: INVITE `target` with a session description offer and extra headers.
        case dial(target: SIPURI, body: [UInt8], contentType: String, extraHeaders: [SIPParameter])
        /// A new INVITE arrived in server transaction `key`.
        case receiveInvite(SIPMessage, key: SIPTransactionKey)
        /// A response to a request the call sent.
        case response(SIPMessage)
        /// A request the call sent got no final response: Timer B/F (`timedOut`) or a transport
        /// failure (RFC 3261 §17.1.4).
        case requestFailed(method: SIPMethod, sequence: UInt32, timedOut: Bool)
        /// A request for this call (CANCEL, BYE, INFO, re-INVITE, OPTIONS, …) in server
        /// transaction `key`.
        case request(SIPMessage, key: SIPTransactionKey)
        /// An ACK for our 2xx.
        case ack(SIPMessage)
        /// Answer the incoming call with a 2xx carrying this session description.
        case answer(body: [UInt8], contentType: String)
        /// Refuse the incoming call: 486 Busy Here (the seed's reject), or another status such
        /// as 488 when the offer cannot be answered (RFC 3264 §6).
        case reject(status: Int = 486)
        /// Stop alerting locally, send nothing (the caller keeps ringing until the no-answer
        /// timer answers 408).
        case ignore
        /// End the call: CANCEL or BYE (outgoing), 480 or BYE (incoming).
        case hangup
        /// Send DTMF digits, one INFO each (`0-9 * #`; others are dropped), spaced by the gap.
        case sendDTMF(String)
        /// Send a re-INVITE with a new session description (RFC 3261 §14.1).
        case reinvite(body: [UInt8], contentType: String)
        /// A call timer fired.
        case timerFired(SIPCallTimer)
    }

    /// Outgoing or incoming.
    public let direction: Direction
    /// The seed's call state.
    public internal(set) var state: SIPCallState = .initialized
    /// The dialog, once a 2xx (or, incoming, our 180) created it.
    public internal(set) var dialog: SIPDialog?
    /// The Call-ID.
    public let callID: String
    /// How the call ended, once it has.
    public internal(set) var end: SIPCallEnd?
    /// The INVITE that started the call (ours or the peer's).
    public internal(set) var invite: SIPMessage?

    let configuration: SIPCallConfiguration
    var branches = SIPBranchGenerator()
    let localTag: String
    /// The body and type we offered or answered with (repeated in answers to re-INVITEs).
    var localBody: [UInt8] = []
    var localContentType = "application/sdp"

    // Outgoing.
    var inviteSequence: UInt32
    var inviteFinished = false
    var gotProvisional = false
    var cancelPending = false
    var cancelSent = false
    var ackOf2xx: SIPMessage?
    var auth: SIPAuthSession?

    // Incoming.
    var inviteKey: SIPTransactionKey?
    var okResponse: SIPMessage?
    var okInterval: Duration = .zero
    var awaitingACK = false
    var answered2xxSent = false
    var noAnswerArmed = false

    // Both.
    var pendingDigits: [Character] = []
    var infoInFlight = false
    var dtmfGapArmed = false
    var outstanding: [UInt32: SIPMethod] = [:]
    var byeSent = false

    /// Creates the machine of an outgoing call. `callID` and `localTag` default to random
    /// values; `initialSequence` is the INVITE's CSeq number.
    public init(outgoing configuration: SIPCallConfiguration, callID: String = SIPRegistrationStateMachine.randomHex(32),
                localTag: String = SIPRegistrationStateMachine.randomHex(16), initialSequence: UInt32 = 1) {
        direction = .outgoing
        self.configuration = configuration
        self.callID = callID
        self.localTag = localTag
        inviteSequence = initialSequence
        if let credentials = configuration.credentials { auth = SIPAuthSession(credentials: credentials) }
    }

    /// Creates the machine of an incoming call for the INVITE `invite` (its Call-ID); feed it
    /// `.receiveInvite` next. `localTag` (our To tag) defaults to a random value.
    public init(incoming invite: SIPMessage, configuration: SIPCallConfiguration,
                localTag: String = SIPRegistrationStateMachine.randomHex(16)) {
        direction = .incoming
        self.configuration = configuration
        self.callID = invite.callID ?? ""
        self.localTag = localTag
        inviteSequence = invite.cseq?.sequence ?? 0
        self.invite = invite
    }

    /// Whether the call needs nothing more: it is over, no request it sent is unanswered, no
    /// ACK is awaited and (ignored) the 408 has been sent.
    public var isFinished: Bool {
        state.isFinal && outstanding.isEmpty && !awaitingACK && !noAnswerArmed
            && (direction == .incoming || inviteFinished)
    }

    /// Feeds one input and returns the actions to perform, in order.
    public mutating func handle(_ input: Input) -> [SIPCallAction] {
        var actions: [SIPCallAction] = []
        switch input {
        case let .dial(target, body, contentType, extraHeaders):
            dial(target: target, body: body, contentType: contentType, extraHeaders: extraHeaders, into: &actions)
        case let .receiveInvite(request, key):
            receiveInvite(request, key: key, into: &actions)
        case .response(let response):
            receiveResponse(response, into: &actions)
        case let .requestFailed(method, sequence, timedOut):
            requestFailed(method: method, sequence: sequence, timedOut: timedOut, into: &actions)
        case let .request(request, key):
            receiveRequest(request, key: key, into: &actions)
        case .ack(let ack):
            receiveACK(ack, into: &actions)
        case let .answer(body, contentType):
            answer(body: body, contentType: contentType, into: &actions)
        case .reject(let status):
            refuse(status: status, into: &actions)
        case .ignore:
            ignore(into: &actions)
        case .hangup:
            hangup(into: &actions)
        case .sendDTMF(let digits):
            pendingDigits += digits.filter { SIPDTMFRelay.sendableDigits.contains($0) }
            sendNextDigit(into: &actions)
        case let .reinvite(body, contentType):
            sendReinvite(body: body, contentType: contentType, into: &actions)
        case .timerFired(let timer):
            timerFired(timer, into: &actions)
        }
        return actions
    }

    // MARK: Shared helpers

    /// Our Via with a fresh branch (for ACK, which has no transaction to add one).
    mutating func viaWithBranch() -> SIPVia {
        var via = configuration.via
        via.parameters.removeAll { $0.name.lowercased() == "branch" }
        via.parameters.append(SIPParameter("branch", branches.next()))
        return via
    }

    /// Allow, Supported and User-Agent, for INVITE and its 2xx.
    var capabilityHeaders: [SIPParameter] {
        var headers: [SIPParameter] = []
        if !configuration.allow.isEmpty {
            headers.append(SIPParameter("Allow", configuration.allow.map(\.rawValue).joined(separator: ",")))
        }
        if !configuration.supported.isEmpty {
            headers.append(SIPParameter("Supported", configuration.supported.joined(separator: ",")))
        }
        if let userAgent = configuration.userAgent { headers.append(SIPParameter("User-Agent", userAgent)) }
        return headers
    }

    /// Ends the call: records `end`, moves to its state and reports it (failed or ended).
    mutating func finish(_ record: SIPCallEnd, into actions: inout [SIPCallAction]) {
        guard end == nil else { return }
        end = record
        state = record.state
        pendingDigits = []
        actions.append(.cancelTimer(.dtmfGap))
        dtmfGapArmed = false
        if record.state == .ended {
            actions.append(.emit(.ended(record)))
        } else {
            actions.append(.emit(.failed(record)))
        }
    }

    /// Builds a response to `request`, or nil when it cannot be built (it would break framing).
    func response(to request: SIPMessage, status: Int, reason: String? = nil, headers: [SIPParameter] = [],
                  body: [UInt8] = [], contentType: String? = nil) -> SIPMessage? {
        try? SIPMessageBuilder.response(to: request, status: status, reason: reason, toTag: localTag,
                                        headers: headers, body: body, contentType: contentType)
    }

    /// Sends `method` in the dialog through a new client transaction and records it as
    /// outstanding. Returns false when the dialog cannot make it (ended, or the build failed).
    @discardableResult
    mutating func sendInDialog(_ method: SIPMethod, body: [UInt8] = [], contentType: String? = nil,
                               headers: [SIPParameter] = [], into actions: inout [SIPCallAction]) -> Bool {
        guard var current = dialog else { return false }
        guard let request = try? current.makeRequest(method: method, via: configuration.via, body: body,
                                                     contentType: contentType, extraHeaders: headers),
              let sequence = request.cseq?.sequence else { return false }
        dialog = current
        outstanding[sequence] = method
        actions.append(.sendRequest(request))
        return true
    }

    /// The first Reason header value of `message`, if any parses (RFC 3326).
    static func reason(of message: SIPMessage) -> SIPReason? { message.reasons.first }
}
