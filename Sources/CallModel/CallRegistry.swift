import SIPUserAgent

/// Every call of one client and the seed's rules for several calls at once, as a pure value:
/// the owner feeds it what the user agent reports and what the app asks, and performs the
/// ``CallAction``s it decides, in order (or reports the ``CallRefusal``).
///
/// - **One current call** at a time: the outgoing call being dialed, or the incoming call
///   answered (or being answered). An outgoing call is refused while a call is current or any
///   incoming call rings.
/// - **Ringing calls** in arrival order. With `allowMultipleIncomingCalls` false a new INVITE
///   while a call is current or another rings is silently rejected (486); with it true several
///   ring at once, up to ``CallModel/maximumRingingCalls`` (the next one gets 486).
/// - **answer** hangs up the current call, gives every other ringing call the action (none:
///   reject; `letring` leaves them ringing) and answers the chosen one. **reject** and
///   **ignore** act on one ringing call and leave the current call alone.
/// - A call that reaches a final state is forgotten; ``lastCallUUID`` keeps the latest answered
///   call.
///
/// ```swift
/// var registry = CallRegistry(allowMultipleIncomingCalls: true)
/// _ = try registry.incoming(callID: "a@h", callUUID: "u1")     // [] → onIncomingCall
/// _ = try registry.incoming(callID: "b@h", callUUID: "u2")
/// let actions = try registry.answer(callUUID: "u2", action: .ignore)
/// // [.ignore(callID: "a@h"), .answer(callID: "b@h")]
/// ```
public struct CallRegistry: Sendable {
    /// The seed's `allowMultipleIncomingCalls` (default false).
    public var allowMultipleIncomingCalls: Bool
    /// Every call not yet finished, in the order they appeared.
    public private(set) var calls: [RegisteredCall] = []
    /// The call UUID of the latest call that was answered (kept after it ends).
    public private(set) var lastCallUUID: String?

    /// An empty registry.
    public init(allowMultipleIncomingCalls: Bool = false) {
        self.allowMultipleIncomingCalls = allowMultipleIncomingCalls
    }

    // MARK: Queries

    /// The current call: being dialed, answered or being answered.
    public var currentCall: RegisteredCall? {
        calls.first { $0.role == .current }
    }

    /// The incoming calls waiting for the app, oldest first.
    public var ringingCalls: [RegisteredCall] {
        calls.filter { $0.role == .ringing }
    }

    /// The call with this call UUID.
    public func call(uuid: String) -> RegisteredCall? {
        calls.first { $0.callUUID == uuid }
    }

    /// The call with this SIP Call-ID.
    public func call(callID: String) -> RegisteredCall? {
        calls.first { $0.callID == callID }
    }

    /// The seed's `getCallUUID()`: the current call's UUID, nil when there is none.
    public func getCallUUID() -> String? {
        currentCall?.callUUID
    }

    /// The seed's `getLastCallUUID()`: the UUID of the latest answered call.
    public func getLastCallUUID() -> String? {
        lastCallUUID
    }

    /// Whether an outgoing call may be placed now: no current call and no incoming call ringing.
    public func canDial() -> Bool {
        dialRefusal() == nil
    }

    /// Whether a new incoming INVITE must be answered 486 Busy Here without ringing: a call is
    /// current or another rings and `allowMultipleIncomingCalls` is false, or
    /// ``CallModel/maximumRingingCalls`` calls already ring.
    public func shouldRejectIncoming() -> Bool {
        let ringing = ringingCalls.count
        let engaged = currentCall != nil || ringing > 0
        return (engaged && !allowMultipleIncomingCalls) || ringing >= CallModel.maximumRingingCalls
    }

    // MARK: What the user agent reports

    /// An incoming INVITE was answered 180 and waits for the app. `callUUID` is its
    /// `X-Calluuid` (nil: the Call-ID is the key).
    ///
    /// - Returns: `[]` when it rings (the owner emits `onIncomingCall`), or
    ///   `[.reject(callID:)]` when ``shouldRejectIncoming()`` (silently: no event, nothing kept).
    /// - Throws: ``CallRefusal/duplicateCall(_:)`` when the Call-ID or UUID is already known.
    public mutating func incoming(callID: String, callUUID: String?) throws(CallRefusal) -> [CallAction] {
        let uuid = callUUID ?? callID
        try checkUnknown(callID: callID, uuid: uuid)
        if shouldRejectIncoming() {
            return [.reject(callID: callID)]
        }
        calls.append(RegisteredCall(callUUID: uuid, callID: callID, direction: .incoming, state: .ringing,
                                    role: .ringing))
        return []
    }

    /// An outgoing call was placed; it becomes the current call, keyed by its Call-ID until
    /// ``update(callID:state:callUUID:)`` brings its `X-Calluuid`.
    ///
    /// - Throws: ``CallRefusal/callInProgress``, ``CallRefusal/incomingCallRinging`` (ask
    ///   ``canDial()`` before placing it) or ``CallRefusal/duplicateCall(_:)``.
    public mutating func dialing(callID: String) throws(CallRefusal) {
        if let refusal = dialRefusal() { throw refusal }
        try checkUnknown(callID: callID, uuid: callID)
        calls.append(RegisteredCall(callUUID: callID, callID: callID, direction: .outgoing, state: .initialized,
                                    role: .current))
    }

    /// The user agent reported a new state for a call (`SIPCallController.Update`), with the
    /// `X-Calluuid` of the message when it carried one (an outgoing call's 18x or 2xx).
    ///
    /// `answered` makes the call the ``lastCallUUID``; a final state forgets the call. Unknown
    /// Call-IDs (calls rejected as busy, or already forgotten) are ignored, and so is a UUID
    /// another call already has.
    public mutating func update(callID: String, state: SIPCallState, callUUID: String? = nil) {
        guard let index = calls.firstIndex(where: { $0.callID == callID }) else { return }
        if let callUUID, !callUUID.isEmpty, call(uuid: callUUID) == nil {
            calls[index].callUUID = callUUID
        }
        calls[index].state = state
        if state == .answered {
            lastCallUUID = calls[index].callUUID
        }
        if state.isFinal {
            calls.remove(at: index)
        }
    }

    // MARK: What the app asks

    /// The seed's `answer(callUUID, actionOnOtherIncomingCalls)`: answers the ringing call
    /// `callUUID` (nil: the most recent ringing call).
    ///
    /// - Returns: in order, `hangup` of the current call (if any), the action on each other
    ///   ringing call in arrival order (`reject` when `action` is nil, nothing for `letring`),
    ///   then `answer`. The chosen call becomes current.
    /// - Throws: ``CallRefusal/noSuchCall(_:)`` for a UUID that is not ringing,
    ///   ``CallRefusal/alreadyAnswered(_:)`` / ``CallRefusal/notRinging(_:)`` for the current
    ///   call, ``CallRefusal/noRingingCall`` when nothing rings.
    public mutating func answer(callUUID: String?, action: OtherCallsAction?) throws(CallRefusal) -> [CallAction] {
        let chosen: Int
        if let callUUID {
            guard let index = ringingIndex(uuid: callUUID) else {
                try refuseCurrent(callUUID)
                throw .noSuchCall(callUUID)
            }
            chosen = index
        } else {
            guard let index = calls.lastIndex(where: { $0.role == .ringing }) else { throw .noRingingCall }
            chosen = index
        }
        var actions: [CallAction] = []
        if let current = calls.firstIndex(where: { $0.role == .current }) {
            calls[current].role = .ending
            actions.append(.hangup(callID: calls[current].callID))
        }
        for index in calls.indices where index != chosen && calls[index].role == .ringing {
            switch action ?? .reject {
            case .reject:
                calls[index].role = .ending
                actions.append(.reject(callID: calls[index].callID))
            case .ignore:
                calls[index].role = .ending
                actions.append(.ignore(callID: calls[index].callID))
            case .letRing:
                break
            }
        }
        calls[chosen].role = .current
        actions.append(.answer(callID: calls[chosen].callID))
        return actions
    }

    /// ``answer(callUUID:action:)`` with the app's string. With `allowMultipleIncomingCalls` an
    /// unknown string is refused (``CallRefusal/invalidAction(_:)``); without it the string is
    /// not looked at, as in the SDK (no other call can be ringing).
    public mutating func answer(callUUID: String?, actionText: String?) throws(CallRefusal) -> [CallAction] {
        var action: OtherCallsAction?
        if let actionText, allowMultipleIncomingCalls {
            action = try OtherCallsAction(parsing: actionText)
        }
        return try answer(callUUID: callUUID, action: action)
    }

    /// The seed's `reject(callUUID)`: 486 Busy Here for the ringing call `callUUID`; without a
    /// UUID, or with one that is not ringing, the most recent ringing call (the seed's rule).
    /// The current call is left alone.
    ///
    /// - Returns: `[.reject(callID:)]`.
    /// - Throws: ``CallRefusal/alreadyAnswered(_:)`` / ``CallRefusal/notRinging(_:)`` when
    ///   `callUUID` is the current call, ``CallRefusal/noRingingCall`` when nothing rings.
    public mutating func reject(callUUID: String?) throws(CallRefusal) -> [CallAction] {
        let index = try ringingTarget(callUUID)
        calls[index].role = .ending
        return [.reject(callID: calls[index].callID)]
    }

    /// The seed's `ignore(callUUID)`: stops alerting for the ringing call (no SIP is sent; it
    /// can no longer be answered), chosen as in ``reject(callUUID:)``.
    ///
    /// - Returns: `[.ignore(callID:)]`.
    /// - Throws: as ``reject(callUUID:)``.
    public mutating func ignore(callUUID: String?) throws(CallRefusal) -> [CallAction] {
        let index = try ringingTarget(callUUID)
        calls[index].role = .ending
        return [.ignore(callID: calls[index].callID)]
    }

    /// The seed's `hangup()`: ends the current call (BYE, or CANCEL while an outgoing call is
    /// unanswered). Ringing incoming calls are not touched (use reject).
    ///
    /// - Returns: `[.hangup(callID:)]`.
    /// - Throws: ``CallRefusal/noActiveCall`` without a current call.
    public mutating func hangup() throws(CallRefusal) -> [CallAction] {
        guard let index = calls.firstIndex(where: { $0.role == .current }) else { throw .noActiveCall }
        calls[index].role = .ending
        return [.hangup(callID: calls[index].callID)]
    }

    // MARK: Helpers

    private func dialRefusal() -> CallRefusal? {
        if currentCall != nil { return .callInProgress }
        if !ringingCalls.isEmpty { return .incomingCallRinging }
        return nil
    }

    private func checkUnknown(callID: String, uuid: String) throws(CallRefusal) {
        if call(callID: callID) != nil { throw .duplicateCall(callID) }
        if call(uuid: uuid) != nil { throw .duplicateCall(uuid) }
    }

    private func ringingIndex(uuid: String) -> Int? {
        calls.firstIndex { $0.role == .ringing && $0.callUUID == uuid }
    }

    /// Throws when `uuid` names the current call (answered, or not yet).
    private func refuseCurrent(_ uuid: String) throws(CallRefusal) {
        guard let current = currentCall, current.callUUID == uuid else { return }
        throw current.state == .answered ? .alreadyAnswered(uuid) : .notRinging(uuid)
    }

    /// The call reject and ignore act on: `uuid` when it rings, else the most recent ringing call.
    private func ringingTarget(_ uuid: String?) throws(CallRefusal) -> Int {
        if let uuid {
            if let index = ringingIndex(uuid: uuid) { return index }
            try refuseCurrent(uuid)
        }
        guard let index = calls.lastIndex(where: { $0.role == .ringing }) else { throw .noRingingCall }
        return index
    }
}
