import SIPCore
import SIPUserAgent
import StackCore
import Testing

/// The registration client of RFC 3261 §10.2 against a registrar stub, driven synchronously.
@Suite struct SIPRegistrationStateMachineTests {
    private static func seconds(_ s: Int64) -> StackInstant { StackInstant(nanoseconds: s * 1_000_000_000) }
    private static func ms(_ value: Int64) -> StackInstant { StackInstant(nanoseconds: value * 1_000_000) }

    @Test("RFC 3261 §10.2: the first REGISTER, byte for byte")
    func firstRegisterText() throws {
        var machine = RegistrationFixtures.machine()
        let actions = machine.handle(.login(RegistrationFixtures.alice, expires: 120))
        guard case .send(let request)? = actions.first, actions.count == 1 else {
            Issue.record("expected one send, got \(actions)")
            return
        }
        #expect(request.text == [
            "REGISTER sip:phone.plivo.com SIP/2.0",
            "Via: SIP/2.0/WSS df7jal23ls0d.invalid",
            "Max-Forwards: 70",
            "From: <sip:alice@phone.plivo.com>;tag=a73kszlfl",
            "To: <sip:alice@phone.plivo.com>",
            "Call-ID: 3848276298220188511",
            "CSeq: 1 REGISTER",
            "Contact: <sip:k3f8a1zq@df7jal23ls0d.invalid;transport=ws>;reg-id=1;"
                + "+sip.instance=\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\"",
            "Expires: 120",
            "Supported: path,gruu,outbound",
            "User-Agent: PlivoSwift/0.1",
            "Content-Length: 0",
            "", "",
        ].joined(separator: "\r\n"))
        #expect(machine.state == .registering)
    }

    @Test("§10.2, §22.2: login → 401 → 200; refresh at 74 s; logout sends Expires: 0")
    func fullLifecycle() throws {
        var driver = RegistrationDriver()
        driver.run(.login(RegistrationFixtures.alice, expires: 120))
        #expect(driver.states == [.registering, .registering, .registered(expires: 120, at: .zero)])
        #expect(driver.events == [.registered(expires: 120)])
        // JsSIP rule with r = 0.5: 120/2 + ⌊(120/2 − 32) · 0.5⌋ = 74 s.
        #expect(driver.refreshDeadline == Self.seconds(74))

        driver.fireRefresh()
        #expect(driver.states.suffix(2) == [.refreshing, .registered(expires: 120, at: Self.seconds(74))])
        #expect(driver.refreshDeadline == Self.seconds(148))

        driver.now = Self.seconds(100)
        driver.run(.logout)
        #expect(driver.states.suffix(2) == [.unregistering, .unregistered])
        #expect(driver.refreshDeadline == nil)
        #expect(driver.events == [.registered(expires: 120), .refreshed(expires: 120), .unregistered])
        #expect(driver.requestSummary == ["1 120 -", "2 120 auth", "3 120 auth", "4 0 auth"])

        let requests = driver.registrar.requests
        #expect(Set(requests.compactMap(\.callID)) == ["3848276298220188511"])
        #expect(Set(requests.compactMap { $0.from?.tag }) == ["a73kszlfl"])
        #expect(requests.allSatisfy { $0.to?.uri.description == "sip:alice@phone.plivo.com" && $0.to?.tag == nil })
        #expect(requests.allSatisfy { $0.requestURIText == "sip:phone.plivo.com" && $0.maxForwards == 70 })
        // Pre-emptive credentials count the nonce: nc 1, 2, 3.
        #expect(requests.dropFirst().map { $0.authorization.first?.value(of: "nc") } == ["00000001", "00000002", "00000003"])
        // The un-REGISTER keeps the Contact, with expires=0 on it too.
        #expect(requests[3].contacts.first?.parameters.value(of: "expires") == "0")
        #expect(requests[3].contacts.first?.uri.description == "sip:k3f8a1zq@df7jal23ls0d.invalid;transport=ws")
    }

    @Test("RFC 7616 §3.3: a stale nonce on refresh is retried with the new nonce, not counted as a failure")
    func staleNonce() {
        var driver = RegistrationDriver()
        driver.registrar.rotateNonceAfterSuccess = true
        driver.run(.login(RegistrationFixtures.alice, expires: 120))
        driver.fireRefresh()
        #expect(driver.requestSummary == ["1 120 -", "2 120 auth", "3 120 auth", "4 120 auth"])
        let nonces = driver.registrar.requests.dropFirst().map { $0.authorization.first?.value(of: "nonce") }
        #expect(nonces == ["nonce-1", "nonce-1", "nonce-2"])
        #expect(driver.registrar.requests.last?.authorization.first?.value(of: "nc") == "00000001")
        #expect(driver.states.suffix(3) == [.refreshing, .refreshing, .registered(expires: 120, at: Self.seconds(74))])
        #expect(driver.events == [.registered(expires: 120), .refreshed(expires: 120)])
        #expect(driver.machine.auth?.failedAttempts == 0)
    }

    @Test("§22.2: a wrong password fails with .invalidCredentials after exactly two 401s")
    func wrongPassword() {
        var driver = RegistrationDriver()
        driver.registrar.password = "other"
        driver.run(.login(RegistrationFixtures.alice, expires: 120))
        #expect(driver.requestSummary == ["1 120 -", "2 120 auth"])
        #expect(driver.states == [.registering, .registering, .failed(.invalidCredentials)])
        #expect(driver.events == [.registrationFailed(.invalidCredentials)])
        #expect(driver.refreshDeadline == nil)
    }

    @Test("§10.2.8: 423 Interval Too Brief is retried with Min-Expires, which is then granted")
    func intervalTooBrief() {
        var driver = RegistrationDriver()
        driver.registrar.minExpires = 600
        driver.run(.login(RegistrationFixtures.alice, expires: 120))
        #expect(driver.requestSummary == ["1 120 -", "2 120 auth", "3 600 auth"])
        #expect(driver.states.last == .registered(expires: 600, at: .zero))
        #expect(driver.events == [.registered(expires: 600)])
        // 600/2 + ⌊(300 − 32) · 0.5⌋ = 434 s.
        #expect(driver.refreshDeadline == Self.seconds(434))
    }

    @Test("§10.2.8: a 423 without a Min-Expires above the request fails")
    func intervalTooBriefWithoutMinimum() {
        var driver = RegistrationDriver()
        driver.registrar.forcedStatuses = [423]
        driver.run(.login(RegistrationFixtures.alice, expires: 120))
        #expect(driver.states.last == .failed(.intervalTooBrief(minExpires: nil)))
    }

    @Test("Final failures map to typed causes", arguments: [
        (403, SIPRegistrationFailure.forbidden), (404, .notFound), (408, .timeout),
        (500, .serverError(status: 500)), (503, .serverError(status: 503)), (603, .serverError(status: 603)),
        (480, .rejected(status: 480)), (302, .rejected(status: 302)),
    ])
    func failureCauses(status: Int, cause: SIPRegistrationFailure) {
        var driver = RegistrationDriver()
        driver.registrar.forcedStatuses = [status]
        driver.run(.login(RegistrationFixtures.alice, expires: 120))
        #expect(driver.requestSummary == ["1 120 -"])
        #expect(driver.states == [.registering, .failed(cause)])
        #expect(driver.events == [.registrationFailed(cause)])
    }

    @Test("403 after the challenge is .forbidden; a new login starts over with the next CSeq")
    func forbiddenThenRelogin() {
        var driver = RegistrationDriver()
        driver.registrar.forcedStatuses = [0, 403]
        driver.run(.login(RegistrationFixtures.alice, expires: 120))
        #expect(driver.requestSummary == ["1 120 -", "2 120 auth"])
        #expect(driver.states.last == .failed(.forbidden))
        driver.run(.login(RegistrationFixtures.alice, expires: 120))
        #expect(driver.states.last == .registered(expires: 120, at: .zero))
        #expect(driver.registrar.requests.map { $0.cseq?.sequence } == [1, 2, 3, 4])
    }

    @Test("The failing final response is kept as `rejection` (cleared by the next login and by a 2xx)")
    func rejectionKept() throws {
        var driver = RegistrationDriver()
        driver.registrar.forcedStatuses = [0, 403]
        driver.run(.login(RegistrationFixtures.alice, expires: 120))
        #expect(driver.machine.rejection?.statusCode == 403)
        #expect(driver.machine.rejection?.cseq?.sequence == 2)
        driver.run(.login(RegistrationFixtures.alice, expires: 120))
        #expect(driver.machine.rejection == nil)               // a 2xx forgets the challenge on the way
        #expect(driver.states.last == .registered(expires: 120, at: .zero))
    }

    @Test("Extra headers changed while registered go out with the next REGISTER (a renewed access token)")
    func extraHeadersChange() throws {
        var driver = RegistrationDriver()
        driver.run(.login(RegistrationFixtures.alice, expires: 120))
        driver.machine.configuration.extraHeaders = [SIPParameter("X-Plivo-Jwt", "renewed")]
        driver.fireRefresh()
        let jwt = driver.registrar.requests.map { $0.value(SIPHeaderName("X-Plivo-Jwt")) }
        #expect(jwt == [nil, nil, "renewed"])
        #expect(driver.states.last == .registered(expires: 120, at: driver.now))
    }

    @Test("§22.2: a 401 without a Digest challenge fails as unanswerable, not as a loop")
    func unanswerableChallenge() {
        var driver = RegistrationDriver()
        driver.registrar.forcedStatuses = [401]
        driver.run(.login(RegistrationFixtures.alice, expires: 120))
        #expect(driver.states == [.registering, .failed(.unanswerableChallenge(.noChallenge))])
    }

    @Test("§17.1.2.2, §17.1.4: timeout and transport error while registering or refreshing")
    func timeoutAndTransportError() {
        var driver = RegistrationDriver()
        driver.registrar.silent = true
        driver.run(.login(RegistrationFixtures.alice, expires: 120))
        driver.run(.transactionTimeout)
        #expect(driver.states == [.registering, .failed(.timeout)])

        var refresh = RegistrationDriver()
        refresh.run(.login(RegistrationFixtures.alice, expires: 120))
        refresh.registrar.silent = true
        refresh.fireRefresh()
        refresh.run(.transportError)
        #expect(refresh.states.suffix(2) == [.refreshing, .failed(.transportError)])
        #expect(refresh.events == [.registered(expires: 120), .registrationFailed(.transportError)])
    }

    @Test("refreshRegistrationTimer: 100–86400 s (seed), outside fails without sending")
    func expiresValidation() {
        for bad in [0, 99, 86_401] {
            var machine = RegistrationFixtures.machine()
            #expect(machine.handle(.login(RegistrationFixtures.alice, expires: bad))
                    == [.emit(.registrationFailed(.invalidExpires(bad)))])
            #expect(machine.cseq == 0)
        }
        for good in [100, 86_400] {
            var machine = RegistrationFixtures.machine()
            #expect(machine.handle(.login(RegistrationFixtures.alice, expires: good)).count == 1)
            #expect(machine.state == .registering)
        }
        #expect(SIPRegistrationConfiguration.defaultExpires == 120)
    }

    @Test("§10.2.4: the granted expiry comes from our Contact, else Expires, else the request")
    func grantedExpiry() throws {
        var driver = RegistrationDriver()
        driver.registrar.grant = 300
        driver.run(.login(RegistrationFixtures.alice, expires: 120))
        #expect(driver.states.last == .registered(expires: 300, at: .zero))

        // A 200 listing only another device's Contact and an Expires header.
        var machine = RegistrationFixtures.machine()
        guard case .send(let request)? = machine.handle(.login(RegistrationFixtures.alice, expires: 120)).first else {
            Issue.record("no REGISTER")
            return
        }
        let other = try SIPMessageBuilder.response(to: request, status: 200, toTag: "x", headers: [
            SIPParameter("Contact", "<sip:bob@192.0.2.4>;expires=999"), SIPParameter("Expires", "200"),
        ])
        _ = machine.handle(.response(other, at: Self.ms(10)))
        #expect(machine.state == .registered(expires: 200, at: Self.ms(10)))
    }

    @Test("Peer data: stray, provisional and absurd responses never crash or confuse the machine")
    func robustness() throws {
        var machine = RegistrationFixtures.machine()
        guard case .send(let request)? = machine.handle(.login(RegistrationFixtures.alice, expires: 120)).first else {
            Issue.record("no REGISTER")
            return
        }
        let trying = try SIPMessageBuilder.response(to: request, status: 100)
        #expect(machine.handle(.response(trying, at: .zero)).isEmpty)
        var wrongCSeq = try SIPMessageBuilder.response(to: request, status: 200, toTag: "x")
        try wrongCSeq.setHeader("CSeq", value: "7 REGISTER")
        #expect(machine.handle(.response(wrongCSeq, at: .zero)).isEmpty)
        var wrongCallID = try SIPMessageBuilder.response(to: request, status: 200, toTag: "x")
        try wrongCallID.setHeader("Call-ID", value: "other")
        #expect(machine.handle(.response(wrongCallID, at: .zero)).isEmpty)
        #expect(machine.handle(.refreshTimerFired).isEmpty)
        #expect(machine.state == .registering)
        let huge = try SIPMessageBuilder.response(to: request, status: 200, toTag: "x", headers: [
            SIPParameter("Contact", "<sip:k3f8a1zq@df7jal23ls0d.invalid;transport=ws>;expires=99999999999999999999999"),
        ])
        let actions = machine.handle(.response(huge, at: .zero))
        #expect(machine.state == .registered(expires: Int(Int32.max), at: .zero))
        #expect(actions.count == 2)
    }

    @Test("Logout while registering: the un-REGISTER follows the 2xx")
    func logoutWhileRegistering() throws {
        var machine = RegistrationFixtures.machine()
        guard case .send(let request)? = machine.handle(.login(RegistrationFixtures.alice, expires: 120)).first else {
            Issue.record("no REGISTER")
            return
        }
        #expect(machine.handle(.logout).isEmpty)
        let ok = try SIPMessageBuilder.response(to: request, status: 200, toTag: "x")
        let actions = machine.handle(.response(ok, at: .zero))
        guard case .send(let unregister)? = actions.first, actions.count == 1 else {
            Issue.record("expected the un-REGISTER, got \(actions)")
            return
        }
        #expect(unregister.expires == 0 && unregister.cseq?.sequence == 2)
        #expect(machine.state == .unregistering)
        #expect(machine.handle(.transactionTimeout) == [.emit(.unregistered)])
        #expect(machine.state == .unregistered)
    }
}
