import Testing
@testable import ICE

/// RFC 8445 formulas and the check list.
@Suite struct ICEFormulaTests {
    @Test("§5.1.2.1: host priority with local preference 65535, component 1 = 2130706431")
    func candidatePriority() {
        #expect(ICECandidate.priority(type: .host) == 2_130_706_431)
        #expect(ICECandidate.priority(type: .serverReflexive) == 1_694_498_815)
        #expect(ICECandidate.priority(type: .peerReflexive) == 1_862_270_975)
        #expect(ICECandidate.priority(type: .relayed, localPreference: 0, component: 2) == 254)
    }

    @Test("§6.1.2.3: pair priority 2^32·min + 2·max + (G>D), seen from either role")
    func pairPriority() {
        let local = ICEAgentHarness.host(1000)
        var remote = ICEAgentHarness.host(2000)
        remote.priority = 100
        let pair = ICECandidatePair(id: 0, local: local, remote: remote)
        let g = UInt64(local.priority), d: UInt64 = 100
        #expect(pair.priority(role: .controlling) == (d << 32) + 2 * g + 1)
        #expect(pair.priority(role: .controlled) == (d << 32) + 2 * g + 0)
    }

    @Test("§5.1.1.3: foundations are equal for the same type/base/server and differ otherwise")
    func foundations() {
        let host = ICECandidate.foundation(type: .host, baseHost: "127.0.0.1")
        #expect(host == ICECandidate.foundation(type: .host, baseHost: "127.0.0.1"))
        #expect(host != ICECandidate.foundation(type: .serverReflexive, baseHost: "127.0.0.1", server: "127.0.0.1:3478"))
        #expect(host != ICECandidate.foundation(type: .host, baseHost: "::1"))
        #expect(host.allSatisfy(\.isNumber) && (1...10).contains(host.count))
    }

    @Test("§6.1.2.4: a server-reflexive local is replaced by its base; families never mix; duplicates pruned")
    func checkListFormation() {
        let host = ICEAgentHarness.host(1000)
        let srflx = ICECandidate(foundation: "9", priority: ICECandidate.priority(type: .serverReflexive),
                                 address: ICETransportAddress(host: "127.0.0.1", port: 1000), type: .serverReflexive,
                                 relatedAddress: host.address)
        let v6 = ICECandidate(foundation: "7", priority: ICECandidate.priority(type: .host, localPreference: 100),
                              address: ICETransportAddress(host: "::1", port: 1002), type: .host)
        var list = ICECheckList(role: .controlling)
        list.add(locals: [host, srflx, v6], remotes: [ICEAgentHarness.host(2000)])
        #expect(list.pairs.count == 1)
        #expect(list.pairs.first?.local == host)
        list.unfreezeInitial()
        #expect(list.pairs.first?.state == .waiting)
    }
}

/// Two agents checking each other on a simulated network (RFC 8445 §6–§8, RFC 7675).
@Suite struct ICEAgentStateMachineTests {
    static let credentialsA = ICECredentials(ufrag: "aaaa", password: "aaaaaaaaaaaaaaaaaaaaaa")
    static let credentialsB = ICECredentials(ufrag: "bbbb", password: "bbbbbbbbbbbbbbbbbbbbbb")

    /// Agents a (port 1000) and b (port 2000) with each other's description; not started.
    static func pair(roleA: ICERole = .controlling, roleB: ICERole = .controlled,
                     tieA: UInt64 = 10, tieB: UInt64 = 5, bLite: Bool = false) -> ICEAgentHarness {
        var harness = ICEAgentHarness(
            a: ICEAgentStateMachine(role: roleA, credentials: credentialsA, tieBreaker: tieA),
            b: ICEAgentStateMachine(role: roleB, credentials: credentialsB, tieBreaker: tieB))
        harness.feed("a", .localCandidates([ICEAgentHarness.host(1000)]))
        harness.feed("b", .localCandidates([ICEAgentHarness.host(2000)]))
        harness.feed("a", .remoteDescription(credentialsB, [ICEAgentHarness.host(2000)], isLite: bLite, complete: true))
        harness.feed("b", .remoteDescription(credentialsA, [ICEAgentHarness.host(1000)], isLite: false, complete: true))
        return harness
    }

    @Test("§7.2.2: a check carries USERNAME remote:local, the remote password, PRIORITY of a prflx, the role and tie-breaker")
    func checkShape() {
        var harness = Self.pair()
        harness.feed("a", .start)
        let check = try? #require(harness.sent["a"]?.first)
        #expect(check?.username == "bbbb:aaaa")
        #expect(check?.password == Self.credentialsB.password)
        #expect(check?.priority == ICECandidate.priority(type: .peerReflexive))
        #expect(check?.role == .controlling)
        #expect(check?.tieBreaker == 10)
        #expect(check?.useCandidate == false)
        #expect(check?.from == ICETransportAddress(host: "127.0.0.1", port: 1000))
        #expect(check?.to == ICETransportAddress(host: "127.0.0.1", port: 2000))
    }

    @Test("§8.1.1 regular nomination: both agents select 1000↔2000; states checking → connected; consent armed")
    func connects() {
        var harness = Self.pair()
        harness.feed("b", .start)
        harness.feed("a", .start)
        harness.runPacing()
        #expect(harness.a.selected?.remote.address.port == 2000)
        #expect(harness.b.selected?.remote.address.port == 1000)
        #expect(harness.a.selected?.nominated == true)
        #expect(harness.states("a") == [.checking, .connected])
        #expect(harness.states("b") == [.checking, .connected])
        #expect(harness.sent["a"]?.contains { $0.useCandidate } == true)
        #expect(harness.sent["b"]?.contains { $0.useCandidate } == false)
        #expect(harness.timers["a"]?.contains(.consent) == true)
    }

    @Test("§7.3.1.1: both controlling — the larger tie-breaker stays controlling, the other switches; they connect")
    func roleConflictBothControlling() {
        var harness = Self.pair(roleA: .controlling, roleB: .controlling, tieA: 10, tieB: 5)
        harness.feed("b", .start)
        harness.feed("a", .start)
        harness.runPacing()
        #expect(harness.a.role == .controlling)
        #expect(harness.b.role == .controlled)
        #expect(harness.events["b"]?.contains(.role(.controlled)) == true)
        #expect(harness.a.selected != nil && harness.b.selected != nil)
    }

    @Test("§7.3.1.1: both controlled — the larger tie-breaker becomes controlling; they connect")
    func roleConflictBothControlled() {
        var harness = Self.pair(roleA: .controlled, roleB: .controlled, tieA: 10, tieB: 5)
        harness.feed("a", .start)
        harness.feed("b", .start)
        harness.runPacing()
        #expect(harness.a.role == .controlling)
        #expect(harness.b.role == .controlled)
        #expect(harness.a.selected != nil && harness.b.selected != nil)
    }

    @Test("§7.3.1.3: a check from an unknown address makes a peer-reflexive remote candidate and a triggered check")
    func peerReflexiveRemote() {
        var harness = Self.pair()
        // b does not know a's address (as if a's candidate was never signalled).
        harness.b = ICEAgentStateMachine(role: .controlled, credentials: Self.credentialsB, tieBreaker: 5)
        harness.feed("b", .localCandidates([ICEAgentHarness.host(2000)]))
        harness.feed("b", .remoteDescription(Self.credentialsA, [], isLite: false, complete: false))
        harness.feed("b", .start)
        harness.feed("a", .start)
        harness.runPacing()
        let learned = harness.events["b"]?.compactMap { if case .remoteCandidate(let c) = $0 { c } else { nil } }
        #expect(learned?.first?.type == .peerReflexive)
        #expect(learned?.first?.priority == ICECandidate.priority(type: .peerReflexive))
        #expect(harness.b.selected?.remote.address.port == 1000)
    }

    @Test("§6.1.1: a full agent facing an ice-lite peer takes the controlling role")
    func litePeer() {
        var harness = ICEAgentHarness(
            a: ICEAgentStateMachine(role: .controlled, credentials: Self.credentialsA, tieBreaker: 1),
            b: ICEAgentStateMachine(role: .controlled, credentials: Self.credentialsB, tieBreaker: 2))
        harness.feed("a", .localCandidates([ICEAgentHarness.host(1000)]))
        harness.feed("a", .remoteDescription(Self.credentialsB, [ICEAgentHarness.host(2000)], isLite: true, complete: true))
        #expect(harness.a.role == .controlling)
    }

    @Test("§7.2.5.4: every check times out and no more candidates come → failed")
    func allChecksFail() {
        var harness = Self.pair()
        harness.unreachable = [ICETransportAddress(host: "127.0.0.1", port: 2000)]
        harness.feed("a", .start)
        let check = harness.sent["a"]?.first
        harness.feed("a", .checkResult(checkID: check?.id ?? -1, .timeout))
        harness.runPacing()
        #expect(harness.states("a") == [.checking, .failed])
    }

    @Test("RFC 7675: two unanswered consent checks → disconnected, an answer → connected, six → failed")
    func consentFreshness() {
        var harness = Self.pair()
        harness.feed("b", .start)
        harness.feed("a", .start)
        harness.runPacing()
        harness.holdResults = true
        harness.fire("a", .consent)      // consent check 1 sent, unanswered
        harness.fire("a", .consent)      // 1 missed, check 2
        #expect(harness.a.state == .connected)
        harness.fire("a", .consent)      // 2 missed → disconnected
        #expect(harness.a.state == .disconnected)
        let last = harness.sent["a"]?.last
        harness.feed("a", .checkResult(checkID: last?.id ?? -1, .success(mapped: ICETransportAddress(host: "127.0.0.1", port: 1000))))
        #expect(harness.a.state == .connected)
        for _ in 0..<7 { harness.fire("a", .consent) }
        #expect(harness.a.state == .failed)
        #expect(harness.states("a").suffix(3) == [.disconnected, .connected, .disconnected] || harness.states("a").last == .failed)
        #expect(harness.states("a").last == .failed)
    }
}

/// Gathering with the Plivo SDK's cut-off and parallel STUN race (behaviour §3).
@Suite struct ICEGatheringStateMachineTests {
    static let host = ICEAgentHarness.host(1000)
    static let fast = ICETransportAddress(host: "127.0.0.1", port: 3478)
    static let slow = ICETransportAddress(host: "127.0.0.1", port: 3479)
    static let mapped = ICETransportAddress(host: "192.0.2.1", port: 61000)

    @Test("race: Binding requests to both servers at once; the first answer ends gathering with its srflx candidate")
    func raceFirstAnswerWins() {
        var machine = ICEGatheringStateMachine()
        let start = machine.handle(.start(hosts: [Self.host], servers: [Self.fast, Self.slow], race: true))
        #expect(start == [.candidate(Self.host, server: nil), .startCutoff(.milliseconds(2000)),
                          .sendBinding(from: Self.host.address, to: Self.fast),
                          .sendBinding(from: Self.host.address, to: Self.slow)])
        let answered = machine.handle(.stunAnswered(server: Self.fast, base: Self.host.address, mapped: Self.mapped))
        guard case .candidate(let srflx, let server) = answered.first else {
            Issue.record("expected a candidate, got \(answered)")
            return
        }
        #expect(srflx.type == .serverReflexive && srflx.address == Self.mapped && srflx.relatedAddress == Self.host.address)
        #expect(srflx.priority == ICECandidate.priority(type: .serverReflexive))
        #expect(server == Self.fast)
        #expect(Array(answered.dropFirst()) == [.cancelCutoff, .complete(timedOut: false)])
        #expect(machine.handle(.stunAnswered(server: Self.slow, base: Self.host.address, mapped: Self.mapped)).isEmpty)
    }

    @Test("both servers dead: gathering ends at the 2 s cut-off with timedOut (ice_timeout)")
    func cutoff() {
        var machine = ICEGatheringStateMachine()
        _ = machine.handle(.start(hosts: [Self.host], servers: [Self.fast, Self.slow], race: true))
        #expect(machine.handle(.stunFailed(server: Self.fast, base: Self.host.address)).isEmpty)
        #expect(machine.handle(.stunFailed(server: Self.slow, base: Self.host.address)).isEmpty)
        #expect(machine.handle(.cutoff) == [.complete(timedOut: true)])
        #expect(machine.candidates == [Self.host])
    }

    @Test("without the race, gathering waits for every server (or the cut-off)")
    func noRace() {
        var machine = ICEGatheringStateMachine()
        _ = machine.handle(.start(hosts: [Self.host], servers: [Self.fast, Self.slow], race: false))
        let first = machine.handle(.stunAnswered(server: Self.fast, base: Self.host.address, mapped: Self.mapped))
        #expect(first.count == 1)
        #expect(machine.handle(.stunFailed(server: Self.slow, base: Self.host.address)) == [.cancelCutoff, .complete(timedOut: false)])
    }

    @Test("no STUN server: host candidates only, complete at once")
    func hostOnly() {
        var machine = ICEGatheringStateMachine()
        #expect(machine.handle(.start(hosts: [Self.host], servers: [], race: true))
            == [.candidate(Self.host, server: nil), .startCutoff(.milliseconds(2000)), .cancelCutoff, .complete(timedOut: false)])
    }
}

/// ICE restart (RFC 8445 §9).
@Suite struct ICERestartTests {
    @Test("§9: after a restart with new credentials both sides check again with the new USERNAME and select anew")
    func restart() {
        var harness = ICEAgentStateMachineTests.pair()
        harness.feed("b", .start)
        harness.feed("a", .start)
        harness.runPacing()
        let firstA = harness.a.selected
        #expect(firstA != nil)
        let newA = ICECredentials(ufrag: "AAAA", password: "AAAAAAAAAAAAAAAAAAAAAA")
        let newB = ICECredentials(ufrag: "BBBB", password: "BBBBBBBBBBBBBBBBBBBBBB")
        harness.feed("a", .restart(newA))
        harness.feed("b", .restart(newB))
        // The old pair stays selected (media flows) until the new checks select one.
        #expect(harness.a.selected == firstA)
        harness.feed("a", .remoteDescription(newB, [ICEAgentHarness.host(2000)], isLite: false, complete: true))
        harness.feed("b", .remoteDescription(newA, [ICEAgentHarness.host(1000)], isLite: false, complete: true))
        let sentBefore = harness.sent["a"]?.count ?? 0
        harness.feed("b", .start)
        harness.feed("a", .start)
        harness.runPacing()
        let newChecks = harness.sent["a"]?.dropFirst(sentBefore) ?? []
        #expect(!newChecks.isEmpty && newChecks.allSatisfy { $0.username == "BBBB:AAAA" })
        #expect(harness.a.selected != nil && harness.a.selected?.id != firstA?.id)
        #expect(harness.a.state == .connected && harness.b.state == .connected)
    }
}

/// Checks that arrive before the agent starts (RFC 8445 §7.3.1.3–7.3.1.5; aggressive peers such
/// as aioice nominate once and never again).
@Suite struct ICEEarlyCheckTests {
    @Test("a nominating check answered before start() is replayed at start: triggered check, then selection")
    func earlyNomination() {
        var harness = ICEAgentStateMachineTests.pair()
        // a runs first and completes against b, which answers but has not started.
        harness.feed("a", .start)
        harness.runPacing()
        #expect(harness.a.selected != nil)
        #expect(harness.b.selected == nil && harness.b.state == .new)
        harness.feed("b", .start)
        harness.runPacing()
        #expect(harness.b.selected?.remote.address.port == 1000)
        #expect(harness.b.state == .connected)
    }
}
