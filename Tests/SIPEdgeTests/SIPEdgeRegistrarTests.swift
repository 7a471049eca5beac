import SIPCore
import SIPTransaction
import SIPEdge
import SIPUserAgent
import StackCore
import Synchronization
import Testing

/// The edge's registrar against the stack's own registration client (RFC 3261 §10, RFC 7616
/// digest, RFC 8760 algorithm choice), in memory with exact times.
@Suite struct SIPEdgeRegistrarTests {
    static let realm = "edge.local"
    static let source = SIPTransactionDestination(host: "127.0.0.1", port: 50_000, transport: "WS")

    /// A deterministic registrar: nonces and tags count up.
    static func registrar(_ change: (inout SIPEdgeRegistrar.Configuration) -> Void = { _ in }) -> SIPEdgeRegistrar {
        var configuration = SIPEdgeRegistrar.Configuration(realm: realm, accounts: ["alice": "alice-pw", "bob": "bob-pw"])
        change(&configuration)
        let counter = Counter()
        return SIPEdgeRegistrar(configuration: configuration) { counter.next() }
    }

    final class Counter: Sendable {
        private let value = Mutex(0)
        func next() -> String { value.withLock { $0 += 1; return "n\(String($0, radix: 16))0123456789" } }
    }

    static func client(user: String = "alice", callID: String = "reg-call-1") -> SIPRegistrationStateMachine {
        let configuration = SIPRegistrationConfiguration(
            user: user, domain: .domain(realm),
            contact: SIPURI(user: user, host: .domain("k3f8.invalid"), parameters: [SIPParameter("transport", "ws")]),
            via: SIPVia(transport: "WS", host: .domain("k3f8.invalid")), userAgent: "test")
        return SIPRegistrationStateMachine(configuration: configuration, callID: callID, fromTag: "t\(user)",
                                           authenticator: SIPDigestAuthenticator { "cafe" }, refreshRule: .fixed(0.5))
    }

    /// Feeds `input` to the client and every REGISTER it sends to the registrar (answers
    /// included) until the client has nothing more to send; returns the registrar's statuses.
    @discardableResult
    static func run(_ client: inout SIPRegistrationStateMachine, _ registrar: inout SIPEdgeRegistrar,
                    _ input: SIPRegistrationStateMachine.Input, at now: StackInstant,
                    from source: SIPTransactionDestination = source) -> [Int] {
        var statuses: [Int] = []
        var pending = [input]
        while !pending.isEmpty {
            let actions = client.handle(pending.removeFirst())
            for case .send(let request) in actions {
                let wire = (try? SIPMessage(parsing: request.serialized())) ?? request
                let (response, _) = registrar.handle(wire, from: source, at: now)
                guard let response, let parsed = try? SIPMessage(parsing: response.serialized()) else { continue }
                statuses.append(parsed.statusCode ?? 0)
                pending.append(.response(parsed, at: now))
            }
        }
        return statuses
    }

    @Test("§10.3: 401 with SHA-256 and MD5 challenges, the client answers SHA-256, 200 lists the binding with its expiry")
    func registers() throws {
        var registrar = Self.registrar()
        var client = Self.client()
        let first = try SIPMessage(parsing: """
            REGISTER sip:edge.local SIP/2.0\r
            Via: SIP/2.0/WS k3f8.invalid;branch=z9hG4bKa1\r
            From: <sip:alice@edge.local>;tag=1\r
            To: <sip:alice@edge.local>\r
            Call-ID: probe\r
            CSeq: 1 REGISTER\r
            Contact: <sip:alice@k3f8.invalid;transport=ws>\r
            Content-Length: 0\r
            \r

            """)
        let (challenge, outcome) = registrar.handle(first, from: Self.source, at: .zero)
        #expect(outcome == .challenged(failedLogin: false))
        #expect(challenge?.statusCode == 401)
        let offered = challenge?.values(SIPHeaderName("WWW-Authenticate")) ?? []
        #expect(offered.count == 2 && offered[0].contains("algorithm=SHA-256") && offered[1].contains("algorithm=MD5"))
        #expect(offered.allSatisfy { $0.contains("realm=\"edge.local\"") && $0.contains("qop=\"auth\"") })

        #expect(Self.run(&client, &registrar, .login(SIPDigestCredentials(username: "alice", password: "alice-pw"), expires: 300),
                         at: .zero) == [401, 200])
        #expect(client.state == .registered(expires: 300, at: .zero))
        let bindings = registrar.bindings(for: "alice", at: .zero)
        #expect(bindings.count == 1)
        #expect(bindings.first?.contact.uri.description == "sip:alice@k3f8.invalid;transport=ws")
        #expect(bindings.first?.expiresAt == StackInstant.zero.advanced(by: .seconds(300)))
        #expect(bindings.first?.source == Self.source)
        #expect(registrar.registeredUsers(at: .zero) == ["alice"])
        #expect(registrar.bindings(for: "alice", at: StackInstant.zero.advanced(by: .seconds(300))).isEmpty)
    }

    @Test("The seed's lockout: the 10th failed login from one address is 403 and blocks it for that user for 10 minutes")
    func lockout() {
        var registrar = Self.registrar()
        let wrong = SIPDigestCredentials(username: "alice", password: "guess")
        for attempt in 1...9 {
            var client = Self.client(callID: "bad-\(attempt)")
            #expect(Self.run(&client, &registrar, .login(wrong, expires: 300), at: .zero) == [401, 401])
        }
        var tenth = Self.client(callID: "bad-10")
        #expect(Self.run(&tenth, &registrar, .login(wrong, expires: 300), at: .zero) == [401, 403])
        #expect(registrar.isBlocked(host: "127.0.0.1", user: "alice", at: .zero))
        // Blocked: even the right password is refused, without a challenge.
        var right = Self.client(callID: "good-1")
        let password = SIPDigestCredentials(username: "alice", password: "alice-pw")
        #expect(Self.run(&right, &registrar, .login(password, expires: 300), at: .seconds(599)) == [403])
        // Another address, and another user from the same address, are not blocked.
        var elsewhere = Self.client(callID: "good-2")
        let other = SIPTransactionDestination(host: "127.0.0.2", port: 5060, transport: "UDP")
        #expect(Self.run(&elsewhere, &registrar, .login(password, expires: 300), at: .seconds(1), from: other) == [401, 200])
        var bob = Self.client(user: "bob", callID: "bob-1")
        #expect(Self.run(&bob, &registrar, .login(SIPDigestCredentials(username: "bob", password: "bob-pw"), expires: 300),
                         at: .seconds(1)) == [401, 200])
        // Ten minutes on, the address may log in again.
        var later = Self.client(callID: "good-3")
        #expect(Self.run(&later, &registrar, .login(password, expires: 300), at: .seconds(600)) == [401, 200])
        #expect(!registrar.isBlocked(host: "127.0.0.1", user: "alice", at: .seconds(600)))
    }

    @Test("A success resets the count: 9 failures, a success, 9 more failures do not block")
    func successResets() {
        var registrar = Self.registrar()
        let wrong = SIPDigestCredentials(username: "alice", password: "guess")
        for round in 0..<2 {
            for attempt in 1...9 {
                var client = Self.client(callID: "bad-\(round)-\(attempt)")
                #expect(Self.run(&client, &registrar, .login(wrong, expires: 300), at: .zero) == [401, 401])
            }
            var good = Self.client(callID: "good-\(round)")
            #expect(Self.run(&good, &registrar, .login(SIPDigestCredentials(username: "alice", password: "alice-pw"),
                                                        expires: 300), at: .zero) == [401, 200])
        }
        #expect(!registrar.isBlocked(host: "127.0.0.1", user: "alice", at: .zero))
    }

    @Test("§10.2.8: below Min-Expires is 423 and the client retries with it; above the maximum is cut")
    func expiryLimits() {
        var registrar = Self.registrar { $0.minExpires = 120; $0.maxExpires = 1800 }
        var client = Self.client()
        let password = SIPDigestCredentials(username: "alice", password: "alice-pw")
        #expect(Self.run(&client, &registrar, .login(password, expires: 100), at: .zero) == [401, 423, 200])
        #expect(client.state == .registered(expires: 120, at: .zero))
        var long = Self.client(callID: "long")
        #expect(Self.run(&long, &registrar, .login(password, expires: 7200), at: .zero) == [401, 200])
        #expect(long.state == .registered(expires: 1800, at: .zero))
    }

    @Test("A refresh after the nonce's lifetime is challenged stale=true and passes; logout removes the binding")
    func staleNonceAndLogout() {
        var registrar = Self.registrar { $0.nonceLifetime = .seconds(100) }
        var client = Self.client()
        let password = SIPDigestCredentials(username: "alice", password: "alice-pw")
        #expect(Self.run(&client, &registrar, .login(password, expires: 300), at: .zero) == [401, 200])
        #expect(Self.run(&client, &registrar, .refreshTimerFired, at: .seconds(150)) == [401, 200])
        #expect(registrar.bindings(for: "alice", at: .seconds(150)).first?.expiresAt == .seconds(450))
        #expect(Self.run(&client, &registrar, .logout, at: .seconds(160)) == [200])   // the fresh nonce is reused
        #expect(registrar.bindings(for: "alice", at: .seconds(160)).isEmpty)
        #expect(client.state == .unregistered)
    }

    @Test("Another user's credentials are 403; Contact * needs Expires 0 (else 400); a request without a To user is 400")
    func refusals() throws {
        var registrar = Self.registrar()
        var mallory = Self.client(user: "bob", callID: "m")
        // bob's REGISTER answered with alice's credentials.
        #expect(Self.run(&mallory, &registrar, .login(SIPDigestCredentials(username: "alice", password: "alice-pw"),
                                                       expires: 300), at: .zero) == [401, 403])
        func register(_ contact: String, expires: Int) throws -> SIPMessage {
            try SIPMessage(parsing: "REGISTER sip:edge.local SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\r\n"
                + "From: <sip:alice@edge.local>;tag=1\r\nTo: <sip:alice@edge.local>\r\nCall-ID: w\r\nCSeq: 1 REGISTER\r\n"
                + "Contact: \(contact)\r\nExpires: \(expires)\r\nContent-Length: 0\r\n\r\n")
        }
        var fresh = Self.registrar()
        let (challenge, _) = fresh.handle(try register("*", expires: 5), from: Self.source, at: .zero)
        #expect(challenge?.statusCode == 401)   // authentication comes first
        let anonymous = try SIPMessage(parsing: "REGISTER sip:edge.local SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKy\r\n"
            + "From: <sip:edge.local>;tag=1\r\nTo: <sip:edge.local>\r\nCall-ID: a\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n")
        #expect(fresh.handle(anonymous, from: Self.source, at: .zero).response?.statusCode == 400)
    }
}

extension SIPEdgeRegistrarTests {
    static func tokenRegister(user: String, token: String, cseq: UInt32 = 1) throws -> SIPMessage {
        try SIPMessage(parsing: "REGISTER sip:edge.local SIP/2.0\r\nVia: SIP/2.0/WS h.invalid;branch=z9hG4bKt\(cseq)\r\n"
            + "From: <sip:\(user)@edge.local>;tag=1\r\nTo: <sip:\(user)@edge.local>\r\nCall-ID: tok\r\nCSeq: \(cseq) REGISTER\r\n"
            + "Contact: <sip:\(user)@h.invalid;transport=ws>\r\nExpires: 300\r\nX-Plivo-Jwt: \(token)\r\nContent-Length: 0\r\n\r\n")
    }

    @Test("X-Plivo-Jwt: an accepted token binds without a challenge; a token for another user is 403; a refused one is 403 with its code and counts toward the lockout")
    func accessTokens() throws {
        var registrar = Self.registrar {
            $0.accessTokens = { token in
                switch token {
                case "good": .accepted(user: "zoe_MA1")
                case "other": .accepted(user: "someone_MA1")
                default: .refused(code: 10007)
                }
            }
        }
        let (accepted, outcome) = registrar.handle(try Self.tokenRegister(user: "zoe_MA1", token: "good"), from: Self.source, at: .zero)
        #expect(accepted?.statusCode == 200)
        if case .accepted(let user, let bindings) = outcome { #expect(user == "zoe_MA1" && bindings.count == 1) } else {
            Issue.record("\(outcome)")
        }
        let (mismatch, _) = registrar.handle(try Self.tokenRegister(user: "zoe_MA1", token: "other", cseq: 2), from: Self.source, at: .zero)
        #expect(mismatch?.statusCode == 403)
        for attempt in 1...10 {
            let (refused, result) = registrar.handle(try Self.tokenRegister(user: "eve_MA1", token: "forged", cseq: UInt32(attempt)),
                                                     from: Self.source, at: .zero)
            #expect(refused?.statusCode == 403)
            #expect(refused?.value(SIPHeaderName("X-Plivo-Jwt-Error-Code")) == "10007")
            #expect(result == .refused(status: 403, blocked: attempt == 10))
        }
        #expect(registrar.isBlocked(host: "127.0.0.1", user: "eve_MA1", at: .zero))
    }
}

extension SIPEdgeRegistrarTests {
    @Test("Lapsed nonces are dropped as REGISTERs keep coming (at most a purge interval late)")
    func noncesDoNotPileUp() throws {
        var registrar = Self.registrar()
        for attempt in 1...3 {
            _ = registrar.handle(try Self.tokenRegister(user: "alice", token: "-", cseq: UInt32(attempt)), from: Self.source, at: .zero)
        }
        #expect(registrar.outstandingNonces == 3)
        // Past the nonce lifetime and the longest registration (300 s + 3600 s; until then a
        // lapsed nonce is answered stale=true): the next REGISTER drops the three, adds its own.
        _ = registrar.handle(try Self.tokenRegister(user: "alice", token: "-", cseq: 4), from: Self.source, at: .seconds(3_899))
        #expect(registrar.outstandingNonces == 4)
        _ = registrar.handle(try Self.tokenRegister(user: "alice", token: "-", cseq: 5), from: Self.source, at: .seconds(3_960))
        #expect(registrar.outstandingNonces == 2)
    }
}

extension StackInstant {
    static func seconds(_ value: Int64) -> StackInstant { StackInstant.zero.advanced(by: .seconds(value)) }
}
