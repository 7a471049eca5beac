import Foundation
import ICE
import PlivoSDK
import SIPCore
import SIPTransport
import SIPUserAgent
import Synchronization
import Testing

/// The public `PlivoClient`'s call-quality warnings (`mediaMetrics`) end to end through a bad
/// network: alice (a `PlivoClient`, over WebSocket to a real Kamailio) calls bob, who is this
/// test (a bare UDP UA registered at Kamailio) answering with the SDP of a real aiortc peer;
/// alice's media and aiortc's pass through an ``ImpairingUDPRelay``.
///
/// The relay impairs what aiortc sends to alice (every 5th RTP packet dropped, every datagram
/// held 0–200 ms) from the moment aiortc is connected; alice's monitor samples every 5 s after
/// the answer and judges windows of 3 samples every 2 samples, from the sample 5 s after the
/// answer: the judgement at about 15 s raises the warnings, the test then lets the network
/// recover, and the judgement at about 25 s (over the sample of the bad interval and two clean
/// ones) clears each of them once. Only the direction toward alice is impaired, so alice's own
/// counters (her receive loss and jitter) carry the damage with no lag, unlike the peer's RTCP
/// reports of what it received, which would smear the loss into the clean interval.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct PlivoClientQualityTests {
    /// The impairment toward alice: 20 % loss (≥ 2 %: `high_packetloss`, and an E-model MOS
    /// far below 3.5: `low_mos`, about 1.5–1.9 measured) and 0–200 ms of delay per datagram (an
    /// RFC 3550 jitter of about 67 ms in theory, 67–82 ms measured; above 30 ms: `high_jitter`).
    static let badNetwork = ImpairingUDPRelay.Impairment(dropEvery: 5, maxDelay: 200)

    /// The warnings the bad network raises on alice's side, by type: (group, desc, stream) as
    /// the seed's documentation writes them, and what the raised value must satisfy.
    static let expected: [String: (group: String, desc: String, stream: String, value: @Sendable (Double) -> Bool)] = [
        "high_packetloss": ("network", "packetLossRemoteMeasure", "remote", { $0 >= 0.1 }),   // a fifth dropped
        "high_jitter": ("network", "jitterRemoteMeasures", "remote", { $0 > 30 }),
        "low_mos": ("network", "mosRemoteMeasure", "None", { $0 < 3.5 }),
    ]

    @Test("Through a lossy, jittery relay alice gets high_packetloss, high_jitter and low_mos warnings; once the network recovers each is cleared once")
    func warningsRaisedAndCleared() async throws {
        let started = ContinuousClock.now
        try await KamailioProcess.with { kamailio in
            // The driver exits by itself after --timeout seconds (30 by default: too short here).
            try await WebRTCPeerProcess.with(.aiortc, options: ["--tone", "440", "--codec", "opus", "--timeout", "120"]) { peer in
                let bob = try await SIPTestClient.udp(server: kamailio.sipAddress)
                let alice = PlivoClient(options: PlivoOptions(servers: [kamailio.webSocketURL], stunServers: []),
                                        media: PlivoMediaOptions(input: .tone(880), output: .discard))
                let relay = Relay()
                do {
                    try await Self.run(peer: peer, bob: bob, alice: alice, relay: relay, started: started)
                } catch {
                    await relay.close()
                    await alice.close()
                    await bob.close()
                    throw error
                }
                await relay.close()
                await alice.close()
                await bob.close()
            }
        }
        print("PlivoClientQuality: whole test \(Self.seconds(started.duration(to: .now)))")
    }

    private static func run(peer: WebRTCPeerProcess, bob: SIPTestClient, alice: PlivoClient,
                            relay holder: Relay, started: ContinuousClock.Instant) async throws {
        let events = PlivoClientCallTests.Recorder(alice)
        // The network recovers the moment the first of the warnings is raised (in the callback,
        // so that no drop slips into the next sample's interval).
        let metrics = MetricLog(alice) { metric in
            if metric.active, Self.expected[metric.type] != nil { holder.recover() }
        }
        try await Self.register(bob, user: "bob", password: "bob-pw")
        #expect(await alice.login(username: "alice", password: "alice-pw"))
        try await events.wait(for: .onLogin)

        // alice calls bob; bob rings and asks aiortc for the answer to alice's offer.
        #expect(await alice.call("bob"))
        let invite = try await Self.take(.invite, from: bob, within: .seconds(10))
        let toTag = SIPTestClient.token(10)
        let contact = SIPParameter("Contact", "<\(bob.contactURI(user: "bob"))>")
        let userAgent = SIPParameter("User-Agent", SIPTestClient.userAgent)
        try await bob.transport.write(
            SIPMessageBuilder.response(to: invite, status: 180, toTag: toTag, headers: [contact, userAgent]), to: bob.server)
        let offer = String(decoding: invite.body, as: UTF8.self)
        let aliceHost = try #require(SDPRewrite.firstHostCandidate(offer), "no UDP host candidate in alice's offer:\n\(offer)")
        let relay = try await ImpairingUDPRelay.start(us: aliceHost, towardUs: .none, towardPeer: .none)
        holder.set(relay)
        try peer.send(.init(role: "answer", offer: SDPRewrite.moved(offer, to: relay.peerFacing)))
        let answerLine = try await peer.next(where: { $0.answer != nil }, timeout: .seconds(15), what: "an answer")
        let answer = SDPRewrite.moved(answerLine.line?.answer ?? "", to: relay.ourFacing)
        try await bob.transport.write(
            SIPMessageBuilder.response(to: invite, status: 200, toTag: toTag, headers: [contact, userAgent],
                                       body: Array(answer.utf8), contentType: "application/sdp"), to: bob.server)
        let answeredAt = ContinuousClock.now
        func since(_ instant: ContinuousClock.Instant) -> String { Self.seconds(answeredAt.duration(to: instant)) }
        _ = try await Self.take(.ack, from: bob, within: .seconds(5))
        try await events.wait(for: .onCallAnswered)
        let connected = try await peer.next(where: { $0.connection == "connected" }, timeout: .seconds(10),
                                            what: "connection connected")
        try await events.wait(for: .onMediaConnected)

        // The network turns bad toward alice.
        let impairedAt = holder.impair(Self.badNetwork)

        // The judgement 15 s after the answer raises the warnings (the samples at 10 s and 15 s
        // are bad, the one at 5 s too); at the first of them the network recovers.
        let firstRaised = try await metrics.first(within: .seconds(25)) { $0.active && Self.expected[$0.type] != nil }
        let recoveredAt = try #require(holder.recoveredAt)
        #expect(relay.impairments.towardUs == .none)
        let droppedWhileBad = relay.dropped.towardUs
        // The seed's timing: analysis from 5 s after the answer, a judgement every 10 s.
        let raisedAfter = answeredAt.duration(to: firstRaised.at)
        #expect(raisedAfter > .milliseconds(14_500) && raisedAfter < .seconds(17), "first warning at \(since(firstRaised.at))")
        // The same judgement emits the others in the same breath.
        for (type, shape) in Self.expected {
            let raised = try await metrics.first(within: .seconds(2)) { $0.active && $0.type == type }
            #expect(raised.metric.group == shape.group && raised.metric.level == "warning" && raised.metric.desc == shape.desc
                    && raised.metric.stream == shape.stream, "\(raised.metric)")
            #expect(Double(raised.metric.value).map(shape.value) == true, "\(raised.metric)")
            #expect(raised.at < firstRaised.at + .milliseconds(500), "\(type) raised at \(since(raised.at)), the first at \(since(firstRaised.at))")
        }

        // The judgement 10 s later sees one bad sample of three (at 15 s) and two clean ones:
        // each warning clears, once. (On a machine so loaded that a clean sample offends, e.g.
        // the peer's pacing stalls just before a sample, the warning is repeated then and clears
        // at the judgement after, over three clean samples: the deadline allows for that one.)
        var cleared: [MetricLog.Entry] = []
        for type in Self.expected.keys.sorted() {
            let clear = try await metrics.first(within: .seconds(22)) { !$0.active && $0.type == type }
            cleared.append(clear)
            let shape = try #require(Self.expected[type])
            #expect(clear.metric == PlivoMediaMetric(group: shape.group, level: "warning", type: type, value: "0", active: false,
                                                     desc: shape.desc, stream: shape.stream))
            #expect(answeredAt.duration(to: clear.at) > .milliseconds(24_500), "\(type) cleared at \(since(clear.at))")
            let all = metrics.all.filter { $0.metric.type == type }
            let raisedAfterClear = all.filter { $0.metric.active && $0.at > clear.at }
            #expect(raisedAfterClear.isEmpty, "\(type) raised again after its clear: \(raisedAfterClear.map(\.metric))")
            #expect(all.filter { !$0.metric.active }.count == 1, "\(type) cleared more than once: \(all.map(\.metric))")
        }
        let lastClear = cleared.map(\.at).max() ?? recoveredAt

        // alice hangs up; bob says 200 to the BYE.
        #expect(await alice.hangup())
        let bye = try await Self.take(.bye, from: bob, within: .seconds(5))
        try await bob.transport.write(SIPMessageBuilder.response(to: bye, status: 200, headers: [userAgent]), to: bob.server)
        try await events.wait(for: .onCallTerminated)
        try peer.send(.init(report: "stats"))
        let stats = try await peer.next(where: { $0.stats != nil }, timeout: .seconds(5), what: "stats").line?.stats

        print("""
            PlivoClientQuality: answered \(Self.seconds(started.duration(to: answeredAt))) into the test; \
            aiortc connected at \(since(connected.at)), impaired at \(since(impairedAt)) \
            (\(Self.badNetwork) toward alice), first warning at \(since(firstRaised.at)), recovered at \
            \(since(recoveredAt)) (\(droppedWhileBad) RTP packets dropped), last clear at \(since(lastClear)); \
            relay saw \(relay.rtpSeen.towardUs) RTP toward alice; aiortc sent \(stats?.packetsSent ?? -1)
            """)
        for entry in metrics.all {
            let metric = entry.metric
            print("PlivoClientQuality:   +\(since(entry.at)) \(metric.type) active=\(metric.active) value=\(metric.value) "
                  + "group=\(metric.group) level=\(metric.level) desc=\(metric.desc) stream=\(metric.stream)")
        }
    }

    // MARK: bob, the test's own SIP UA

    /// REGISTERs `user` with digest auth (401, then the authorized REGISTER): 200.
    static func register(_ client: SIPTestClient, user: String, password: String) async throws {
        let callID = SIPTestClient.token() + "@quality"
        let fromTag = SIPTestClient.token(10)
        var session = SIPAuthSession(credentials: SIPDigestCredentials(username: user, password: password))
        let challenge = try await client.request(client.register(user: user, callID: callID, cseq: 1, fromTag: fromTag, expires: 300))
        try #require(challenge.statusCode == 401, "expected a 401 challenge, got \(challenge.statusCode ?? 0)")
        #expect(try session.handleChallenge(challenge))
        var second = try client.register(user: user, callID: callID, cseq: 2, fromTag: fromTag, expires: 300)
        try session.authorize(&second)
        let registered = try await client.request(second)
        try #require(registered.statusCode == 200, "REGISTER \(user): \(registered.statusCode ?? 0)")
    }

    /// The first `method` request bob received, waiting at most `timeout`.
    static func take(_ method: SIPMethod, from client: SIPTestClient, within timeout: Duration) async throws -> SIPMessage {
        let event = await client.log.take(within: timeout) { event in
            guard case .message(let message, _) = event else { return false }
            return message.method == method
        }
        guard case .message(let request, _)? = event else {
            throw KamailioError(description: "bob: no \(method) within \(timeout) (\(await client.log.summary()))")
        }
        return request
    }

    static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.2f s", Double(seconds) + Double(attoseconds) / 1e18)
    }

    /// The relay once it exists (it is started when alice's offer names her host candidate),
    /// with the times the network turned bad and recovered.
    final class Relay: Sendable {
        private struct State {
            var relay: ImpairingUDPRelay?
            var impairedAt: ContinuousClock.Instant?
            var recoveredAt: ContinuousClock.Instant?
        }

        private let state = Mutex(State())

        func set(_ relay: ImpairingUDPRelay) { state.withLock { $0.relay = relay } }

        /// Impairs what the peer sends us; returns when.
        func impair(_ impairment: ImpairingUDPRelay.Impairment) -> ContinuousClock.Instant {
            state.withLock { state in
                state.relay?.impair(towardUs: impairment, towardPeer: .none)
                let now = ContinuousClock.now
                state.impairedAt = now
                return now
            }
        }

        /// Lifts the impairment, the first time only, if there is one.
        func recover() {
            state.withLock { state in
                guard state.impairedAt != nil, state.recoveredAt == nil, let relay = state.relay else { return }
                relay.impair(towardUs: .none, towardPeer: .none)
                state.recoveredAt = .now
            }
        }

        var recoveredAt: ContinuousClock.Instant? { state.withLock { $0.recoveredAt } }

        func close() async {
            if let relay = state.withLock({ $0.relay }) { await relay.close() }
        }
    }

    /// alice's `mediaMetrics` events, each with the time it arrived.
    final class MetricLog: Sendable {
        struct Entry: Sendable {
            var metric: PlivoMediaMetric
            var at: ContinuousClock.Instant
        }

        private let entries = Mutex<[Entry]>([])
        private let subscription = Mutex<PlivoSubscription?>(nil)

        /// Starts listening; `observe` is called with each metric as it is emitted (in the
        /// client's callback, before anything else happens).
        init(_ client: PlivoClient, observe: @escaping @Sendable (PlivoMediaMetric) -> Void = { _ in }) {
            let subscription = client.on(.mediaMetrics) { [weak self] event in
                guard case .mediaMetrics(let metric) = event else { return }
                observe(metric)
                self?.entries.withLock { $0.append(Entry(metric: metric, at: .now)) }
            }
            self.subscription.withLock { $0 = subscription }
        }

        var all: [Entry] { entries.withLock { $0 } }

        /// The first event matching `predicate`, waiting at most `timeout`.
        func first(within timeout: Duration, where predicate: (PlivoMediaMetric) -> Bool) async throws -> Entry {
            let deadline = ContinuousClock.now + timeout
            while true {
                if let entry = all.first(where: { predicate($0.metric) }) { return entry }
                guard ContinuousClock.now < deadline else {
                    throw PlivoClientCallTests.RecorderError(
                        description: "no matching mediaMetrics within \(timeout); got \(all.map(\.metric))")
                }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }
}

/// Moves the ICE candidates of an SDP (RFC 8839 §5.1) to one transport address, for a relay
/// in the middle.
enum SDPRewrite {
    /// The address of the first UDP host candidate of component 1.
    static func firstHostCandidate(_ sdp: String) -> ICETransportAddress? {
        for line in lines(sdp) {
            let fields = line.split(separator: " ").map(String.init)
            guard line.hasPrefix("a=candidate:"), fields.count >= 8, fields[1] == "1", fields[2].lowercased() == "udp",
                  fields[7] == "host", let port = Int(fields[5]) else { continue }
            return ICETransportAddress(host: fields[4], port: port)
        }
        return nil
    }

    /// `sdp` with its first UDP candidate of component 1 at `address` (the other candidates
    /// left out), and `c=`, the `m=` port and `a=rtcp` on it too.
    static func moved(_ sdp: String, to address: ICETransportAddress) -> String {
        let eol = sdp.contains("\r\n") ? "\r\n" : "\n"
        var kept: [String] = []
        var candidateKept = false
        for line in lines(sdp) {
            var fields = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            if line.hasPrefix("a=candidate:") {
                guard !candidateKept, fields.count >= 8, fields[1] == "1", fields[2].lowercased() == "udp" else { continue }
                fields[4] = address.host
                fields[5] = String(address.port)
                candidateKept = true
                kept.append(fields.joined(separator: " "))
            } else if line.hasPrefix("c=IN IP4 ") {
                kept.append("c=IN IP4 \(address.host)")
            } else if line.hasPrefix("m="), fields.count > 1 {
                fields[1] = String(address.port)
                kept.append(fields.joined(separator: " "))
            } else if line.hasPrefix("a=rtcp:") {
                kept.append("a=rtcp:\(address.port) IN IP4 \(address.host)")
            } else {
                kept.append(line)
            }
        }
        return kept.joined(separator: eol)
    }

    private static func lines(_ sdp: String) -> [String] {
        sdp.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
