/// A full ICE agent (RFC 8445) for one data stream with one component (rtcp-mux), as a pure
/// state machine: inputs in, actions out, no sockets, no clock, no STUN bytes.
///
/// The owner gathers local candidates and feeds them (``Input/localCandidates(_:)``), gives the
/// remote description (credentials, candidates, ice-lite, whether more will trickle), then
/// ``Input/start``. The machine forms the check list (§6.1.2), paces checks every Ta (§6.1.4.2,
/// triggered checks first), turns responses into valid pairs (peer-reflexive local candidates,
/// §7.2.5.3), answers the peer's checks (peer-reflexive remote candidates, triggered checks,
/// §7.3), repairs role conflicts (487, §7.2.5.1 / §7.3.1.1), nominates regularly when
/// controlling (§8.1.1) or follows USE-CANDIDATE when controlled, selects the pair, then keeps
/// consent fresh (RFC 7675): one check every 5 s; two unanswered → `disconnected`, six (30 s) →
/// `failed`; an answer → `connected` again. ``Input/restart(_:)`` begins an ICE restart (§9).
public struct ICEAgentStateMachine: Sendable {
    /// The agent's settings.
    public struct Configuration: Sendable, Hashable {
        /// Ta, the interval between two checks (RFC 8445 §14.2: 50 ms).
        public var pacing: Duration
        /// How long the controlling agent waits, after the first valid pair, for a better pair
        /// before it nominates the best valid one.
        public var nominationDelay: Duration
        /// The interval of consent checks (RFC 7675 §5.1: 5 s, randomized ±20 % by the owner).
        public var consentInterval: Duration
        /// Unanswered consent checks in a row that make the state `disconnected`.
        public var disconnectedAfter: Int
        /// Unanswered consent checks in a row that make it `failed` (RFC 7675: 30 s).
        public var failedAfter: Int

        /// Creates settings; the defaults follow the RFCs above.
        public init(pacing: Duration = .milliseconds(50), nominationDelay: Duration = .milliseconds(200),
                    consentInterval: Duration = .seconds(5), disconnectedAfter: Int = 2, failedAfter: Int = 6) {
            self.pacing = pacing
            self.nominationDelay = nominationDelay
            self.consentInterval = consentInterval
            self.disconnectedAfter = disconnectedAfter
            self.failedAfter = failedAfter
        }
    }

    /// What the machine is fed.
    public enum Input: Sendable {
        /// Local candidates gathered (host, server-reflexive); more may come later.
        case localCandidates([ICECandidate])
        /// The peer's credentials and candidates; `isLite` for an ice-lite peer; `complete` when
        /// no more candidates will trickle (non-trickle offer/answer, or end-of-candidates).
        case remoteDescription(ICECredentials, [ICECandidate], isLite: Bool, complete: Bool)
        /// A trickled remote candidate.
        case remoteCandidate(ICECandidate)
        /// The peer signalled end-of-candidates.
        case endOfRemoteCandidates
        /// Begin checking.
        case start
        /// A timer fired.
        case timer(ICEAgentTimer)
        /// A check we sent ended.
        case checkResult(checkID: Int, ICECheckResult)
        /// The peer's check arrived (already authenticated).
        case request(ICECheckRequest)
        /// ICE restart with these new local credentials (the remote description follows).
        case restart(ICECredentials)
        /// Close: stop everything.
        case close
    }

    /// What the machine asks its owner to do.
    public enum Action: Sendable, Hashable {
        /// Send this check (a STUN Binding request with retransmissions).
        case sendCheck(ICECheck)
        /// Answer the peer's check.
        case respond(ICECheckRequest, ICECheckResponse)
        /// Arm a timer (re-arming replaces it).
        case startTimer(ICEAgentTimer, Duration)
        /// Disarm a timer.
        case cancelTimer(ICEAgentTimer)
        /// Report an event.
        case emit(ICEAgentEvent)
    }

    /// The settings.
    public let configuration: Configuration
    /// Our role.
    public internal(set) var role: ICERole
    /// Our tie-breaker (RFC 8445 §7.1.3: random 64 bits).
    public let tieBreaker: UInt64
    /// Our credentials.
    public internal(set) var localCredentials: ICECredentials
    /// The peer's credentials, once known.
    public internal(set) var remoteCredentials: ICECredentials?
    /// Our candidates.
    public internal(set) var localCandidates: [ICECandidate] = []
    /// The peer's candidates (signalled and peer-reflexive).
    public internal(set) var remoteCandidates: [ICECandidate] = []
    /// The check list.
    public internal(set) var checkList: ICECheckList
    /// The overall state.
    public internal(set) var state: ICEConnectionState = .new
    /// The selected pair.
    public internal(set) var selected: ICECandidatePair?
    /// Whether the peer is an ice-lite agent.
    public internal(set) var remoteIsLite = false
    /// Whether the peer will send no more candidates.
    public internal(set) var remoteComplete = false

    var started = false
    var nextCheckID = 0
    var checks: [Int: ICECheck] = [:]
    var pacingArmed = false
    var nominationArmed = false
    var nominating: Int?
    var nominateOnSuccess: Set<Int> = []
    /// The peer's checks answered before `start`, paired up by `start`.
    var earlyRequests: [ICECheckRequest] = []
    var consentOutstanding = false
    var missedConsents = 0
    /// No pair selected yet in this ICE generation (true again after a restart).
    var awaitingSelection = true

    /// Creates an agent with `role` (the offerer is controlling, RFC 8445 §6.1.1), credentials
    /// and a tie-breaker.
    public init(role: ICERole, credentials: ICECredentials = .random(), tieBreaker: UInt64 = .random(in: 0 ... .max),
                configuration: Configuration = Configuration()) {
        self.role = role
        self.localCredentials = credentials
        self.tieBreaker = tieBreaker
        self.configuration = configuration
        checkList = ICECheckList(role: role)
    }

    /// Feeds one input; returns the actions in order.
    public mutating func handle(_ input: Input) -> [Action] {
        var actions: [Action] = []
        guard state != .closed else { return actions }
        switch input {
        case .localCandidates(let candidates):
            addLocal(candidates, into: &actions)
        case let .remoteDescription(credentials, candidates, isLite, complete):
            remoteCredentials = credentials
            remoteIsLite = isLite
            remoteComplete = complete
            if isLite, role == .controlled {
                // A full agent facing a lite peer is controlling (RFC 8445 §6.1.1).
                changeRole(to: .controlling, into: &actions)
            }
            addRemote(candidates, into: &actions)
        case .remoteCandidate(let candidate):
            addRemote([candidate], into: &actions)
        case .endOfRemoteCandidates:
            remoteComplete = true
            checkFailure(into: &actions)
        case .start:
            start(into: &actions)
        case .timer(let timer):
            timerFired(timer, into: &actions)
        case let .checkResult(id, result):
            checkEnded(id, result, into: &actions)
        case .request(let request):
            receive(request, into: &actions)
        case .restart(let credentials):
            restart(credentials, into: &actions)
        case .close:
            for timer in [ICEAgentTimer.pacing, .nomination, .consent] { actions.append(.cancelTimer(timer)) }
            setState(.closed, into: &actions)
        }
        return actions
    }

    // MARK: Shared helpers

    mutating func setState(_ new: ICEConnectionState, into actions: inout [Action]) {
        guard state != new else { return }
        state = new
        actions.append(.emit(.state(new)))
    }

    mutating func changeRole(to new: ICERole, into actions: inout [Action]) {
        guard role != new else { return }
        role = new
        checkList.change(role: new)
        actions.append(.emit(.role(new)))
    }

    /// The priority a peer-reflexive candidate learned from a check from `base` would get
    /// (RFC 8445 §7.1.1: type preference of prflx, the base's local preference).
    func prflxPriority(for local: ICECandidate) -> UInt32 {
        let localPreference = (local.priority >> 8) & 0xFFFF
        return ICECandidate.priority(type: .peerReflexive, localPreference: localPreference, component: local.component)
    }

    /// Builds and records a check for a pair.
    mutating func makeCheck(for pair: ICECandidatePair, useCandidate: Bool, isConsent: Bool = false) -> ICECheck? {
        guard let remote = remoteCredentials else { return nil }
        let check = ICECheck(id: nextCheckID, pairID: pair.id, from: pair.local.base, to: pair.remote.address,
                             username: remote.ufrag + ":" + localCredentials.ufrag, password: remote.password,
                             priority: prflxPriority(for: pair.local), role: role, tieBreaker: tieBreaker,
                             useCandidate: useCandidate, isConsent: isConsent)
        nextCheckID += 1
        checks[check.id] = check
        return check
    }

    /// Arms Ta when checks are left and it is not armed.
    mutating func armPacing(into actions: inout [Action]) {
        guard started, !pacingArmed, remoteCredentials != nil, checkList.hasWork || nominating != nil else { return }
        pacingArmed = true
        actions.append(.startTimer(.pacing, configuration.pacing))
    }

    /// Fails the agent when nothing can succeed any more (every pair failed, no candidate
    /// expected, nothing selected; RFC 8445 §7.2.5.4, §8.1.2).
    mutating func checkFailure(into actions: inout [Action]) {
        guard started, awaitingSelection, remoteComplete, state == .checking else { return }
        let stillTrying = checkList.hasWork || !checkList.valid.isEmpty || nominating != nil
        if !stillTrying, checkList.allFailed || checkList.pairs.isEmpty {
            setState(.failed, into: &actions)
            actions.append(.cancelTimer(.pacing))
            pacingArmed = false
        }
    }
}
