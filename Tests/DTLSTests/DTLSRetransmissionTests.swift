import DTLS
import Testing

/// Retransmission on the owner's clock (RFC 6347 §4.2.4, §4.2.4.1). Nothing here waits: the
/// timer "fires" when the test calls handleTimeout().
@Suite struct DTLSRetransmissionTests {
    @Test func scheduleDoublesUpToTheMaximum() {
        let schedule = DTLSRetransmission()
        let periods = (0...8).map { schedule.timeout(afterRetransmissions: $0) }
        #expect(periods == [1, 2, 4, 8, 16, 32, 60, 60, 60].map { Duration.seconds($0) })
        let short = DTLSRetransmission(initial: .milliseconds(100), maximum: .milliseconds(350))
        #expect((0...3).map { short.timeout(afterRetransmissions: $0) }
            == [.milliseconds(100), .milliseconds(200), .milliseconds(350), .milliseconds(350)])
    }

    @Test func droppedClientHelloIsRetransmitted() throws {
        let pair = try DTLSPair()
        pair.filter.drop = { role, index in role == .client && index == 0 }
        pair.handshake()
        #expect(pair.server.state == .handshaking)
        #expect(pair.timeouts[.client] == .seconds(1))
        pair.fireTimer(.client)
        #expect(pair.timeouts[.client] == .seconds(2))
        pair.pump()
        #expect(pair.client.state == .connected && pair.server.state == .connected)
        #expect(pair.keys(.client)?.localKey == pair.keys(.server)?.remoteKey)
    }

    @Test func droppedServerFlightIsRetransmittedByTheServer() throws {
        let pair = try DTLSPair()
        pair.filter.drop = { role, index in role == .server && index == 0 }
        pair.handshake()
        #expect(pair.client.state == .handshaking)
        #expect(pair.timeouts[.server] == .seconds(1))
        pair.fireTimer(.server)
        pair.pump()
        #expect(pair.client.state == .connected && pair.server.state == .connected)
    }

    @Test func droppedClientSecondFlightIsRetransmitted() throws {
        let pair = try DTLSPair()
        pair.filter.drop = { role, index in role == .client && index == 1 }
        pair.handshake()
        #expect(pair.client.state == .handshaking && pair.server.state == .handshaking)
        pair.fireTimer(.client)
        pair.pump()
        #expect(pair.client.state == .connected && pair.server.state == .connected)
    }

    /// The server's last flight is lost after the server finished: only a retransmission with
    /// fresh record sequence numbers makes the server repeat it (RFC 6347 §4.2.4).
    @Test func droppedFinalServerFlightIsRecovered() throws {
        let pair = try DTLSPair()
        pair.filter.drop = { role, index in role == .server && index == 1 }
        pair.handshake()
        #expect(pair.server.state == .connected)
        #expect(pair.client.state == .handshaking)
        #expect(pair.timeouts[.server] == .some(nil))
        pair.fireTimer(.client)
        pair.pump()
        #expect(pair.client.state == .connected)
        #expect(pair.keys(.client)?.localKey == pair.keys(.server)?.remoteKey)
    }

    @Test func fragmentedFlightWithOneLostFragmentIsRecovered() throws {
        let pair = try DTLSPair(mtu: 300)
        pair.filter.drop = { role, index in role == .server && index == 1 }
        pair.handshake()
        #expect(pair.client.state == .handshaking)
        pair.fireTimer(.server)
        pair.pump()
        #expect(pair.client.state == .connected && pair.server.state == .connected)
        let all = pair.sent[.client, default: []] + pair.sent[.server, default: []]
        #expect(all.allSatisfy { $0.count <= 300 })
    }

    @Test func timeoutSequenceIsExactThenTheHandshakeTimesOut() throws {
        let pair = try DTLSPair()
        pair.filter.drop = { _, _ in true }
        pair.start()
        var periods: [Duration?] = [pair.timeouts[.client] ?? nil]
        var restarted: [Bool] = []
        for _ in 0..<7 {
            let output = pair.client.handleTimeout()
            #expect(output.datagrams.count == 1)
            #expect(output.events.isEmpty)
            periods.append(output.timeout)
            restarted.append(output.timerRestarted)
        }
        #expect(periods == [1, 2, 4, 8, 16, 32, 60, 60].map { Duration.seconds($0) })
        #expect(restarted.allSatisfy { $0 })
        let last = pair.client.handleTimeout()
        #expect(last.events == [.failed(.handshakeTimeout)])
        #expect(last.datagrams.isEmpty && last.timeout == nil)
        #expect(pair.client.state == .failed)
        #expect(pair.client.handleTimeout() == DTLSOutput())
    }

    @Test func everyRetransmissionHasFreshRecordSequenceNumbers() throws {
        let pair = try DTLSPair()
        let first = pair.client.start().datagrams
        var sequences: Set<[UInt8]> = []
        for datagram in first { sequences.insert(Array(datagram[3..<11])) }
        for _ in 0..<7 {
            for datagram in pair.client.handleTimeout().datagrams { sequences.insert(Array(datagram[3..<11])) }
        }
        #expect(sequences.count == 8)
    }

    @Test func retransmissionsBeyondOpenSSLsLimitRepeatTheLastCopy() throws {
        let pair = try DTLSPair(retransmission: .init(initial: .milliseconds(10), maximum: .milliseconds(10),
                                                      maxRetransmissions: 15))
        _ = pair.client.start()
        var sent = 0
        for _ in 0..<15 { sent += pair.client.handleTimeout().datagrams.count }
        #expect(sent == 15)
        #expect(pair.client.handleTimeout().events == [.failed(.handshakeTimeout)])
    }

    @Test func zeroRetransmissionsFailsAtTheFirstTimeout() throws {
        let pair = try DTLSPair(retransmission: .init(maxRetransmissions: 0))
        let start = pair.client.start()
        #expect(start.timeout == .seconds(1))
        #expect(pair.client.handleTimeout().events == [.failed(.handshakeTimeout)])
    }

    @Test func unrelatedInputRepeatsThePeriodWithoutRestartingIt() throws {
        let pair = try DTLSPair()
        let start = pair.client.start()
        #expect(start.timerRestarted)
        let noise = pair.client.receive([23, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 9, 0, 2, 1, 2])
        #expect(noise.timeout == .seconds(1))
        #expect(!noise.timerRestarted)
        #expect(noise.datagrams.isEmpty)
    }

    @Test func timerStopsWhenConnectedAndTimeoutsAreThenIgnored() throws {
        let pair = try DTLSPair()
        pair.handshake()
        #expect(pair.client.handleTimeout() == DTLSOutput())
        #expect(pair.server.handleTimeout() == DTLSOutput())
    }
}
