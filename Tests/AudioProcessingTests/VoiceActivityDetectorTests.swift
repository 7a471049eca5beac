import Testing
import AudioProcessing

@Suite struct VoiceActivityDetectorTests {
    /// The noise fixtures' RMS level; the mixes hold speech 5 dB above it.
    private static let fixtureNoiseDecibels = -26.61

    /// One decision per frame of `frame` frames.
    private func decisions(_ signal: [Int16], sampleRate: Int = 48000, frame: Int = 960,
                           channels: Int = 1) -> [Bool] {
        var detector = VoiceActivityDetector(sampleRate: sampleRate)
        return stride(from: 0, through: signal.count - frame * channels, by: frame * channels).map { start in
            signal[start..<start + frame * channels].withUnsafeBufferPointer { detector.process($0, channels: channels) }
        }
    }

    /// The first and last 20 ms frames of the clean sentence holding any sound.
    private func speechSpan() throws -> (first: Int, last: Int) {
        let clean = try WAVFixture.load("speech-clean.wav").samples
        let loud = stride(from: 0, to: clean.count - 959, by: 960).enumerated()
            .filter { TestSignals.powerDecibels(clean[$0.element..<$0.element + 960]) > -60 }
            .map(\.offset)
        return (loud.first ?? 0, loud.last ?? 0)
    }

    private func timeline(_ decisions: [Bool]) -> String {
        String(decisions.map { $0 ? "S" : "." })
    }

    @Test(arguments: [("speech-clean.wav", 960), ("speech-clean.wav", 480), ("speech-clean.wav", 441),
                      ("speech-white-5db.wav", 960), ("speech-pink-5db.wav", 960)])
    func speechIsDetectedSoonAfterItsOnset(file: String, frame: Int) throws {
        let span = try speechSpan()
        let onset = Double(span.first) * 0.02
        let speech = try WAVFixture.load(file).samples
        let result = decisions(speech, frame: frame)
        let seconds = Double(frame) / 48000
        let first = result.firstIndex(of: true).map { Double($0 + 1) * seconds }
        #expect(first.map { $0 > onset && $0 <= onset + 0.3 } == true,
                "onset \(onset) s, detected \(first.map(String.init(describing:)) ?? "never"): \(timeline(result))")
        // Most of the sentence is speech; the trailing silence (after the hangover) is not.
        let during = result.indices.filter { Double($0) * seconds >= onset + 0.3 && Double($0) * seconds < Double(span.last) * 0.02 }
        let share = Double(during.filter { result[$0] }.count) / Double(max(during.count, 1))
        #expect(share > 0.7, "\(share) of the sentence: \(timeline(result))")
        let tail = result.indices.filter { Double($0) * seconds > Double(span.last + 1) * 0.02 + 0.35 }
        #expect(!tail.isEmpty && tail.allSatisfy { !result[$0] }, "\(timeline(result))")
    }

    @Test(arguments: ["noise-white.wav", "noise-pink.wav"], [-30.0, Self.fixtureNoiseDecibels, -10])
    func steadyNoiseIsNotSpeech(file: String, level: Double) throws {
        let noise = try WAVFixture.load(file).samples
        let result = decisions(TestSignals.scaled(noise, decibels: level - Self.fixtureNoiseDecibels))
        // After half a second of adaptation (in fact from the first frame) nothing is speech.
        #expect(result.dropFirst(25).allSatisfy { !$0 }, "\(file) at \(level) dBFS: \(timeline(result))")
        #expect(result.allSatisfy { !$0 }, "\(file) at \(level) dBFS: \(timeline(result))")
    }

    @Test(arguments: [8000, 16000, 48000])
    func steadyToneIsNotSpeech(sampleRate: Int) {
        let frame = sampleRate / 50
        let tone = TestSignals.sine(frequency: 440, sampleRate: sampleRate, amplitude: 0.1, count: sampleRate * 3)
        let fromStart = decisions(tone, sampleRate: sampleRate, frame: frame)
        #expect(fromStart.dropFirst(50).allSatisfy { !$0 }, "\(timeline(fromStart))")
        // A tone that starts after silence looks like an onset until the floor has risen to it.
        let late = decisions(Array(repeating: 0, count: sampleRate / 2) + tone, sampleRate: sampleRate, frame: frame)
        #expect(late.dropFirst(25 + 50).allSatisfy { !$0 }, "\(timeline(late))")
    }

    @Test func silenceAndQuietSoundsAreNotSpeech() throws {
        #expect(decisions(Array(repeating: 0, count: 48000)).allSatisfy { !$0 })
        // Speech far below the absolute minimum (−55 dBFS in the speech band) does not count.
        let speech = try WAVFixture.load("speech-clean.wav").samples
        #expect(decisions(TestSignals.scaled(speech, decibels: -50)).allSatisfy { !$0 })
    }

    @Test func stereoReadsChannelZero() throws {
        let speech = try WAVFixture.load("speech-clean.wav").samples
        let silence = Array(repeating: Int16(0), count: speech.count)
        let left = decisions(TestSignals.interleave(speech, silence), channels: 2)
        let right = decisions(TestSignals.interleave(silence, speech), channels: 2)
        #expect(left == decisions(speech))
        #expect(left.contains(true))
        #expect(right.allSatisfy { !$0 })
    }

    @Test func resetForgetsSpeechAndFloor() throws {
        let speech = try WAVFixture.load("speech-clean.wav").samples
        var detector = VoiceActivityDetector(sampleRate: 48000)
        #expect(detector.sampleRate == 48000)
        let silence = Array(repeating: Int16(0), count: 960)
        for _ in 0..<10 { _ = silence.withUnsafeBufferPointer { detector.process($0, channels: 1) } }
        let loudFrame = speech[38400..<39360]  // 0.8 s, inside "Hello"
        var spoke = false
        for _ in 0..<10 {
            spoke = loudFrame.withUnsafeBufferPointer { detector.process($0, channels: 1) } || spoke
        }
        #expect(spoke && detector.isSpeaking)
        detector.reset()
        #expect(!detector.isSpeaking)
        let empty: [Int16] = []
        #expect(!empty.withUnsafeBufferPointer { detector.process($0, channels: 1) })
        #expect(VoiceActivityDetector(sampleRate: 0).sampleRate == 8000)
    }
}
