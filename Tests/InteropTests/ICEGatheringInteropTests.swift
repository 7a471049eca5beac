import Foundation
import ICE
import StackCore
import Testing

/// Gathering against real coturn STUN servers on 127.0.0.1 (the Plivo SDK's parallel STUN race
/// and its 2 s cut-off, behaviour §3). The agents run on a `TestClock`: no STUN retransmission
/// and no cut-off happens unless the test advances the clock.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct ICEGatheringInteropTests {
    static func complete(_ event: ICEAgent.Event) -> Bool {
        if case .gatheringComplete = event { return true }
        return false
    }

    @Test("race: one coturn behind a 400 ms delaying relay, one direct: the direct one's answer ends gathering, no ice_timeout")
    func raceTakesTheFastServer() async throws {
        try await CoturnProcess.withTwo { slowServer, fastServer in
            let relay = try await DelayingUDPRelay.start(to: slowServer.address, delay: .milliseconds(400))
            let clock = TestClock()
            let agent = ICEAgent(role: .controlling, configuration: .init(
                stunServers: [relay.address, fastServer.address], stunRace: true), clock: clock)
            var events = agent.events.makeAsyncIterator()
            let candidates = try await agent.gather()
            var seen: [ICEAgent.Event] = []
            while let event = await events.next() {
                seen.append(event)
                if Self.complete(event) { break }
            }
            #expect(candidates.map(\.type) == [.host, .serverReflexive])
            let host = try #require(candidates.first)
            let srflx = try #require(candidates.last)
            // No NAT on loopback: coturn sees the host address itself.
            #expect(srflx.address == host.address && srflx.relatedAddress == host.address)
            #expect(seen.contains { if case .candidate(_, let server?, _) = $0 { server == fastServer.address } else { false } })
            #expect(seen.last == .gatheringComplete(timedOut: false, elapsed: .zero))
            await agent.close()
            await relay.close()
        }
    }

    @Test("both STUN servers dead: gathering ends at exactly the 2 s cut-off with ice_timeout, host candidate only")
    func deadServersCutoff() async throws {
        // Two ports with nothing listening (picked free, left unbound).
        let dead = [try PeerPorts.tcpPort(), try PeerPorts.tcpPort()].map { ICETransportAddress(host: "127.0.0.1", port: $0) }
        let clock = TestClock()
        let agent = ICEAgent(role: .controlling, configuration: .init(stunServers: dead, stunRace: true), clock: clock)
        var events = agent.events.makeAsyncIterator()
        let gathering = Task { try await agent.gather() }
        // The host candidate, then the cut-off armed for 2 s after it.
        guard case .candidate(let host, nil, .zero)? = await events.next() else {
            Issue.record("expected the host candidate first")
            return
        }
        await clock.waitForPendingWork(count: 1)
        #expect(clock.nextDeadline != nil)
        clock.advance(by: .milliseconds(1_999))
        clock.advance(by: .milliseconds(1))
        var last: ICEAgent.Event?
        while let event = await events.next() {
            last = event
            if Self.complete(event) { break }
        }
        #expect(last == .gatheringComplete(timedOut: true, elapsed: .seconds(2)))
        #expect(try await gathering.value == [host])
        await agent.close()
    }

    @Test("plivo-phone ice-gather --stun-race --json: host, then srflx naming the STUN server and its time; dead servers: ice_timeout 2000")
    func iceGatherCommand() async throws {
        try await CoturnProcess.withTwo { first, second in
            let output = try await PlivoPhoneRunner.run(
                ["--json", "ice-gather", "--interface", "127.0.0.1", "--stun", "127.0.0.1:\(first.port)",
                 "--stun", "stun:127.0.0.1:\(second.port)", "--stun-race"])
            #expect(output.status == 0, "\(output)")
            let events = try output.jsonObjects()
            #expect(events.compactMap { $0["event"] as? String } == ["candidate", "candidate", "gatheringComplete"], "\(output)")
            #expect(events[0]["type"] as? String == "host" && events[0]["address"] as? String == "127.0.0.1")
            #expect(events[1]["type"] as? String == "srflx")
            let server = events[1]["server"] as? String
            #expect(server == "127.0.0.1:\(first.port)" || server == "127.0.0.1:\(second.port)", "\(output)")
            #expect(events[1]["elapsed_ms"] is Int)
            #expect(events[2]["timedOut"] as? Bool == false)
        }
        let dead = try PeerPorts.tcpPort()
        let output = try await PlivoPhoneRunner.run(
            ["ice-gather", "--interface", "127.0.0.1", "--stun", "127.0.0.1:\(dead)", "--stun-race"])
        #expect(output.status == 0, "\(output)")
        #expect(output.eventNames == ["candidate", "ice_timeout", "gatheringComplete"], "\(output)")
        #expect(output.lines.contains("ice_timeout {value: 2000}"), "\(output)")
    }
}
