import StackCore
import DTLS
import Testing

/// Peer input that is garbage, truncated, replayed or out of place never traps; the connection
/// stays usable or fails with a typed error (RFC 6347 §4.1.2.7: invalid records are dropped).
@Suite struct DTLSRobustnessTests {
    /// A few thousand deterministic random datagrams, some shaped like DTLS records.
    static func randomDatagrams(seed: UInt64, count: Int) -> [[UInt8]] {
        var random = SplitMix64(state: seed)
        return (0..<count).map { index in
            var bytes = random.bytes(Int(random.next() % 300))
            if index % 2 == 0, bytes.count >= 13 {
                bytes[0] = [20, 21, 22, 23][Int(random.next() % 4)]
                bytes[1] = 0xFE
                bytes[2] = [0xFD, 0xFF][Int(random.next() % 2)]
                bytes[3] = 0
                bytes[4] = UInt8(random.next() % 2)
                let length = bytes.count - 13
                bytes[11] = UInt8(length >> 8)
                bytes[12] = UInt8(length & 0xFF)
            }
            return bytes
        }
    }

    @Test func garbageIntoAFreshServerNeverTraps() throws {
        let certificate = try #require(TestCertificates.server)
        var failures = 0
        var server = try DTLSConnection(role: .server, certificate: certificate, remoteFingerprints: [])
        for datagram in Self.randomDatagrams(seed: 1, count: 3000) {
            _ = server.receive(datagram)
            if server.state == .failed {
                failures += 1
                server = try DTLSConnection(role: .server, certificate: certificate, remoteFingerprints: [])
            }
        }
        // Whatever happened, a fresh server still completes a real handshake.
        let pair = try DTLSPair()
        pair.handshake()
        #expect(pair.server.state == .connected)
        #expect(failures < 3000)
    }

    @Test func garbageIntoAClientMidHandshakeNeverTraps() throws {
        let pair = try DTLSPair()
        pair.start()
        for datagram in Self.randomDatagrams(seed: 2, count: 3000) {
            let output = pair.client.receive(datagram)
            if case .failed = output.events.last { break }
        }
        #expect(pair.client.state == .handshaking || pair.client.state == .failed)
        if pair.client.state == .handshaking {
            pair.pump()
            #expect(pair.client.state == .connected)
        }
    }

    @Test func garbageIntoAConnectedAssociationIsDropped() throws {
        let pair = try DTLSPair()
        pair.handshake()
        for datagram in Self.randomDatagrams(seed: 4, count: 2000) {
            let output = pair.server.receive(datagram)
            #expect(output.events.isEmpty)
        }
        #expect(pair.server.state == .connected)
        pair.absorb(pair.client.send(applicationData: [6]), from: .client)
        pair.pump()
        #expect(pair.applicationData(.server) == [[6]])
    }

    @Test func truncatedRecordsAreDroppedAndTheHandshakeContinues() throws {
        let pair = try DTLSPair()
        pair.filter.drop = { _, _ in true }
        pair.start()
        let hello = try #require(pair.sent[.client]?.first)
        for cut in stride(from: 1, to: hello.count, by: 7) {
            _ = pair.server.receive(Array(hello.prefix(cut)))
            #expect(pair.server.state == .handshaking)
        }
        _ = pair.server.receive([])
        pair.filter.drop = { _, _ in false }
        pair.absorb(pair.server.receive(hello), from: .server)
        pair.pump()
        #expect(pair.client.state == .connected && pair.server.state == .connected)
    }

    @Test func recordsFromAnotherAssociationAreIgnored() throws {
        let first = try DTLSPair()
        first.handshake()
        let foreign = try #require(first.client.send(applicationData: [1, 2, 3]).datagrams.first)
        let second = try DTLSPair()
        second.handshake()
        let output = second.server.receive(foreign)
        #expect(output.events.isEmpty)
        #expect(second.server.state == .connected)
        second.absorb(second.client.send(applicationData: [4]), from: .client)
        second.pump()
        #expect(second.applicationData(.server) == [[4]])
    }

    @Test func replayedAndDuplicatedDatagramsAreHarmless() throws {
        let pair = try DTLSPair()
        pair.handshake()
        for datagram in pair.sent[.client, default: []] { pair.absorb(pair.server.receive(datagram), from: .server) }
        for datagram in pair.sent[.server, default: []] { pair.absorb(pair.client.receive(datagram), from: .client) }
        pair.pump()
        #expect(pair.client.state == .connected && pair.server.state == .connected)
        let data = pair.client.send(applicationData: [5])
        _ = pair.server.receive(try #require(data.datagrams.first))
        let replay = pair.server.receive(try #require(data.datagrams.first))
        #expect(replay.events.isEmpty)
    }

    @Test func secondClientHelloAfterTheHandshakeLeavesTheServerUsable() throws {
        let pair = try DTLSPair()
        pair.handshake()
        let other = try DTLSPair()
        let hello = try #require(other.client.start().datagrams.first)
        _ = pair.server.receive(hello)
        #expect(pair.server.state == .connected)
        pair.absorb(pair.client.send(applicationData: [8]), from: .client)
        pair.pump()
        #expect(pair.applicationData(.server) == [[8]])
    }

    @Test func secondClientHelloMidHandshakeDoesNotBreakIt() throws {
        let pair = try DTLSPair()
        pair.start()
        let other = try DTLSPair()
        let hello = try #require(other.client.start().datagrams.first)
        pair.pump(rounds: 1)
        _ = pair.server.receive(hello)
        pair.pump()
        if pair.server.state == .handshaking { pair.fireTimer(.server); pair.fireTimer(.client); pair.pump() }
        #expect(pair.server.state == .connected || pair.server.state == .failed)
    }

    @Test func serverFlightFedToTheServerIsHarmless() throws {
        let pair = try DTLSPair()
        pair.start()
        pair.pump(rounds: 1)
        for datagram in pair.sent[.server, default: []] { _ = pair.server.receive(datagram) }
        #expect(pair.server.state != .connected)
    }

    @Test func handshakeMessagesWithMutatedBytesNeverTrap() throws {
        var random = SplitMix64(state: 3)
        let reference = try DTLSPair(mtu: 300)
        reference.handshake()
        let flights = reference.sent[.client, default: []] + reference.sent[.server, default: []]
        for round in 0..<300 {
            let pair = try DTLSPair(mtu: 300)
            pair.start()
            var datagram = flights[round % flights.count]
            for _ in 0..<(1 + Int(random.next() % 4)) where !datagram.isEmpty {
                datagram[Int(random.next() % UInt64(datagram.count))] = UInt8(truncatingIfNeeded: random.next())
            }
            _ = pair.server.receive(datagram)
            _ = pair.client.receive(datagram)
        }
    }
}
