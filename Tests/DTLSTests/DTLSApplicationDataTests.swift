import DTLS
import Testing

/// Application data and closing an established association (RFC 6347 §4.1, RFC 5246 §7.2.1).
@Suite struct DTLSApplicationDataTests {
    @Test func applicationDataRoundTripsBothWays() throws {
        let pair = try DTLSPair()
        pair.handshake()
        let payloads: [[UInt8]] = [[1, 2, 3], Array(repeating: 0xAB, count: 1000), Array("hello".utf8)]
        for payload in payloads {
            pair.absorb(pair.client.send(applicationData: payload), from: .client)
        }
        pair.absorb(pair.server.send(applicationData: [9, 9]), from: .server)
        pair.pump()
        #expect(pair.applicationData(.server) == payloads)
        #expect(pair.applicationData(.client) == [[9, 9]])
    }

    @Test func nothingIsSentBeforeConnectedOrForEmptyOrOversizePayloads() throws {
        let pair = try DTLSPair()
        #expect(pair.client.send(applicationData: [1]).datagrams.isEmpty)
        pair.handshake()
        #expect(pair.client.send(applicationData: []).datagrams.isEmpty)
        #expect(pair.client.send(applicationData: Array(repeating: 0, count: 16_385)).datagrams.isEmpty)
        #expect(pair.client.send(applicationData: Array(repeating: 0, count: 16_384)).datagrams.count == 1)
        #expect(pair.client.state == .connected)
    }

    @Test func closeNotifyReachesThePeer() throws {
        let pair = try DTLSPair()
        pair.handshake()
        let close = pair.client.close()
        #expect(close.datagrams.count == 1)
        #expect(close.datagrams.first?.first == 21)  // alert record
        #expect(pair.client.state == .closed)
        pair.absorb(close, from: .client)
        pair.pump()
        #expect(pair.events[.server, default: []].contains(.closedByPeer))
        #expect(pair.server.state == .closed)
        #expect(pair.client.close().datagrams.isEmpty)  // only once
        #expect(pair.server.send(applicationData: [1]).datagrams.isEmpty)
    }

    @Test func closeDuringTheHandshakeSendsNothing() throws {
        let pair = try DTLSPair()
        pair.start()
        let close = pair.client.close()
        #expect(close.datagrams.isEmpty && close.timeout == nil)
        #expect(pair.client.state == .closed)
        #expect(pair.client.handleTimeout().datagrams.isEmpty)
    }

    @Test func dataAfterCloseIsIgnored() throws {
        let pair = try DTLSPair()
        pair.handshake()
        let data = pair.client.send(applicationData: [7])
        _ = pair.server.close()
        let output = pair.server.receive(try #require(data.datagrams.first))
        #expect(output.events.isEmpty && output.datagrams.isEmpty)
    }
}
