import AudioPipeline
import DTLS
import ICE
import MediaTransport
import SDP
import StackCore
import Synchronization
import Testing

/// Two of our stacks on 127.0.0.1 in one process: ICE agents on real UDP sockets, the
/// `MediaTransport` driver on their event loops (socket taps, fixed-rate ticks, DTLS timer), SDP
/// from the SDP module. Real time (the driver's ticks are NIO timers); waits are bounded polls.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct MediaTransportLoopbackTests {
    final class Events: Sendable {
        let log = Mutex<[MediaEngineEvent]>([])
        init(_ transport: MediaTransport) {
            Task { [self] in for await event in transport.events { log.withLock { $0.append(event) } } }
        }
        var all: [MediaEngineEvent] { log.withLock { $0 } }
    }

    static func media(_ agent: ICEAgent, certificate: DTLSCertificate, ssrc: UInt32) async throws -> SDPLocalMedia {
        let candidates = try await agent.gather()
        let credentials = await agent.localCredentials
        var local = SDPLocalMedia()
        local.address = "127.0.0.1"
        local.port = UInt16(clamping: candidates.first?.address.port ?? 9)
        local.ice = SDPICEParameters(usernameFragment: credentials.ufrag, password: credentials.password)
        local.candidates = candidates.map(\.sdpCandidate)
        local.endOfCandidates = true
        local.fingerprints = [MediaNegotiation.sdpFingerprint(certificate)]
        local.ssrc = ssrc
        local.cname = "loopback-\(ssrc)"
        return local
    }

    static func waitFor(_ timeout: Duration, _ condition: @Sendable () async -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !(await condition()) {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    @Test("Offerer and answerer in one process: ICE, DTLS-SRTP and Opus both ways; after pathLost one side stops sending")
    func loopbackCall() async throws {
        let certificate = try DTLSCertificate.generate()
        let offerer = ICEAgent(role: .controlling, clock: SystemClock.shared)
        let answerer = ICEAgent(role: .controlled, clock: SystemClock.shared)
        let offer = SDPOfferAnswer.makeOffer(try await Self.media(offerer, certificate: certificate, ssrc: 1111))
        let (answer, answerSide) = try SDPOfferAnswer.makeAnswer(
            to: try SDPSession(parsing: offer.text), local: try await Self.media(answerer, certificate: certificate, ssrc: 2222))
        let offerSide = try SDPOfferAnswer.processAnswer(try SDPSession(parsing: answer.text), toOffer: offer)
        #expect(offerSide.codec.codec == .opus && offerSide.profile == .udpTLSRTPSAVPF)

        var madeTransports: [MediaTransport] = []
        var madeRecorders: [Events] = []
        var forwards: [Task<Void, Never>] = []
        for (agent, negotiated, ssrc, tone) in [(offerer, offerSide, UInt32(1111), 440.0), (answerer, answerSide, 2222, 700.0)] {
            let transport = try await MediaTransport(
                agent: agent, configuration: MediaNegotiation.configuration(negotiated, certificate: certificate, ssrc: ssrc),
                makeSource: { ToneSource(frequency: tone, sampleRate: 48_000) },
                makeSink: { NullAudioSink(sampleRate: 48_000) })
            madeTransports.append(transport)
            madeRecorders.append(Events(transport))
            forwards.append(Task {
                for await event in agent.events {
                    if case .agent(.selected(let pair)) = event { transport.selected(pair) }
                }
            })
            let ice = try #require(negotiated.remoteICE)
            await agent.setRemote(credentials: ICECredentials(ufrag: ice.usernameFragment, password: ice.password),
                                  candidates: negotiated.remoteCandidates.compactMap(ICECandidate.init), complete: true)
        }
        await offerer.start()
        await answerer.start()
        defer { for forward in forwards { forward.cancel() } }
        let (transports, recorders) = (madeTransports, madeRecorders)

        // Both secured (GCM: both sides offer it first), then 50 packets each way.
        let secured = await Self.waitFor(.seconds(10)) {
            recorders.allSatisfy { $0.all.contains(.secured(.aeadAES128GCM)) }
        }
        #expect(secured, "\(recorders.map(\.all))")
        let flowing = await Self.waitFor(.seconds(10)) {
            for transport in transports where (await transport.statistics()?.engine.packetsReceived ?? 0) < 50 { return false }
            return true
        }
        #expect(flowing)
        let answererStats = try #require(await transports[1].statistics())
        #expect(answererStats.remoteSSRC == 1111 && answererStats.engine.srtpDropped == 0)
        #expect(answererStats.outputPeak > 5_000, "the answerer plays audio: \(answererStats.outputPeak)")

        // The offerer loses its path: it stops sending, the answerer stops receiving.
        transports[0].pathLost()
        let failed = await Self.waitFor(.seconds(2)) { recorders[0].all.contains(.failed(.iceFailed)) }
        #expect(failed)
        let sentAtLoss = await transports[0].statistics()?.engine.packetsSent ?? 0
        let answererSentBefore = answererStats.engine.packetsSent
        let stillTicking = await Self.waitFor(.seconds(2)) {
            (await transports[1].statistics()?.engine.packetsSent ?? 0) > answererSentBefore + 10
        }
        #expect(stillTicking)
        let sentAfter = await transports[0].statistics()?.engine.packetsSent ?? 0
        #expect(sentAfter == sentAtLoss)

        for transport in transports { await transport.close() }
        await offerer.close()
        await answerer.close()
    }
}
