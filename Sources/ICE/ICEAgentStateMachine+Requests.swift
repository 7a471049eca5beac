extension ICEAgentStateMachine {
    /// The peer's check (RFC 8445 §7.3.1): role conflict repair, the success response,
    /// a peer-reflexive remote candidate, a triggered check, and USE-CANDIDATE for the
    /// controlled agent.
    mutating func receive(_ request: ICECheckRequest, into actions: inout [Action]) {
        // §7.3.1.1 role conflicts.
        if role == .controlling, let theirs = request.controlling {
            if tieBreaker >= theirs {
                actions.append(.respond(request, .roleConflict))
                return
            }
            changeRole(to: .controlled, into: &actions)
        } else if role == .controlled, let theirs = request.controlled {
            if tieBreaker >= theirs {
                changeRole(to: .controlling, into: &actions)
            } else {
                actions.append(.respond(request, .roleConflict))
                return
            }
        }
        actions.append(.respond(request, .success(mapped: request.source)))
        guard started else {
            // No check list yet (the peer checks before we have its description, or before
            // `start`): keep the request, `start` pairs it up (§7.3.1.3–§7.3.1.5). Otherwise a
            // controlling peer with aggressive nomination (aioice), which saw its USE-CANDIDATE
            // check answered, never sends USE-CANDIDATE again, and we never select a pair.
            rememberEarly(request)
            return
        }
        pairUp(request, into: &actions)
    }

    /// Keeps a request that arrived before `start` (one per source and destination, USE-CANDIDATE
    /// kept when any of them had it; at most ``maxEarlyRequests``).
    private mutating func rememberEarly(_ request: ICECheckRequest) {
        if let index = earlyRequests.firstIndex(where: { $0.source == request.source && $0.destination == request.destination }) {
            let nominated = earlyRequests[index].useCandidate || request.useCandidate
            earlyRequests[index] = request
            earlyRequests[index].useCandidate = nominated
        } else if earlyRequests.count < Self.maxEarlyRequests {
            earlyRequests.append(request)
        }
    }

    /// The most requests kept from before `start`.
    static let maxEarlyRequests = 32

    /// The pair of a request (after `start`): a peer-reflexive remote candidate when its source is
    /// new, a triggered check, and USE-CANDIDATE for the controlled agent (§7.3.1.3–§7.3.1.5).
    mutating func pairUp(_ request: ICECheckRequest, into actions: inout [Action]) {
        // Consent requests from the peer on the selected pair need nothing more.
        guard let local = localCandidates.first(where: { $0.type == .host && $0.address == request.destination })
        else { return }
        var remote = remoteCandidates.first { $0.address == request.source }
        if remote == nil {
            // §7.3.1.3: a peer-reflexive remote candidate with the request's PRIORITY.
            let learned = ICECandidate(
                foundation: ICECandidate.foundation(type: .peerReflexive, baseHost: request.source.host),
                component: local.component, priority: request.priority, address: request.source, type: .peerReflexive)
            remoteCandidates.append(learned)
            actions.append(.emit(.remoteCandidate(learned)))
            remote = learned
        }
        guard let remote else { return }
        let id = checkList.add(pair: local, remote: remote, state: .waiting)
        guard let pair = checkList.pair(id) else { return }
        // §7.3.1.4 triggered checks.
        switch pair.state {
        case .succeeded:
            break
        case .inProgress:
            break
        case .waiting, .frozen, .failed:
            checkList.setState(.waiting, of: id)
            checkList.trigger(id)
        }
        // §7.3.1.5 nomination by the controlling peer.
        if request.useCandidate, role == .controlled {
            if pair.state == .succeeded {
                checkList.nominate(id)
                if let chosen = checkList.pair(id) { select(chosen, into: &actions) }
            } else {
                nominateOnSuccess.insert(id)
            }
        }
        armPacing(into: &actions)
    }

    // MARK: Consent freshness (RFC 7675)

    /// Every consent interval: count an unanswered check, update the state, send the next.
    mutating func consentTick(into actions: inout [Action]) {
        guard let pair = selected, state != .failed else { return }
        if consentOutstanding {
            missedConsents += 1
            if missedConsents >= configuration.failedAfter {
                // Consent expired: stop sending on the pair (RFC 7675 §5.1).
                setState(.failed, into: &actions)
                return
            }
            if missedConsents >= configuration.disconnectedAfter { setState(.disconnected, into: &actions) }
        }
        if let check = makeCheck(for: pair, useCandidate: false, isConsent: true) {
            consentOutstanding = true
            actions.append(.sendCheck(check))
        }
        actions.append(.startTimer(.consent, configuration.consentInterval))
    }

    /// A consent check ended: an answer refreshes consent (and brings `disconnected` back to
    /// `connected`); a failure is counted at the next tick.
    mutating func consentAnswered(_ result: ICECheckResult, into actions: inout [Action]) {
        guard case .success = result else { return }
        consentOutstanding = false
        missedConsents = 0
        if state == .disconnected { setState(.connected, into: &actions) }
    }

    // MARK: ICE restart (§9)

    /// New local credentials; the check list and remote candidates are dropped until the new
    /// remote description arrives. The selected pair keeps carrying media meanwhile.
    mutating func restart(_ credentials: ICECredentials, into actions: inout [Action]) {
        localCredentials = credentials
        remoteCredentials = nil
        remoteCandidates = []
        remoteComplete = false
        checkList.removeAll()
        checks = checks.filter { $0.value.isConsent }
        earlyRequests = []
        nominating = nil
        nominateOnSuccess = []
        started = false
        pacingArmed = false
        if nominationArmed {
            nominationArmed = false
            actions.append(.cancelTimer(.nomination))
        }
        actions.append(.cancelTimer(.pacing))
        // The next `start` after the new remote description checks again; the old pair keeps
        // its consent checks until a new selection replaces it.
        awaitingSelection = true
    }
}
