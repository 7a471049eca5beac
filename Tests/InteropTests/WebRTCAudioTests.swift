import AudioPipeline
import DTLS
import Foundation
import ICE
import MediaTransport
import SDP
import StackCore
import Synchronization
import Testing

/// Two-way encrypted audio between our stack and real WebRTC peers on 127.0.0.1 — aiortc and
/// headless Chromium, run by `Fixtures/webrtc/webrtc_peer.py`: our `ICEAgent` + `MediaTransport`
/// (DTLS 1.2 with use_srtp on OpenSSL, SRTP on libsrtp2, Opus on libopus or G.711) send a
/// 440 Hz tone, the peer sends 880 Hz; each side checks the other's frequency. Opus and PCMU,
/// us as offerer and as answerer; a wrong fingerprint fails with the fingerprint cause; RFC 4733
/// DTMF both ways (ours seen by aiortc's receiver, Chromium's seen by us).
@Suite(.serialized, .timeLimit(.minutes(3)))
struct WebRTCAudioTests {
    static let loopback = "127.0.0.1"

    @Test("Two-way audio with aiortc", arguments: [(SDPAudioCodec.opus, true), (.opus, false), (.pcmu, true), (.pcmu, false)])
    func aiortc(codec: SDPAudioCodec, weOffer: Bool) async throws {
        try await Self.call(.aiortc, codec: codec, weOffer: weOffer)
    }

    @Test("Two-way audio with Chromium", arguments: [(SDPAudioCodec.opus, true), (.opus, false), (.pcmu, true), (.pcmu, false)])
    func chromium(codec: SDPAudioCodec, weOffer: Bool) async throws {
        try await Self.call(.chromium, codec: codec, weOffer: weOffer)
    }

    @Test("A wrong fingerprint in the peer's SDP fails our DTLS with the fingerprint cause (aiortc)")
    func wrongFingerprintInTheirSDP() async throws {
        try await Self.call(.aiortc, codec: .opus, weOffer: true, corrupt: .theirs)
    }

    @Test("A wrong fingerprint in our SDP fails the peer's DTLS (aiortc reports the mismatch)")
    func wrongFingerprintInOurSDP() async throws {
        try await Self.call(.aiortc, codec: .opus, weOffer: true, corrupt: .ours)
    }

    @Test("Through a lossy, jittery relay (every 20th RTP packet dropped each way, 0–30 ms delay): the jitter buffer and Opus concealment keep both tones (aiortc)")
    func impairedNetwork() async throws {
        try await Self.call(.aiortc, codec: .opus, weOffer: true, impaired: true)
    }

    @Test("Our RFC 4733 DTMF reaches aiortc as events with the digits we sent")
    func dtmfToAiortc() async throws {
        try await Self.call(.aiortc, codec: .opus, weOffer: true, dtmf: "159#")
    }

    @Test("Chromium's RFC 4733 DTMF reaches us as onDtmfReceived digits")
    func dtmfFromChromium() async throws {
        try await Self.call(.chromium, codec: .opus, weOffer: false, peerDTMF: "37*")
    }

    enum Corruption { case none, ours, theirs }

    static func call(_ kind: WebRTCPeerProcess.Peer, codec: SDPAudioCodec, weOffer: Bool, corrupt: Corruption = .none,
                     dtmf: String? = nil, peerDTMF: String? = nil, impaired: Bool = false) async throws {
        var options = ["--tone", "880", "--codec", codec == .opus ? "opus" : "pcmu"]
        if let peerDTMF { options += ["--dtmf", peerDTMF] }
        let name = "\(kind.rawValue) \(codec.encodingName), we \(weOffer ? "offer" : "answer")"
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("webrtc-audio-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let heardPath = folder.appendingPathComponent("heard.wav").path
        let sinkRate = codec == .opus ? 48_000 : 8_000

        try await WebRTCPeerProcess.with(kind, options: options) { peer in
            let agent = ICEAgent(role: weOffer ? .controlling : .controlled,
                                 configuration: .init(interfaces: [loopback]), clock: SystemClock.shared)
            let certificate = try DTLSCertificate.generate()
            let candidates = try await agent.gather()
            let credentials = await agent.localCredentials
            var local = SDPLocalMedia()
            local.codecs = try SDPCodecPreference([codec])
            local.address = loopback
            local.port = UInt16(clamping: candidates.first?.address.port ?? 9)
            local.ice = SDPICEParameters(usernameFragment: credentials.ufrag, password: credentials.password)
            local.candidates = candidates.map(\.sdpCandidate)
            // With the relay, the peer is told we live at the relay, and we that the peer does.
            let relay: ImpairingUDPRelay? = impaired
                ? try await ImpairingUDPRelay.start(us: candidates[0].address, dropEvery: 20, maxDelay: 30) : nil
            if let relay {
                local.candidates = candidates.map { candidate in
                    var moved = candidate
                    moved.address = relay.peerFacing
                    return moved.sdpCandidate
                }
                local.port = UInt16(clamping: relay.peerFacing.port)
            }
            local.endOfCandidates = true
            var fingerprint = MediaNegotiation.sdpFingerprint(certificate)
            if corrupt == .ours { fingerprint.bytes[5] ^= 0x5A }
            local.fingerprints = [fingerprint]
            local.ssrc = .random(in: 1 ... .max)
            local.cname = "plivo-swift-audio"
            local.msid = SDPMSID(streamID: "plivo-stream", trackID: "plivo-audio")
            local.sessionID = .random(in: 1 ... UInt64(Int64.max))

            var negotiated: SDPNegotiated
            var ourAnswer: String?
            if weOffer {
                let offer = SDPOfferAnswer.makeOffer(local)
                try peer.send(.init(role: "answer", offer: offer.text))
                let line = try await peer.next(where: { $0.answer != nil }, timeout: .seconds(30), what: "an answer")
                negotiated = try SDPOfferAnswer.processAnswer(try SDPSession(parsing: line.line?.answer ?? ""), toOffer: offer)
            } else {
                try peer.send(.init(role: "offer"))
                let line = try await peer.next(where: { $0.offer != nil }, timeout: .seconds(30), what: "an offer")
                let (answer, result) = try SDPOfferAnswer.makeAnswer(to: try SDPSession(parsing: line.line?.offer ?? ""), local: local)
                negotiated = result
                ourAnswer = answer.text
            }
            #expect(negotiated.codec.codec == codec, "\(name): negotiated \(negotiated.codec)")
            if corrupt == .theirs {
                // Every one of them (aiortc announces sha-256, sha-384 and sha-512).
                for index in negotiated.remoteFingerprints.indices { negotiated.remoteFingerprints[index].bytes[3] ^= 0x81 }
            }
            let configuration = MediaNegotiation.configuration(negotiated, certificate: certificate,
                                                               ssrc: local.ssrc, cname: local.cname)
            let transport = try await MediaTransport(
                agent: agent, configuration: configuration,
                makeSource: { ToneSource(frequency: 440, sampleRate: 48_000) },
                makeSink: { try WAVFileSink(path: heardPath, sampleRate: sinkRate) })
            let recorder = MediaEventRecorder(transport)
            let forward = Task {
                for await event in agent.events {
                    if case .agent(.selected(let pair)) = event { transport.selected(pair) }
                }
            }
            let remoteICE = try #require(negotiated.remoteICE)
            var remoteCandidates = negotiated.remoteCandidates.compactMap(ICECandidate.init)
            if let relay {
                remoteCandidates = remoteCandidates.map { candidate in
                    var moved = candidate
                    moved.address = relay.ourFacing
                    return moved
                }
            }
            await agent.setRemote(credentials: ICECredentials(ufrag: remoteICE.usernameFragment, password: remoteICE.password),
                                  candidates: remoteCandidates, isLite: remoteICE.isLite, complete: true)
            await agent.start()
            if let ourAnswer { try peer.send(.init(answer: ourAnswer)) }

            defer { forward.cancel() }
            switch corrupt {
            case .theirs:
                let failure = await recorder.first(timeout: .seconds(15)) { if case .failed = $0 { true } else { false } }
                guard case .failed(.dtls(.fingerprintMismatch))? = failure else {
                    Issue.record("\(name): expected our fingerprint mismatch, got \(String(describing: failure)); events \(recorder.events)")
                    await transport.close(); await agent.close()
                    return
                }
                print("WebRTCAudio [\(name), their fingerprint corrupted]: \(failure.map { "\($0)" } ?? "")")
            case .ours:
                let failed = try await peer.next(where: { $0.connection == "failed" }, timeout: .seconds(15), what: "connection failed")
                let detail = try? await peer.next(where: { $0.error_detail != nil }, timeout: .seconds(3), what: "error detail")
                #expect(detail?.line?.error_detail?.contains("fingerprint") == true,
                        "\(name): \(String(describing: detail?.text))")
                // Our side (the DTLS server here) may finish its half first: the client checks
                // our certificate after the handshake. The peer refuses the call all the same.
                print("WebRTCAudio [\(name), our fingerprint corrupted]: peer \(failed.text) \(detail?.text ?? "")")
            case .none:
                let secured = await recorder.first(timeout: .seconds(15)) { if case .secured = $0 { true } else { false } }
                try #require(secured != nil, "\(name): DTLS did not finish: \(recorder.events); peer said \(peer.transcript.map(\.text).suffix(8))")
                // 2.5 s of audio both ways.
                try await waitFor(.seconds(10)) { (await transport.statistics()?.engine.packetsReceived ?? 0) >= 125 }
                if let dtmf {
                    let before = await transport.statistics()?.engine.packetsSent ?? 0
                    #expect(await transport.sendDTMF(dtmf))
                    // 7 event packets and a 60 ms gap per digit, and a little more.
                    let needed = before + dtmf.count * 10 + 10
                    try await waitFor(.seconds(5)) { (await transport.statistics()?.engine.packetsSent ?? 0) >= needed }
                }
                if let peerDTMF {
                    let digits = await recorder.digits(count: peerDTMF.count, timeout: .seconds(10))
                    #expect(digits == peerDTMF, "\(name): received DTMF \(digits); events \(recorder.events)")
                }
                try peer.send(.init(report: "audio"))
                let audio = try await peer.next(where: { $0.audio != nil }, timeout: .seconds(5), what: "audio report").line?.audio
                try peer.send(.init(report: "stats"))
                let stats = try await peer.next(where: { $0.stats != nil }, timeout: .seconds(5), what: "stats").line?.stats
                var peerDigits: String?
                if dtmf != nil {
                    try peer.send(.init(report: "dtmf"))
                    peerDigits = try await peer.next(where: { $0.dtmf != nil }, timeout: .seconds(5), what: "dtmf").line?.dtmf?.digits
                    #expect(peerDigits == dtmf, "\(name): the peer received DTMF \(String(describing: peerDigits))")
                }
                let ours = await transport.statistics()
                await transport.close()
                // What the peer heard: our 440 Hz, through the negotiated codec.
                let theirFrequency = audio?.frequency ?? 0
                #expect(abs(theirFrequency - 440) < 5, "\(name): the peer heard \(String(describing: audio))")
                #expect(audio?.codec?.lowercased() == codec.encodingName.lowercased(), "\(name): \(String(describing: audio))")
                // What we heard: the peer's 880 Hz (the last second of our recording).
                let file = try WAVFile.read(path: heardPath)
                let tail = Array(file.samples.suffix(file.format.sampleRate))
                let heard = ToneAnalyzer.analyze(tail, sampleRate: file.format.sampleRate)
                #expect(abs(heard.dominantFrequency - 880) < 5, "\(name): we heard \(heard)")
                #expect(heard.rmsDBFS > -30, "\(name): we heard \(heard)")
                #expect((ours?.engine.srtpDropped ?? -1) == 0, "\(name): \(String(describing: ours))")
                if let relay {
                    let dropped = relay.dropped
                    #expect(dropped.towardUs > 0 && dropped.towardPeer > 0, "\(name): \(dropped)")
                    #expect((ours?.packetsLost ?? 0) > 0, "\(name): \(String(describing: ours))")
                    let repaired = (ours?.playout.concealed ?? 0) + (ours?.playout.recovered ?? 0)
                    #expect(repaired > 0, "\(name): \(String(describing: ours?.playout))")
                    print("WebRTCAudio [\(name), impaired]: relay dropped \(dropped.towardUs) toward us, \(dropped.towardPeer) toward the peer; "
                          + "our playout \(String(describing: ours?.playout)), jitter \(String(describing: ours?.jitter)), "
                          + "buffer target \(ours?.jitterBufferDelayFrames ?? 0) frames")
                    await relay.close()
                }
                print("""
                    WebRTCAudio [\(name)]: \(WebRTCICETests.peerVersion(peer)), profile \(ours?.profile ?? "?"); \
                    peer heard \(theirFrequency) Hz at \(audio?.rms_dbfs ?? 0) dBFS (\(audio?.codec ?? "?"), \(audio?.seconds ?? 0) s); \
                    we heard \(String(format: "%.1f", heard.dominantFrequency)) Hz at \(String(format: "%.1f", heard.rmsDBFS)) dBFS; \
                    ours sent \(ours?.engine.packetsSent ?? 0) received \(ours?.engine.packetsReceived ?? 0) lost \(ours?.packetsLost ?? 0) \
                    concealed \(ours?.playout.concealed ?? 0); peer stats \(String(describing: stats))\
                    \(peerDigits.map { "; peer DTMF \($0)" } ?? "")
                    """)
            }
            await transport.close()
            await agent.close()
        }
    }

    /// Polls `condition` every 50 ms until it holds; throws after `timeout`.
    static func waitFor(_ timeout: Duration, _ condition: @Sendable () async -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !(await condition()) {
            guard ContinuousClock.now < deadline else {
                throw PeerProcessError(description: "condition not met within \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}

/// Keeps a transport's events (its stream has one consumer: this).
final class MediaEventRecorder: Sendable {
    private let log = Mutex<[MediaEngineEvent]>([])

    init(_ transport: MediaTransport) {
        Task { [self] in
            for await event in transport.events { log.withLock { $0.append(event) } }
        }
    }

    var events: [MediaEngineEvent] { log.withLock { $0 } }

    /// The first event matching `predicate`, waiting at most `timeout`.
    func first(timeout: Duration, where predicate: @Sendable (MediaEngineEvent) -> Bool) async -> MediaEngineEvent? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let event = events.first(where: predicate) { return event }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return events.first(where: predicate)
    }

    /// The DTMF digits received, once `count` arrived or after `timeout`.
    func digits(count: Int, timeout: Duration) async -> String {
        let deadline = ContinuousClock.now + timeout
        func current() -> String {
            String(events.compactMap { if case .dtmfReceived(let digit, _) = $0 { digit } else { nil } })
        }
        while ContinuousClock.now < deadline, current().count < count {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return current()
    }
}
