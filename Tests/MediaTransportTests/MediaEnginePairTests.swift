import StackCore
import AudioCodecs
import AudioPipeline
import DTLS
import MediaTransport
import SDP
import Testing

/// Two media engines wired back to back in memory (no sockets, no clock: ticks are driven by
/// the test): real DTLS handshakes, real SRTP, real codecs.
@Suite struct MediaEnginePairTests {
    @Test("Opus both ways: DTLS secures, each side hears the other's tone", arguments: [SDPAudioCodec.opus, .pcmu, .pcma])
    func twoWayAudio(codec: SDPAudioCodec) throws {
        let pair = try EnginePair(codec: codec)
        try pair.handshake()
        #expect(pair.a.isSecured && pair.b.isSecured)
        #expect(pair.aEvents.contains(.secured(.aeadAES128GCM)))
        pair.run(ticks: 100)
        let heardByB = ToneAnalyzer.analyze(Array(pair.bSink.samples.suffix(pair.bSink.sampleRate / 2)),
                                            sampleRate: pair.bSink.sampleRate)
        let heardByA = ToneAnalyzer.analyze(Array(pair.aSink.samples.suffix(pair.aSink.sampleRate / 2)),
                                            sampleRate: pair.aSink.sampleRate)
        #expect(abs(heardByB.dominantFrequency - 440) < 3, "\(heardByB)")
        #expect(abs(heardByA.dominantFrequency - 700) < 3, "\(heardByA)")
        let stats = pair.b.snapshot()
        #expect(stats.engine.packetsReceived >= 95)
        #expect(stats.engine.srtpDropped == 0)
        #expect(stats.packetsLost == 0)
        #expect(stats.codec == codec.encodingName)
    }

    @Test("Opus decoded in stereo (sprop-stereo) is downmixed for a mono sink and keeps the tone")
    func stereoReceive() throws {
        let pair = try EnginePair(codec: .opus, stereoReceive: true)
        try pair.handshake()
        pair.run(ticks: 60)
        let heard = ToneAnalyzer.analyze(Array(pair.bSink.samples.suffix(24_000)), sampleRate: 48_000)
        #expect(abs(heard.dominantFrequency - 440) < 3, "\(heard)")
        #expect(heard.rmsDBFS > -20, "\(heard)")
        #expect(pair.b.snapshot().playout.decodeErrors == 0)
    }

    @Test("A wrong fingerprint fails DTLS with the fingerprint cause")
    func fingerprintMismatch() throws {
        let pair = try EnginePair(codec: .opus, corruptFingerprintOfB: true)
        try? pair.handshake(rounds: 10)
        let failure = pair.aEvents.first { if case .failed = $0 { true } else { false } }
        guard case .failed(.dtls(.fingerprintMismatch))? = failure else {
            Issue.record("expected a fingerprint mismatch, got \(pair.aEvents)")
            return
        }
        #expect(!pair.a.isSecured)
    }

    @Test("RFC 4733 DTMF: digits arrive in order with their duration")
    func dtmf() throws {
        let pair = try EnginePair(codec: .opus)
        try pair.handshake()
        #expect(pair.a.sendDTMF("12#"))
        #expect(!pair.a.sendDTMF("1x"))
        pair.run(ticks: 60)
        let digits = pair.bEvents.compactMap { event -> String? in
            if case let .dtmfReceived(digit, duration) = event { return "\(digit):\(duration)" }
            return nil
        }
        #expect(digits == ["1:0.1 seconds", "2:0.1 seconds", "#:0.1 seconds"])
    }

    @Test("Lost packets are concealed and the tone still comes through; tampered SRTP is dropped and counted")
    func lossAndTampering() throws {
        let pair = try EnginePair(codec: .opus)
        try pair.handshake()
        pair.dropEvery = 7
        pair.run(ticks: 100)
        let stats = pair.b.snapshot()
        #expect(stats.packetsLost > 0)
        #expect(stats.playout.concealed + stats.playout.recovered > 0)
        let heard = ToneAnalyzer.analyze(Array(pair.bSink.samples.suffix(24_000)), sampleRate: 48_000)
        #expect(abs(heard.dominantFrequency - 440) < 3, "\(heard)")
        pair.dropEvery = nil
        pair.tamper = true
        pair.run(ticks: 5)
        #expect(pair.b.snapshot().engine.srtpDropped >= 5)
    }

    @Test("Garbage datagrams never crash the engine and are counted")
    func garbage() throws {
        let pair = try EnginePair(codec: .pcmu)
        try pair.handshake()
        var generator = SplitMix64(seed: 7)
        for index in 0..<2_000 {
            var bytes = (0..<(index % 200)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            if index % 3 == 0, !bytes.isEmpty { bytes[0] = 0x80 }
            if index % 5 == 0, !bytes.isEmpty { bytes[0] = 22 }
            bytes.withUnsafeMutableBytes { pair.b.receive($0, arrival: UInt64(index) * 1_000_000) }
        }
        pair.run(ticks: 20)
        let heard = ToneAnalyzer.analyze(Array(pair.aSink.samples.suffix(4_000)), sampleRate: 8_000)
        #expect(abs(heard.dominantFrequency - 700) < 3, "\(heard)")
    }
}

