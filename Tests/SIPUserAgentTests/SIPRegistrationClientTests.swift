import SIPCore
import SIPTransaction
import SIPUserAgent
import StackCore
import Testing

/// ``SIPRegistrationClient`` over a real `SIPTransactionLayer`, a `TestClock` and a registrar
/// stub: the times asserted are exact clock instants.
@Suite struct SIPRegistrationClientTests {
    struct Harness {
        let clock = TestClock()
        let transport: RegistrarTransport
        let layer: SIPTransactionLayer
        let client: SIPRegistrationClient

        init(stub: RegistrarStub = RegistrarStub(), transport name: String = "WSS") {
            transport = RegistrarTransport(clock: clock, stub: stub)
            layer = SIPTransactionLayer(clock: clock, transport: transport)
            transport.attach(layer)
            let destination = SIPTransactionDestination(host: "phone.plivo.com", port: 443, transport: name)
            client = SIPRegistrationClient(machine: RegistrationFixtures.machine(viaTransport: name), layer: layer,
                                           destination: destination, clock: clock)
        }

        /// Runs the layer's timers deadline by deadline up to `ms` (as the transaction tests do).
        func run(toMs ms: Int64) async {
            let target = StackInstant(nanoseconds: ms * 1_000_000)
            while let next = clock.nextDeadline, next <= target {
                clock.advance(to: next)
                await layer.runDueTimers()
            }
            clock.advance(to: target)
        }
    }

    @Test("WSS: 401 → 200 at 0 ms, refresh REGISTER at exactly 74 000 ms, un-REGISTER on logout")
    func lifecycle() async throws {
        let h = Harness()
        var events = h.client.events.makeAsyncIterator()
        try await h.client.login(RegistrationFixtures.alice, expires: 120)
        #expect(await events.next() == .registered(expires: 120))
        #expect(await h.client.state == .registered(expires: 120, at: .zero))
        #expect(h.transport.summary == ["0 1 120 -", "0 2 120 auth"])
        // The only pending work is the refresh timer, armed for 74 s.
        #expect(h.clock.pendingWorkCount == 1)
        #expect(h.clock.nextDeadline == StackInstant(nanoseconds: 74_000_000_000))

        h.clock.advance(to: StackInstant(nanoseconds: 73_999_999_999))
        #expect(h.transport.sent.count == 2)
        h.clock.advance(to: StackInstant(nanoseconds: 74_000_000_000))
        #expect(await events.next() == .refreshed(expires: 120))
        #expect(await h.client.state == .registered(expires: 120, at: StackInstant(nanoseconds: 74_000_000_000)))
        #expect(h.clock.nextDeadline == StackInstant(nanoseconds: 148_000_000_000))

        h.clock.advance(by: .seconds(10))
        await h.client.logout()
        #expect(await events.next() == .unregistered)
        #expect(await h.client.state == .unregistered)
        #expect(h.transport.summary == ["0 1 120 -", "0 2 120 auth", "74000 3 120 auth", "84000 4 0 auth"])
        #expect(Set(h.transport.sent.compactMap(\.request.callID)) == ["3848276298220188511"])
        #expect(Set(h.transport.sent.compactMap { $0.request.from?.tag }) == ["a73kszlfl"])
        // Each REGISTER got its own transaction: a distinct branch.
        #expect(Set(h.transport.sent.compactMap { $0.request.topVia?.branch }).count == 4)
        #expect(h.clock.pendingWorkCount == 0)
        await h.client.close()
    }

    @Test("UDP, no answer: retransmissions by Timer E, then Timer F fails the login at exactly 32 s")
    func timerF() async throws {
        var stub = RegistrarStub()
        stub.silent = true
        let h = Harness(stub: stub, transport: "UDP")
        var events = h.client.events.makeAsyncIterator()
        try await h.client.login(RegistrationFixtures.alice, expires: 120)
        await h.run(toMs: 31_999)
        #expect(await h.client.state == .registering)
        #expect(h.transport.sent.map(\.ms) == [0, 500, 1_500, 3_500, 7_500, 11_500, 15_500, 19_500, 23_500, 27_500, 31_500])
        await h.run(toMs: 32_000)
        #expect(await events.next() == .registrationFailed(.timeout))
        #expect(await h.client.state == .failed(.timeout))
        #expect(h.clock.now == StackInstant(nanoseconds: 32_000_000_000))
        #expect(h.transport.sent.allSatisfy { $0.request.cseq?.sequence == 1 })
        await h.client.close()
    }

    @Test("Wrong password: two REGISTERs, two 401s, then .invalidCredentials")
    func wrongPassword() async throws {
        var stub = RegistrarStub()
        stub.password = "not-secret"
        let h = Harness(stub: stub)
        var events = h.client.events.makeAsyncIterator()
        try await h.client.login(RegistrationFixtures.alice)
        #expect(await events.next() == .registrationFailed(.invalidCredentials))
        #expect(h.transport.summary == ["0 1 120 -", "0 2 120 auth"])
        await h.client.close()
    }

    @Test("An expiry outside 100–86400 s is refused before anything is sent")
    func invalidExpires() async {
        let h = Harness()
        await #expect(throws: SIPRegistrationFailure.invalidExpires(60)) {
            try await h.client.login(RegistrationFixtures.alice, expires: 60)
        }
        #expect(h.transport.sent.isEmpty)
        #expect(await h.client.state == .unregistered)
    }
}
