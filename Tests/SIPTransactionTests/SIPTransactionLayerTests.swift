import SIPCore
import StackCore
import Testing
@testable import SIPTransaction

@Suite("Transaction layer over an in-memory network (RFC 3261 §17)")
struct SIPTransactionLayerTests {
    static func collect(_ stream: AsyncStream<SIPClientTransactionUpdate>) async -> [String] {
        var out: [String] = []
        for await update in stream {
            switch update {
            case .response(let m): out.append(String(m.statusCode ?? 0))
            case .timeout: out.append("timeout")
            case .transportError: out.append("transportError")
            }
        }
        return out
    }

    @Test("TCP OPTIONS: request → server TU → 200 → client; both transactions end at once")
    func reliableRoundTrip() async throws {
        let pair = LayerPair(transport: "TCP")
        let options = try TestMessages.request(.options, branch: nil, transport: "TCP")
        let transaction = try await pair.client.sendRequest(options, to: pair.serverAddress)
        #expect(transaction.key.branch?.hasPrefix("z9hG4bK") == true)
        await pair.pump()
        var events = pair.server.events.makeAsyncIterator()
        guard case .request(let request, let key, let from)? = await events.next() else {
            Issue.record("no request")
            return
        }
        #expect(request.method == .options && from == pair.clientAddress)
        try await pair.server.respond(try TestMessages.response(200, to: request), to: key)
        await pair.pump()
        #expect(await Self.collect(transaction.updates) == ["200"])
        #expect(await pair.client.transactionCount == 0)
        #expect(await pair.server.transactionCount == 0)
        #expect(pair.clock.pendingWorkCount == 0)
    }

    @Test("UDP OPTIONS with the first two sends lost completes by retransmission at 1500 ms; K and J end both sides")
    func lossyNonInvite() async throws {
        let pair = LayerPair()
        pair.network.drop(next: 2, from: pair.clientAddress)
        let transaction = try await pair.client.sendRequest(try TestMessages.request(.options), to: pair.serverAddress)
        await pair.run(toMs: 1_500)
        var events = pair.server.events.makeAsyncIterator()
        guard case .request(let request, let key, _)? = await events.next() else {
            Issue.record("no request")
            return
        }
        try await pair.server.respond(try TestMessages.response(200, to: request), to: key)
        await pair.run(toMs: 6_499)
        #expect(pair.network.sends(from: pair.clientAddress) == ["0 OPTIONS dropped", "500 OPTIONS dropped", "1500 OPTIONS"])
        #expect(pair.network.sends(from: pair.serverAddress) == ["1500 200"])
        #expect(await pair.client.transactionCount == 1)
        await pair.run(toMs: 6_500)
        #expect(await pair.client.transactionCount == 0)
        #expect(await Self.collect(transaction.updates) == ["200"])
        await pair.run(toMs: 33_499)
        #expect(await pair.server.transactionCount == 1)
        await pair.run(toMs: 33_500)
        #expect(await pair.server.transactionCount == 0)
        #expect(pair.clock.pendingWorkCount == 0)
    }

    @Test("UDP INVITE, the 486 lost once: Timer G re-sends it, the client ACKs, Confirmed ends at +T4")
    func lossyInviteFailure() async throws {
        let pair = LayerPair()
        let transaction = try await pair.client.sendRequest(try TestMessages.request(.invite), to: pair.serverAddress)
        await pair.pump()
        var events = pair.server.events.makeAsyncIterator()
        guard case .request(let invite, let key, _)? = await events.next() else {
            Issue.record("no request")
            return
        }
        pair.network.drop(next: 1, from: pair.serverAddress)
        try await pair.server.respond(try TestMessages.response(486, to: invite), to: key)
        await pair.run(toMs: 600)
        #expect(pair.network.sends(from: pair.clientAddress) == ["0 INVITE", "500 INVITE", "500 ACK", "500 ACK"])
        #expect(pair.network.sends(from: pair.serverAddress) == ["0 486 dropped", "500 486", "500 486"])
        await pair.run(toMs: 5_500)
        #expect(await pair.server.transactionCount == 0)
        #expect(await pair.client.transactionCount == 1)
        await pair.run(toMs: 32_500)
        #expect(await pair.client.transactionCount == 0)
        #expect(await Self.collect(transaction.updates) == ["486"])
        #expect(pair.clock.pendingWorkCount == 0)
    }

    @Test("UDP INVITE answered 200: client and server go to Accepted; the TU's ACK reaches the server TU; M and L end them")
    func inviteAccepted() async throws {
        let pair = LayerPair()
        let transaction = try await pair.client.sendRequest(try TestMessages.request(.invite), to: pair.serverAddress)
        await pair.run(toMs: 100)
        var events = pair.server.events.makeAsyncIterator()
        guard case .request(let invite, let key, _)? = await events.next() else {
            Issue.record("no request")
            return
        }
        let ok = try TestMessages.response(200, to: invite)
        try await pair.server.respond(ok, to: key)
        await pair.pump()
        let ack = try TestMessages.request(.ack, branch: await pair.client.nextBranch())
        try await pair.client.sendWithoutTransaction(ack, to: pair.serverAddress)
        await pair.pump()
        guard case .ack(let received, _)? = await events.next() else {
            Issue.record("no ACK")
            return
        }
        #expect(received.method == .ack)
        #expect(pair.network.sends(from: pair.clientAddress) == ["0 INVITE", "100 ACK"])
        await pair.run(toMs: 32_099)
        #expect(await pair.client.transactionCount == 1)
        #expect(await pair.server.transactionCount == 1)
        await pair.run(toMs: 32_100)
        #expect(await pair.client.transactionCount == 0)
        #expect(await pair.server.transactionCount == 0)
        #expect(await Self.collect(transaction.updates) == ["200"])
        // No 100 Trying: the TU answered before 200 ms.
        #expect(pair.network.sends(from: pair.serverAddress) == ["100 200"])
    }

    @Test("UDP OPTIONS into the void: E schedule and Timer F timeout at exactly 32 s through the layer")
    func layerTimeout() async throws {
        let pair = LayerPair()
        pair.network.drop(next: 100, from: pair.clientAddress)
        let transaction = try await pair.client.sendRequest(try TestMessages.request(.options), to: pair.serverAddress)
        await pair.run(toMs: 40_000)
        let times = pair.network.log.map(\.ms)
        #expect(times == [0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500])
        #expect(await Self.collect(transaction.updates) == ["timeout"])
        #expect(await pair.client.transactionCount == 0)
    }

    @Test("stray responses and malformed requests; duplicate and ACK transactions are refused")
    func strays() async throws {
        let pair = LayerPair()
        let options = try TestMessages.request(.options)
        await pair.client.receive(try TestMessages.response(200, to: options), from: pair.serverAddress)
        var events = pair.client.events.makeAsyncIterator()
        guard case .strayResponse(let stray, _)? = await events.next() else {
            Issue.record("no stray response")
            return
        }
        #expect(stray.statusCode == 200)
        _ = try await pair.client.sendRequest(options, to: pair.serverAddress)
        await #expect(throws: SIPTransactionError.self) {
            _ = try await pair.client.sendRequest(options, to: pair.serverAddress)
        }
        await #expect(throws: SIPTransactionError.ackHasNoTransaction) {
            _ = try await pair.client.sendRequest(try TestMessages.request(.ack), to: pair.serverAddress)
        }
        let unknown = try #require(SIPTransactionKey.server(try TestMessages.request(.bye)))
        await #expect(throws: SIPTransactionError.noSuchTransaction(unknown)) {
            try await pair.server.respond(try TestMessages.response(200, to: options), to: unknown)
        }
    }
}
