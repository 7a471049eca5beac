import Foundation
import ICE
import SDP
import StackCore
import Synchronization
import Testing

/// Our ICE agent against real WebRTC stacks on 127.0.0.1: aiortc 1.16 (aioice 0.13) and headless
/// Chromium 156, run by `Fixtures/webrtc/webrtc_peer.py`. The SDP goes out of band over the
/// driver's stdin/stdout, non-trickle (all candidates, `a=end-of-candidates` from us). Our side:
/// `ICEAgent` on 127.0.0.1 with the system clock, our SDP from the SDP module with a random
/// (certificate-less) DTLS fingerprint. Only ICE is checked: we speak no DTLS, so the peer's
/// DTLS handshake, which starts once ICE is connected, never completes.
///
/// Each test expects our agent `connected` and the peer's `iceConnectionState` `connected` or
/// `completed` within 10 s of `start()`, both selected pairs 127.0.0.1 ↔ 127.0.0.1, and no check
/// from or to any other address on either side. It prints its timings (negative peer times:
/// before our `start()`). The fifth test is the regression test of a bug these tests found:
/// checks answered before `start()` were forgotten, so aiortc's one-shot nomination was lost.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct WebRTCICETests {
    @Test("aiortc answers our offer: we control, both sides connect on 127.0.0.1")
    func aiortcAnswersOurOffer() async throws {
        try await Self.connect(with: .aiortc, weOffer: true)
    }

    @Test("aiortc offers, we answer: it controls (aggressive nomination), both sides connect on 127.0.0.1")
    func weAnswerAiortc() async throws {
        try await Self.connect(with: .aiortc, weOffer: false)
    }

    @Test("Chromium answers our offer: we control, both sides connect on 127.0.0.1")
    func chromiumAnswersOurOffer() async throws {
        try await Self.connect(with: .chromium, weOffer: true)
    }

    @Test("Chromium offers, we answer: it controls, both sides connect on 127.0.0.1")
    func weAnswerChromium() async throws {
        try await Self.connect(with: .chromium, weOffer: false)
    }

    @Test("aiortc offers, its nominating check comes before our start(): the nomination is not lost")
    func aiortcNominatesBeforeWeStart() async throws {
        // Our answer goes out before start(); start() waits until aiortc reports `completed`,
        // i.e. until our agent has answered its USE-CANDIDATE check (aggressive nomination),
        // after which aioice never sends USE-CANDIDATE again. Before the fix of
        // ICEAgentStateMachine (requests before start were answered and forgotten) our agent
        // stayed `checking` for ever here.
        try await Self.connect(with: .aiortc, weOffer: false, answerBeforeStart: true)
    }

    static let loopback = "127.0.0.1"
    static let connectTimeout: Duration = .seconds(10)

    /// One exchange with `peer`; `weOffer` makes us the offerer (controlling).
    static func connect(with kind: WebRTCPeerProcess.Peer, weOffer: Bool, answerBeforeStart: Bool = false) async throws {
        try await WebRTCPeerProcess.with(kind) { peer in
            let agent = ICEAgent(role: weOffer ? .controlling : .controlled,
                                 configuration: .init(interfaces: [loopback]), clock: SystemClock.shared)
            let recorder = ICEEventRecorder(agent)
            do {
                try await exchange(peer, agent, recorder, weOffer: weOffer, answerBeforeStart: answerBeforeStart)
            } catch {
                await agent.close()
                throw error
            }
            await agent.close()
        }
    }

    private static func exchange(_ peer: WebRTCPeerProcess, _ agent: ICEAgent, _ recorder: ICEEventRecorder,
                                 weOffer: Bool, answerBeforeStart: Bool) async throws {
        let name = "\(peer.peer.rawValue), we \(weOffer ? "offer" : "answer")\(answerBeforeStart ? " before start()" : "")"
        let dtls = Counter()
        await agent.setDataHandler { bytes, _ in
            if let first = bytes.first, (20...63).contains(first) { dtls.increment() }   // RFC 7983: DTLS
        }

        // Gather (host candidate on 127.0.0.1 only), then the SDP exchange.
        let gatherStart = ContinuousClock.now
        let candidates = try await agent.gather()
        let gathered = gatherStart.duration(to: .now)
        #expect(!candidates.isEmpty && candidates.allSatisfy { $0.address.host == loopback }, "\(candidates)")
        let local = await localMedia(agent, candidates: candidates)

        let exchangeStart = ContinuousClock.now
        let negotiated: SDPNegotiated
        let peerSDP: WebRTCPeerProcess.Received
        var ourAnswer: String?
        if weOffer {
            let offer = SDPOfferAnswer.makeOffer(local)
            try peer.send(.init(role: "answer", offer: offer.text))
            peerSDP = try await peer.next(where: { $0.answer != nil }, timeout: .seconds(30), what: "an answer")
            let answer = try SDPSession(parsing: peerSDP.line?.answer ?? "")
            negotiated = try SDPOfferAnswer.processAnswer(answer, toOffer: offer)
        } else {
            try peer.send(.init(role: "offer"))
            peerSDP = try await peer.next(where: { $0.offer != nil }, timeout: .seconds(30), what: "an offer")
            let offer = try SDPSession(parsing: peerSDP.line?.offer ?? "")
            let (answer, result) = try SDPOfferAnswer.makeAnswer(to: offer, local: local)
            negotiated = result
            ourAnswer = answer.text
        }
        let exchanged = exchangeStart.duration(to: .now)

        // Their ICE: every candidate we can use (tcp and mDNS ones are skipped) is on 127.0.0.1.
        let remoteICE = try #require(negotiated.remoteICE, "\(name): no ICE in the peer's SDP")
        let remote = negotiated.remoteCandidates.compactMap(ICECandidate.init)
        let skipped = negotiated.remoteCandidates.filter { ICECandidate($0) == nil }
        #expect(!remote.isEmpty, "\(name): no usable candidate in \(negotiated.remoteCandidates)")
        #expect(remote.allSatisfy { $0.address.host == loopback }, "\(name): \(remote)")
        await agent.setRemote(credentials: ICECredentials(ufrag: remoteICE.usernameFragment, password: remoteICE.password),
                              candidates: remote, isLite: remoteICE.isLite, complete: true)

        // How late the concurrency pool wakes a 5 ms sleep meanwhile: a stalled pool delays our
        // agent's answers (seen while this file's line reader blocked a GCD worker).
        let lag = LagProbe()
        defer { lag.stop() }
        let peerDone: @Sendable (WebRTCPeerProcess.Line) -> Bool = {
            ["connected", "completed", "failed", "closed"].contains($0.ice ?? "")
        }
        let started: ContinuousClock.Instant
        let ourOutcome: ICEEventRecorder.Outcome?
        let theirLine: WebRTCPeerProcess.Received
        if answerBeforeStart, let ourAnswer {
            try peer.send(.init(answer: ourAnswer))
            theirLine = try await peer.next(where: peerDone, timeout: connectTimeout, what: "ICE completed before our start()")
            started = ContinuousClock.now
            await agent.start()
            ourOutcome = await recorder.outcome(timeout: connectTimeout)
        } else {
            // Start, then (when we answer) hand over the answer: our agent is ready for the
            // controlling peer's first checks.
            started = ContinuousClock.now
            await agent.start()
            if let ourAnswer { try peer.send(.init(answer: ourAnswer)) }
            async let ours = recorder.outcome(timeout: connectTimeout)
            async let theirs = peer.next(where: peerDone, timeout: connectTimeout, what: "ICE connected")
            ourOutcome = await ours
            theirLine = try await theirs
        }
        let theirState = theirLine.line?.ice ?? "?"

        // Both connected, ours first-hand; theirs as the peer reported it.
        guard case .connected(let ourTime)? = ourOutcome else {
            let said = peer.transcript.map(\.text).filter { !$0.hasPrefix("{\"offer") && !$0.hasPrefix("{\"answer") }
            let message = "\(name): our agent did not connect within \(connectTimeout): \(String(describing: ourOutcome)); "
                + "events \(recorder.events); the peer said \(said)"
            Issue.record("\(message)")
            return
        }
        #expect(theirState == "connected" || theirState == "completed", "\(name): the peer's ICE state is \(theirState)")
        #expect(await agent.state == .connected)

        // Our selected pair: 127.0.0.1 ↔ 127.0.0.1.
        let selected = try #require(await agent.selectedPair, "\(name): connected without a selected pair")
        #expect(selected.local.base.host == loopback && selected.local.address.host == loopback
                && selected.remote.address.host == loopback, "\(name): selected \(selected)")

        // Their selected pair and every pair they checked: 127.0.0.1 ↔ 127.0.0.1 too.
        let theirPair = try await peer.next(where: { $0.pair != nil }, timeout: .seconds(5), what: "the peer's pair").line?.pair
        #expect(theirPair.map { $0.local.hasPrefix(loopback + ":") && $0.remote.hasPrefix(loopback + ":") } == true,
                "\(name): the peer selected \(String(describing: theirPair))")
        if let theirPair {
            // The peer's pair is ours mirrored.
            #expect(theirPair.local == "\(selected.remote.address.host):\(selected.remote.address.port)"
                    && theirPair.remote == "\(selected.local.address.host):\(selected.local.address.port)",
                    "\(name): ours \(selected), theirs \(theirPair)")
        }
        try peer.send(.init(report: "checks"))
        let checks = try await peer.next(where: { $0.checks != nil }, timeout: .seconds(5), what: "the peer's checks").line?.checks ?? []
        #expect(!checks.isEmpty && checks.allSatisfy { $0.local.hasPrefix(loopback + ":") && $0.remote.hasPrefix(loopback + ":") },
                "\(name): the peer's checked pairs \(checks)")

        // No peer-reflexive candidate anywhere else: nothing came from, or went to, another address.
        let learned = recorder.events.compactMap { event -> ICECandidate? in
            switch event {
            case .agent(.remoteCandidate(let candidate)), .agent(.localCandidate(let candidate)): candidate
            default: nil
            }
        }
        #expect(learned.allSatisfy { $0.address.host == loopback }, "\(name): learned \(learned)")
        let statistics = await agent.statistics
        #expect(statistics.unauthenticatedSTUN == 0, "\(name): \(statistics)")

        let ourConnect = started.duration(to: ourTime)
        let theirConnect = started.duration(to: theirLine.at)
        let states = peer.transcript.compactMap { $0.line?.ice }
        let connection = peer.transcript.compactMap { $0.line?.connection }
        let role = await agent.role
        print("""
            WebRTCICE [\(name)] \(peerVersion(peer)): gather \(ms(gathered)) ms (\(candidates.count) candidate), \
            SDP exchange \(ms(exchanged)) ms (peer gathering \(peerSDP.line?.gathering ?? "?")); after start(): \
            ours connected \(ms(ourConnect)) ms, peer \(theirState) \(ms(theirConnect)) ms \
            (its states \(states), connectionState \(connection)); \
            our events [\(recorder.timeline(since: started))]; our role \(role), selected \(selected); \
            peer pair \(theirPair.map(\.description) ?? "?"); remote candidates used \(remote.count), \
            skipped \(skipped.count) \(skipped.map { "\($0.transport) \($0.address)" }); \
            DTLS datagrams from the peer so far \(dtls.value); longest pool wake-up delay \(ms(lag.maximum)) ms
            """)
    }

    /// Our audio description: ICE credentials and candidates of `agent`, end-of-candidates,
    /// UDP/TLS/RTP/SAVPF with a random sha-256 fingerprint (no DTLS behind it).
    static func localMedia(_ agent: ICEAgent, candidates: [ICECandidate]) async -> SDPLocalMedia {
        let credentials = await agent.localCredentials
        var local = SDPLocalMedia()
        local.profile = .udpTLSRTPSAVPF
        local.address = loopback
        local.port = UInt16(clamping: candidates.first?.address.port ?? 9)
        local.ice = SDPICEParameters(usernameFragment: credentials.ufrag, password: credentials.password)
        local.candidates = candidates.map(\.sdpCandidate)
        local.endOfCandidates = true
        local.fingerprints = [SDPFingerprint(hashFunction: "sha-256", bytes: (0..<32).map { _ in .random(in: 0 ... .max) })]
        local.ssrc = .random(in: 1 ... .max)
        local.cname = "plivo-swift-ice"
        local.msid = SDPMSID(streamID: "plivo-stream", trackID: "plivo-audio")
        local.sessionID = .random(in: 1 ... UInt64(Int64.max))
        local.sessionVersion = 1
        return local
    }

    static func ms(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.1f", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
    }

    static func peerVersion(_ peer: WebRTCPeerProcess) -> String {
        guard let ready = peer.transcript.first(where: { $0.line?.ready != nil })?.line?.ready else { return "?" }
        if let browser = ready.browser { return browser }
        return "aiortc \(ready.aiortc ?? "?") aioice \(ready.aioice ?? "?")"
    }
}

/// Keeps every event of an agent (its `events` has one consumer: this) and signals the first
/// `connected` or `failed`.
final class ICEEventRecorder: Sendable {
    enum Outcome: Sendable {
        case connected(ContinuousClock.Instant)
        case failed(ContinuousClock.Instant)
    }

    private let log = Mutex<[(at: ContinuousClock.Instant, event: ICEAgent.Event)]>([])
    private let signal = OneShot<Outcome>()

    init(_ agent: ICEAgent) {
        Task { [self] in   // ends when the agent closes (its events finish)
            for await event in agent.events {
                log.withLock { $0.append((.now, event)) }
                switch event {
                case .agent(.state(.connected)): signal.fulfill(.connected(.now))
                case .agent(.state(.failed)): signal.fulfill(.failed(.now))
                default: break
                }
            }
        }
    }

    var events: [ICEAgent.Event] { log.withLock { $0.map(\.event) } }

    /// The agent's events after `start` (states, selection, learned candidates, role changes) as
    /// "what +ms".
    func timeline(since start: ContinuousClock.Instant) -> String {
        log.withLock { log in
            log.compactMap { entry -> String? in
                let what: String
                switch entry.event {
                case .agent(.state(let state)): what = state.rawValue
                case .agent(.selected): what = "selected"
                case .agent(.role(let role)): what = "role \(role.rawValue)"
                case .agent(.localCandidate(let candidate)): what = "prflx local \(candidate.address)"
                case .agent(.remoteCandidate(let candidate)): what = "prflx remote \(candidate.address)"
                default: return nil
                }
                return "\(what) +\(WebRTCICETests.ms(start.duration(to: entry.at)))"
            }.joined(separator: ", ")
        }
    }

    /// The first outcome, waiting at most `timeout`; nil when none came.
    func outcome(timeout: Duration) async -> Outcome? { await signal.wait(timeout: timeout) }
}

/// A value set once; waiters wait for it with a timeout.
final class OneShot<Value: Sendable>: Sendable {
    private struct State {
        var value: Value?
        var waiters: [Int: CheckedContinuation<Value?, Never>] = [:]
        var cancelled: Set<Int> = []
        var nextID = 0
    }

    private let state = Mutex(State())

    /// Sets the value (the first call wins) and wakes every waiter.
    func fulfill(_ value: Value) {
        let waiters = state.withLock { state -> [CheckedContinuation<Value?, Never>] in
            guard state.value == nil else { return [] }
            state.value = value
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: value) }
    }

    /// The value, waiting at most `timeout`; nil when it was not set in time.
    func wait(timeout: Duration) async -> Value? {
        await withTaskGroup(of: Value?.self) { group in
            group.addTask { await self.wait() }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? state.withLock { $0.value }
        }
    }

    private func wait() async -> Value? {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now: Value?? = state.withLock { state in
                    if let value = state.value { return .some(value) }
                    if state.cancelled.contains(id) { return .some(nil) }
                    state.waiters[id] = continuation
                    return nil
                }
                if let now { continuation.resume(returning: now) }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                state.cancelled.insert(id)
                return state.waiters.removeValue(forKey: id)
            }
            waiter?.resume(returning: nil)
        }
    }
}

/// A thread-safe counter.
final class Counter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

/// Measures how late 5 ms sleeps wake up on the concurrency pool until stopped.
final class LagProbe: Sendable {
    private let worst = Mutex(Duration.zero)
    private let task = Mutex<Task<Void, Never>?>(nil)

    init() {
        let started = Task { [self] in
            while !Task.isCancelled {
                let before = ContinuousClock.now
                try? await Task.sleep(for: .milliseconds(5))
                let late = before.duration(to: .now) - .milliseconds(5)
                worst.withLock { $0 = max($0, late) }
            }
        }
        task.withLock { $0 = started }
    }

    var maximum: Duration { worst.withLock { $0 } }

    func stop() { task.withLock { $0?.cancel() } }
}
