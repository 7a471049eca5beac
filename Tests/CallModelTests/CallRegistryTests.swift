import CallModel
import SIPUserAgent
import Testing

/// The seed's rules for several calls (allowMultipleIncomingCalls, answer/reject/ignore/hangup,
/// outgoing restrictions) as exact action lists.
@Suite struct CallRegistryTests {
    /// A registry with incoming calls `c1`, `c2`, … ringing (UUIDs `u1`, `u2`, …).
    func ringing(_ count: Int, multiple: Bool = true) throws -> CallRegistry {
        var registry = CallRegistry(allowMultipleIncomingCalls: multiple)
        for n in 1...count {
            #expect(try registry.incoming(callID: "c\(n)", callUUID: "u\(n)") == [])
        }
        return registry
    }

    /// A registry whose current call `c1`/`u1` is an answered incoming call.
    func answeredCall(multiple: Bool = true) throws -> CallRegistry {
        var registry = try ringing(1, multiple: multiple)
        #expect(try registry.answer(callUUID: "u1", action: nil) == [.answer(callID: "c1")])
        registry.update(callID: "c1", state: .answered)
        return registry
    }

    func incoming(_ uuid: String, _ callID: String, _ state: SIPCallState = .ringing,
                  _ role: RegisteredCall.Role = .ringing) -> RegisteredCall {
        RegisteredCall(callUUID: uuid, callID: callID, direction: .incoming, state: state, role: role)
    }

    // MARK: Incoming INVITEs and the busy rule

    @Test("an incoming call rings: no action, kept with its X-Calluuid; without one the Call-ID is its key")
    func incomingRings() throws {
        var registry = CallRegistry()
        #expect(try registry.incoming(callID: "c1", callUUID: "u1") == [])
        #expect(registry.calls == [incoming("u1", "c1")])
        #expect(registry.ringingCalls == [incoming("u1", "c1")])
        #expect(registry.currentCall == nil)
        #expect(registry.getCallUUID() == nil)

        var plain = CallRegistry()
        #expect(try plain.incoming(callID: "c9", callUUID: nil) == [])
        #expect(plain.call(uuid: "c9") == incoming("c9", "c9"))
        #expect(plain.call(callID: "c9") == incoming("c9", "c9"))
    }

    @Test("allowMultipleIncomingCalls false: a second INVITE while one rings is rejected 486, silently and not kept")
    func busyWhileRinging() throws {
        var registry = try ringing(1, multiple: false)
        #expect(registry.shouldRejectIncoming())
        #expect(try registry.incoming(callID: "c2", callUUID: "u2") == [.reject(callID: "c2")])
        #expect(registry.calls == [incoming("u1", "c1")])
        // The user agent's later report about the rejected call is ignored.
        registry.update(callID: "c2", state: .rejected)
        #expect(registry.calls == [incoming("u1", "c1")])
    }

    @Test("allowMultipleIncomingCalls false: an INVITE while a call is dialed or answered is rejected 486")
    func busyWhileEngaged() throws {
        var dialing = CallRegistry()
        try dialing.dialing(callID: "o1")
        #expect(dialing.shouldRejectIncoming())
        #expect(try dialing.incoming(callID: "c2", callUUID: "u2") == [.reject(callID: "c2")])

        var answered = try answeredCall(multiple: false)
        #expect(answered.shouldRejectIncoming())
        #expect(try answered.incoming(callID: "c2", callUUID: "u2") == [.reject(callID: "c2")])
        #expect(answered.calls == [incoming("u1", "c1", .answered, .current)])
    }

    @Test("allowMultipleIncomingCalls true: several ring in arrival order, also during an answered call")
    func severalRing() throws {
        var registry = try answeredCall()
        #expect(!registry.shouldRejectIncoming())
        #expect(try registry.incoming(callID: "c2", callUUID: "u2") == [])
        #expect(try registry.incoming(callID: "c3", callUUID: "u3") == [])
        #expect(registry.ringingCalls.map(\.callUUID) == ["u2", "u3"])
        #expect(registry.getCallUUID() == "u1")
    }

    @Test("at most 50 calls ring: the 51st INVITE gets 486; once one stops ringing a new one may ring")
    func ringingLimit() throws {
        var registry = try ringing(50)
        #expect(registry.ringingCalls.count == 50)
        #expect(registry.shouldRejectIncoming())
        #expect(try registry.incoming(callID: "c51", callUUID: "u51") == [.reject(callID: "c51")])
        #expect(try registry.reject(callUUID: "u7") == [.reject(callID: "c7")])
        #expect(!registry.shouldRejectIncoming())
        #expect(try registry.incoming(callID: "c52", callUUID: "u52") == [])
        #expect(registry.ringingCalls.count == 50)
        #expect(registry.shouldRejectIncoming())
    }

    @Test("an INVITE with a Call-ID or UUID already known is refused")
    func duplicateIncoming() throws {
        var registry = try ringing(1)
        #expect(throws: CallRefusal.duplicateCall("c1")) { try registry.incoming(callID: "c1", callUUID: "u9") }
        #expect(throws: CallRefusal.duplicateCall("u1")) { try registry.incoming(callID: "c9", callUUID: "u1") }
        #expect(registry.calls == [incoming("u1", "c1")])
    }

    // MARK: Outgoing calls

    @Test("an outgoing call is current, keyed by its Call-ID until X-Calluuid arrives; answered → lastCallUUID")
    func outgoingCall() throws {
        var registry = CallRegistry()
        #expect(registry.canDial())
        try registry.dialing(callID: "o1")
        #expect(registry.calls == [RegisteredCall(callUUID: "o1", callID: "o1", direction: .outgoing,
                                                  state: .initialized, role: .current)])
        #expect(registry.getCallUUID() == "o1")
        registry.update(callID: "o1", state: .ringing, callUUID: "x1")
        #expect(registry.getCallUUID() == "x1")
        #expect(registry.getLastCallUUID() == nil)
        registry.update(callID: "o1", state: .answered)
        #expect(registry.getLastCallUUID() == "x1")
        #expect(registry.calls == [RegisteredCall(callUUID: "x1", callID: "o1", direction: .outgoing,
                                                  state: .answered, role: .current)])
        registry.update(callID: "o1", state: .ended)
        #expect(registry.calls == [])
        #expect(registry.getCallUUID() == nil)
        #expect(registry.getLastCallUUID() == "x1")
        #expect(registry.canDial())
    }

    @Test("an outgoing call is refused while a call is current or any incoming call rings")
    func dialRefused() throws {
        var dialing = CallRegistry()
        try dialing.dialing(callID: "o1")
        #expect(!dialing.canDial())
        #expect(throws: CallRefusal.callInProgress) { try dialing.dialing(callID: "o2") }

        var answered = try answeredCall()
        #expect(!answered.canDial())
        #expect(throws: CallRefusal.callInProgress) { try answered.dialing(callID: "o2") }

        for multiple in [false, true] {
            var ringing = try ringing(1, multiple: multiple)
            #expect(!ringing.canDial())
            #expect(throws: CallRefusal.incomingCallRinging) { try ringing.dialing(callID: "o2") }
            #expect(ringing.calls == [incoming("u1", "c1")])
        }
    }

    @Test("a new X-Calluuid another call already has is not taken; unknown Call-IDs are ignored")
    func updateEdges() throws {
        var registry = try answeredCall()
        #expect(try registry.incoming(callID: "c2", callUUID: "u2") == [])
        registry.update(callID: "c2", state: .ringing, callUUID: "u1")
        registry.update(callID: "c2", state: .ringing, callUUID: "")
        registry.update(callID: "nobody", state: .answered)
        #expect(registry.calls == [incoming("u1", "c1", .answered, .current), incoming("u2", "c2")])
        #expect(registry.getLastCallUUID() == "u1")
    }

    @Test("a ringing call canceled by the caller is forgotten")
    func remoteCancel() throws {
        var registry = try ringing(3)
        registry.update(callID: "c2", state: .canceled)
        #expect(registry.calls == [incoming("u1", "c1"), incoming("u3", "c3")])
        #expect(throws: CallRefusal.noSuchCall("u2")) { try registry.answer(callUUID: "u2", action: nil) }
    }

    // MARK: answer

    @Test("answer without a UUID answers the most recent ringing call; it becomes current, then lastCallUUID")
    func answerMostRecent() throws {
        var registry = try ringing(1, multiple: false)
        #expect(try registry.answer(callUUID: nil, action: nil) == [.answer(callID: "c1")])
        #expect(registry.calls == [incoming("u1", "c1", .ringing, .current)])
        #expect(registry.getCallUUID() == "u1")
        #expect(registry.getLastCallUUID() == nil)
        registry.update(callID: "c1", state: .answered)
        #expect(registry.getLastCallUUID() == "u1")
        #expect(registry.ringingCalls == [])
    }

    @Test("answer with no action rejects every other ringing call, in arrival order, before answering")
    func answerRejectsOthers() throws {
        var registry = try ringing(3)
        #expect(try registry.answer(callUUID: "u2", action: nil)
            == [.reject(callID: "c1"), .reject(callID: "c3"), .answer(callID: "c2")])
        #expect(registry.calls == [incoming("u1", "c1", .ringing, .ending), incoming("u2", "c2", .ringing, .current),
                                   incoming("u3", "c3", .ringing, .ending)])
        registry.update(callID: "c1", state: .rejected)
        registry.update(callID: "c3", state: .rejected)
        registry.update(callID: "c2", state: .answered)
        #expect(registry.calls == [incoming("u2", "c2", .answered, .current)])
    }

    @Test("answer with action reject or ignore applies it to each other ringing call")
    func answerWithAction() throws {
        var rejecting = try ringing(3)
        #expect(try rejecting.answer(callUUID: nil, action: .reject)
            == [.reject(callID: "c1"), .reject(callID: "c2"), .answer(callID: "c3")])

        var ignoring = try ringing(3)
        #expect(try ignoring.answer(callUUID: "u1", action: .ignore)
            == [.ignore(callID: "c2"), .ignore(callID: "c3"), .answer(callID: "c1")])
        #expect(ignoring.ringingCalls == [])
        #expect(throws: CallRefusal.noSuchCall("u2")) { try ignoring.answer(callUUID: "u2", action: nil) }
    }

    @Test("letring leaves the others ringing; answering one of them later hangs up the current call")
    func letRing() throws {
        var registry = try ringing(3)
        #expect(try registry.answer(callUUID: "u2", action: .letRing) == [.answer(callID: "c2")])
        #expect(registry.ringingCalls.map(\.callUUID) == ["u1", "u3"])
        registry.update(callID: "c2", state: .answered)
        #expect(try registry.incoming(callID: "c4", callUUID: "u4") == [])
        #expect(try registry.answer(callUUID: "u3", action: .ignore)
            == [.hangup(callID: "c2"), .ignore(callID: "c1"), .ignore(callID: "c4"), .answer(callID: "c3")])
        #expect(registry.calls == [incoming("u1", "c1", .ringing, .ending), incoming("u2", "c2", .answered, .ending),
                                   incoming("u3", "c3", .ringing, .current), incoming("u4", "c4", .ringing, .ending)])
        #expect(registry.getCallUUID() == "u3")
        #expect(registry.getLastCallUUID() == "u2")
    }

    @Test("answering an incoming call while an outgoing call is dialed hangs the outgoing call up first")
    func answerHangsUpDialedCall() throws {
        var registry = CallRegistry(allowMultipleIncomingCalls: true)
        try registry.dialing(callID: "o1")
        #expect(try registry.incoming(callID: "c2", callUUID: "u2") == [])
        #expect(try registry.answer(callUUID: nil, action: nil) == [.hangup(callID: "o1"), .answer(callID: "c2")])
        #expect(registry.getCallUUID() == "u2")
        registry.update(callID: "o1", state: .canceled)
        #expect(registry.calls == [incoming("u2", "c2", .ringing, .current)])
    }

    @Test("answer refuses an unknown UUID (with or without multiple calls), the current call, and an empty list")
    func answerRefusals() throws {
        for multiple in [false, true] {
            var registry = try ringing(1, multiple: multiple)
            #expect(throws: CallRefusal.noSuchCall("zz")) { try registry.answer(callUUID: "zz", action: nil) }
            #expect(registry.calls == [incoming("u1", "c1")])
        }
        var answered = try answeredCall()
        #expect(throws: CallRefusal.alreadyAnswered("u1")) { try answered.answer(callUUID: "u1", action: nil) }
        #expect(throws: CallRefusal.noRingingCall) { try answered.answer(callUUID: nil, action: nil) }

        var dialing = CallRegistry()
        try dialing.dialing(callID: "o1")
        #expect(throws: CallRefusal.notRinging("o1")) { try dialing.answer(callUUID: "o1", action: nil) }
        var empty = CallRegistry()
        #expect(throws: CallRefusal.noRingingCall) { try empty.answer(callUUID: nil, action: .reject) }
    }

    @Test("the action string is parsed ignoring case and refused when unknown, only with multiple calls allowed")
    func answerActionText() throws {
        var ignoring = try ringing(2)
        #expect(try ignoring.answer(callUUID: "u2", actionText: "IGNORED") == [.ignore(callID: "c1"), .answer(callID: "c2")])
        var letting = try ringing(2)
        #expect(try letting.answer(callUUID: "u2", actionText: "LetRing") == [.answer(callID: "c2")])

        var strict = try ringing(2)
        #expect(throws: CallRefusal.invalidAction("drop")) { try strict.answer(callUUID: "u2", actionText: "drop") }
        #expect(throws: CallRefusal.invalidAction("")) { try strict.answer(callUUID: "u2", actionText: "") }
        #expect(strict.ringingCalls.count == 2)

        var single = try ringing(1, multiple: false)
        #expect(try single.answer(callUUID: nil, actionText: "drop") == [.answer(callID: "c1")])
    }

    @Test("OtherCallsAction parses the seed's and the SDK's strings, any case")
    func parseAction() throws {
        #expect(try OtherCallsAction(parsing: "reject") == .reject)
        #expect(try OtherCallsAction(parsing: "REJECT") == .reject)
        #expect(try OtherCallsAction(parsing: "ignore") == .ignore)
        #expect(try OtherCallsAction(parsing: "Ignored") == .ignore)
        #expect(try OtherCallsAction(parsing: "letring") == .letRing)
        #expect(try OtherCallsAction(parsing: "LETRING") == .letRing)
        #expect(throws: CallRefusal.invalidAction("let ring")) { try OtherCallsAction(parsing: "let ring") }
        #expect(OtherCallsAction.allCases.map(\.rawValue) == ["reject", "ignore", "letring"])
    }

    // MARK: reject, ignore, hangup

    @Test("reject: the named ringing call gets 486 and stops ringing; the others ring on")
    func rejectNamed() throws {
        var registry = try ringing(3)
        #expect(try registry.reject(callUUID: "u2") == [.reject(callID: "c2")])
        #expect(registry.ringingCalls.map(\.callUUID) == ["u1", "u3"])
        #expect(throws: CallRefusal.noSuchCall("u2")) { try registry.answer(callUUID: "u2", action: nil) }
        registry.update(callID: "c2", state: .rejected)
        #expect(registry.calls.map(\.callUUID) == ["u1", "u3"])
    }

    @Test("reject and ignore without a UUID, or with one that does not ring, take the most recent ringing call")
    func rejectFallsBack() throws {
        var registry = try ringing(3)
        #expect(try registry.reject(callUUID: nil) == [.reject(callID: "c3")])
        #expect(try registry.reject(callUUID: "nope") == [.reject(callID: "c2")])
        #expect(try registry.ignore(callUUID: "u3") == [.ignore(callID: "c1")])
        #expect(throws: CallRefusal.noRingingCall) { try registry.reject(callUUID: nil) }
        #expect(throws: CallRefusal.noRingingCall) { try registry.ignore(callUUID: "u1") }
    }

    @Test("reject and ignore leave an answered call alone")
    func rejectLeavesAnsweredCall() throws {
        var registry = try answeredCall()
        #expect(throws: CallRefusal.alreadyAnswered("u1")) { try registry.reject(callUUID: "u1") }
        #expect(throws: CallRefusal.alreadyAnswered("u1")) { try registry.ignore(callUUID: "u1") }
        #expect(throws: CallRefusal.noRingingCall) { try registry.reject(callUUID: nil) }
        #expect(try registry.incoming(callID: "c2", callUUID: "u2") == [])
        #expect(try registry.reject(callUUID: nil) == [.reject(callID: "c2")])
        #expect(try registry.incoming(callID: "c3", callUUID: "u3") == [])
        #expect(try registry.ignore(callUUID: "u3") == [.ignore(callID: "c3")])
        #expect(registry.calls == [incoming("u1", "c1", .answered, .current), incoming("u2", "c2", .ringing, .ending),
                                   incoming("u3", "c3", .ringing, .ending)])
        #expect(registry.getCallUUID() == "u1")
    }

    @Test("ignore: no SIP, the call can no longer be answered and no longer counts as ringing")
    func ignoreOne() throws {
        var registry = try ringing(1, multiple: false)
        #expect(try registry.ignore(callUUID: "u1") == [.ignore(callID: "c1")])
        #expect(throws: CallRefusal.noRingingCall) { try registry.answer(callUUID: nil, action: nil) }
        #expect(!registry.shouldRejectIncoming())
        #expect(registry.canDial())
        registry.update(callID: "c1", state: .ignored)
        #expect(registry.calls == [])
    }

    @Test("hangup ends the current call; it is kept, ending, until its final state; ringing calls are untouched")
    func hangup() throws {
        var registry = try answeredCall()
        #expect(try registry.incoming(callID: "c2", callUUID: "u2") == [])
        #expect(try registry.hangup() == [.hangup(callID: "c1")])
        #expect(registry.currentCall == nil)
        #expect(registry.getCallUUID() == nil)
        #expect(registry.calls == [incoming("u1", "c1", .answered, .ending), incoming("u2", "c2")])
        #expect(throws: CallRefusal.noActiveCall) { try registry.hangup() }
        registry.update(callID: "c1", state: .ended)
        #expect(registry.calls == [incoming("u2", "c2")])
        #expect(registry.getLastCallUUID() == "u1")

        var dialing = CallRegistry()
        try dialing.dialing(callID: "o1")
        #expect(try dialing.hangup() == [.hangup(callID: "o1")])
        #expect(dialing.canDial())
        var empty = CallRegistry()
        #expect(throws: CallRefusal.noActiveCall) { try empty.hangup() }
    }

    @Test("allowMultipleIncomingCalls false, end to end: ring, answer, busy, hang up, ring again")
    func singleCallLifecycle() throws {
        var registry = CallRegistry()
        #expect(try registry.incoming(callID: "c1", callUUID: "u1") == [])
        #expect(try registry.answer(callUUID: "u1", actionText: nil) == [.answer(callID: "c1")])
        registry.update(callID: "c1", state: .answered)
        #expect(try registry.incoming(callID: "c2", callUUID: "u2") == [.reject(callID: "c2")])
        #expect(try registry.hangup() == [.hangup(callID: "c1")])
        registry.update(callID: "c1", state: .ended)
        #expect(try registry.incoming(callID: "c3", callUUID: "u3") == [])
        #expect(registry.calls == [incoming("u3", "c3")])
        #expect(registry.getLastCallUUID() == "u1")
    }
}
