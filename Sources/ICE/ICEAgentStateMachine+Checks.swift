extension ICEAgentStateMachine {
    mutating func addLocal(_ candidates: [ICECandidate], into actions: inout [Action]) {
        let fresh = candidates.filter { candidate in !localCandidates.contains { $0.address == candidate.address && $0.type == candidate.type } }
        guard !fresh.isEmpty else { return }
        localCandidates += fresh
        guard started else { return }
        let added = checkList.add(locals: localCandidates, remotes: remoteCandidates)
        if !added.isEmpty { unfreezeNew(added) }
        armPacing(into: &actions)
    }

    mutating func addRemote(_ candidates: [ICECandidate], into actions: inout [Action]) {
        var fresh: [ICECandidate] = []
        for candidate in candidates where !remoteCandidates.contains(where: { $0.address == candidate.address }) {
            fresh.append(candidate)
        }
        remoteCandidates += fresh
        guard started, !fresh.isEmpty else { return }
        let added = checkList.add(locals: localCandidates, remotes: fresh)
        if !added.isEmpty { unfreezeNew(added) }
        armPacing(into: &actions)
    }

    /// New pairs whose foundation has nothing waiting or running become waiting (§6.1.2.6 for
    /// pairs that arrive after the start, e.g. trickled candidates).
    private mutating func unfreezeNew(_ ids: [Int]) {
        let busy = Set(checkList.pairs.filter { $0.state != .frozen && $0.state != .failed }.map(\.foundation))
        var seen = busy
        for id in ids {
            guard let pair = checkList.pair(id), !seen.contains(pair.foundation) else { continue }
            seen.insert(pair.foundation)
            checkList.setState(.waiting, of: id)
        }
    }

    /// Begins checking: forms the check list, unfreezes one pair per foundation, sends the
    /// first check at once and paces the rest (§6.1.4).
    mutating func start(into actions: inout [Action]) {
        guard !started else { return }
        started = true
        checkList.add(locals: localCandidates, remotes: remoteCandidates)
        checkList.unfreezeInitial()
        setState(.checking, into: &actions)
        // The peer's checks that came before: their triggered checks go first.
        let early = earlyRequests
        earlyRequests = []
        for request in early { pairUp(request, into: &actions) }
        sendNext(into: &actions)
        armPacing(into: &actions)
        checkFailure(into: &actions)
    }

    mutating func timerFired(_ timer: ICEAgentTimer, into actions: inout [Action]) {
        switch timer {
        case .pacing:
            pacingArmed = false
            sendNext(into: &actions)
            armPacing(into: &actions)
            checkFailure(into: &actions)
        case .nomination:
            nominationArmed = false
            nominateBest(into: &actions)
        case .consent:
            consentTick(into: &actions)
        }
    }

    /// Sends the next check of the list, if any (one per Ta).
    private mutating func sendNext(into actions: inout [Action]) {
        guard remoteCredentials != nil, let pair = checkList.nextCheck() else { return }
        let useCandidate = role == .controlling && nominating == pair.id
        if let check = makeCheck(for: pair, useCandidate: useCandidate) { actions.append(.sendCheck(check)) }
    }

    /// A check we sent ended (RFC 8445 §7.2.5).
    mutating func checkEnded(_ id: Int, _ result: ICECheckResult, into actions: inout [Action]) {
        guard let check = checks.removeValue(forKey: id) else { return }
        if check.isConsent {
            consentAnswered(result, into: &actions)
            return
        }
        guard let pair = checkList.pair(check.pairID) else { return }
        switch result {
        case .success(let mapped):
            succeeded(pair, check: check, mapped: mapped, into: &actions)
        case .roleConflict:
            // §7.2.5.1: take the other role than the one the check claimed, and check again.
            changeRole(to: check.role.flipped, into: &actions)
            if nominating == pair.id { nominating = nil }
            checkList.setState(.waiting, of: pair.id)
            checkList.trigger(pair.id)
            armPacing(into: &actions)
        case .failure, .timeout:
            checkList.setState(.failed, of: pair.id)
            if nominating == pair.id {
                nominating = nil
                scheduleNomination(into: &actions)
            }
            checkFailure(into: &actions)
        }
    }

    /// A success response (§7.2.5.3): the pair succeeded; the valid pair uses the mapped
    /// address as local candidate (peer-reflexive when new); same-foundation pairs unfreeze;
    /// a nominating check selects the pair.
    private mutating func succeeded(_ pair: ICECandidatePair, check: ICECheck, mapped: ICETransportAddress,
                                    into actions: inout [Action]) {
        checkList.setState(.succeeded, of: pair.id)
        checkList.unfreeze(foundation: pair.foundation)
        var validID = pair.id
        if mapped != pair.local.base, !localCandidates.contains(where: { $0.address == mapped }) {
            let learned = ICECandidate(
                foundation: ICECandidate.foundation(type: .peerReflexive, baseHost: pair.local.base.host),
                component: pair.local.component, priority: check.priority, address: mapped, type: .peerReflexive,
                relatedAddress: pair.local.base)
            localCandidates.append(learned)
            actions.append(.emit(.localCandidate(learned)))
            validID = checkList.add(pair: learned, remote: pair.remote, state: .succeeded)
            if check.useCandidate { checkList.nominate(validID) }
        }
        if check.useCandidate || nominateOnSuccess.contains(pair.id) {
            nominateOnSuccess.remove(pair.id)
            checkList.nominate(pair.id)
            if let chosen = checkList.pair(pair.id) { select(chosen, into: &actions) }
            return
        }
        if role == .controlling, awaitingSelection, nominating == nil { scheduleNomination(into: &actions) }
        armPacing(into: &actions)
    }

    /// The controlling agent nominates the best valid pair now when no better pair can still
    /// succeed, else after the nomination delay (§8.1.1, regular nomination).
    mutating func scheduleNomination(into actions: inout [Action]) {
        guard role == .controlling, awaitingSelection, nominating == nil, let best = checkList.valid.first else { return }
        let pending = checkList.pairs.contains { pair in
            (pair.state == .waiting || pair.state == .inProgress || pair.state == .frozen)
                && pair.priority(role: role) > best.priority(role: role)
        }
        if !pending {
            nominateBest(into: &actions)
        } else if !nominationArmed {
            nominationArmed = true
            actions.append(.startTimer(.nomination, configuration.nominationDelay))
        }
    }

    /// Sends a check with USE-CANDIDATE on the best valid pair (a triggered check).
    private mutating func nominateBest(into actions: inout [Action]) {
        guard role == .controlling, awaitingSelection, nominating == nil, let best = checkList.valid.first else { return }
        if nominationArmed {
            nominationArmed = false
            actions.append(.cancelTimer(.nomination))
        }
        nominating = best.id
        checkList.setState(.inProgress, of: best.id)
        if let check = makeCheck(for: best, useCandidate: true) { actions.append(.sendCheck(check)) }
    }

    /// Selects `pair`: state connected, consent checks start (RFC 7675).
    mutating func select(_ pair: ICECandidatePair, into actions: inout [Action]) {
        guard selected?.id != pair.id else { return }
        selected = pair
        awaitingSelection = false
        nominating = nil
        missedConsents = 0
        consentOutstanding = false
        actions.append(.emit(.selected(pair)))
        setState(.connected, into: &actions)
        if nominationArmed {
            nominationArmed = false
            actions.append(.cancelTimer(.nomination))
        }
        actions.append(.startTimer(.consent, configuration.consentInterval))
    }
}
