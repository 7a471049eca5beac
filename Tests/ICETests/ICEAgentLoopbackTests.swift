import Foundation
import StackCore
import STUN
import Synchronization
import Testing
@testable import ICE

/// Two real agents on 127.0.0.1 (NIO UDP sockets, STUN on the wire, system clock).
@Suite(.timeLimit(.minutes(1)))
struct ICEAgentLoopbackTests {
    /// Waits for an event matching `predicate` on `events`.
    static func wait(_ iterator: inout AsyncStream<ICEAgent.Event>.AsyncIterator,
                     for predicate: (ICEAgent.Event) -> Bool) async -> ICEAgent.Event? {
        while let event = await iterator.next() {
            if predicate(event) { return event }
        }
        return nil
    }

    static func connected(_ event: ICEAgent.Event) -> Bool {
        if case .agent(.state(.connected)) = event { return true }
        return false
    }

    @Test("two agents connect on loopback; the selected pairs mirror each other; a datagram crosses")
    func connectAndSend() async throws {
        let a = ICEAgent(role: .controlling, clock: SystemClock.shared)
        let b = ICEAgent(role: .controlled, clock: SystemClock.shared)
        var aEvents = a.events.makeAsyncIterator()
        var bEvents = b.events.makeAsyncIterator()
        let (received, sink) = AsyncStream.makeStream(of: [UInt8].self)
        await b.setDataHandler { bytes, _ in sink.yield(bytes) }
        let aCandidates = try await a.gather()
        let bCandidates = try await b.gather()
        #expect(aCandidates.count == 1 && aCandidates.first?.type == .host)
        #expect(aCandidates.first?.address.host == "127.0.0.1")
        await a.setRemote(credentials: await b.localCredentials, candidates: bCandidates)
        await b.setRemote(credentials: await a.localCredentials, candidates: aCandidates)
        await b.start()
        await a.start()
        #expect(await Self.wait(&aEvents, for: Self.connected) != nil)
        #expect(await Self.wait(&bEvents, for: Self.connected) != nil)
        let aPair = try #require(await a.selectedPair)
        let bPair = try #require(await b.selectedPair)
        #expect(aPair.local.address == bPair.remote.address && aPair.remote.address == bPair.local.address)
        // RTP-looking bytes (first byte 0x80, RFC 7983) go to the data handler, not to STUN.
        #expect(await a.send([0x80, 0x00, 0x00, 0x01]))
        var datagrams = received.makeAsyncIterator()
        #expect(await datagrams.next() == [0x80, 0x00, 0x00, 0x01])
        await a.close()
        await b.close()
    }

    @Test("malformed and unauthenticated STUN is dropped and counted; the agent keeps working")
    func badSTUNDropped() async throws {
        let a = ICEAgent(role: .controlled, clock: SystemClock.shared)
        let candidates = try await a.gather()
        let target = try #require(candidates.first?.address)
        let sender = try await ICEUDPSocket.bind(host: "127.0.0.1") { _, _, _ in }
        // A STUN header announcing 8 bytes of attributes but carrying 4 (malformed).
        var bogus: [UInt8] = [0x00, 0x01, 0x00, 0x08, 0x21, 0x12, 0xA4, 0x42] + Array(repeating: 7, count: 12)
        bogus += [0x00, 0x06, 0x00, 0x04]
        sender.send(bogus, to: target)
        // A well-formed Binding request with a wrong USERNAME and no integrity: answered 400.
        let request = STUNMessage(.request, method: .binding, attributes: [.username("nobody:x"), .priority(1)])
        var bytes: [UInt8] = []
        try request.encode(into: &bytes, fingerprint: true)
        sender.send(bytes, to: target)
        for _ in 0..<200 {
            let stats = await a.statistics
            if stats.malformedSTUN == 1 && stats.unauthenticatedSTUN == 1 { break }
            try await Task.sleep(for: .milliseconds(5))
        }
        let stats = await a.statistics
        #expect(stats.malformedSTUN == 1)
        #expect(stats.unauthenticatedSTUN == 1)
        await sender.close()
        await a.close()
    }
}

/// The seed's `dscp` option on the media socket.
@Suite struct ICEUDPSocketTests {
    @Test("dscp: the socket is marked EF (IP_TOS 0xB8); without it, 0")
    func dscpMarking() async throws {
        let marked = try await ICEUDPSocket.bind(host: "127.0.0.1", dscp: true) { _, _, _ in }
        let plain = try await ICEUDPSocket.bind(host: "127.0.0.1") { _, _, _ in }
        #expect(await marked.trafficClass() == 0xB8)
        #expect(await plain.trafficClass() == 0)
        await marked.close()
        await plain.close()
    }
}
