import StackCore
import Foundation
import Testing
@testable import AudioPipeline

/// ``ToneSource`` and ``ToneAnalyzer``: tone generation, Goertzel analysis, DTMF.
@Suite struct ToneTests {
    /// `seconds` of a source read in 20 ms frames.
    static func record(_ source: ToneSource, seconds: Double) -> [Int16] {
        let frameSize = source.sampleRate / 50 * source.channels
        return source.readAll(frames: Int(seconds * 50), size: frameSize).samples
    }

    @Test("a 440 Hz tone at 0.3 of full scale analyses as 440 ± 1 Hz at 20·log10(0.3/√2) dBFS",
          arguments: [48_000, 16_000, 8000])
    func tone440(rate: Int) {
        let samples = Self.record(ToneSource(frequency: 440, sampleRate: rate), seconds: 1)
        let analysis = ToneAnalyzer.analyze(samples, sampleRate: rate)
        #expect(abs(analysis.dominantFrequency - 440) <= 1, "\(analysis)")
        #expect(abs(analysis.rmsDBFS - 20 * log10(0.3 / 2.0.squareRoot())) < 0.05, "\(analysis)")
        #expect(analysis.powerRatio > 0.95, "\(analysis)")
    }

    @Test("other frequencies, between scan points, are found too", arguments: [123.4, 1002.5, 3333.3])
    func otherFrequencies(frequency: Double) {
        let samples = Self.record(ToneSource(frequency: frequency, sampleRate: 48_000, amplitude: 0.5), seconds: 0.5)
        let analysis = ToneAnalyzer.analyze(samples, sampleRate: 48_000)
        #expect(abs(analysis.dominantFrequency - frequency) <= 1, "\(analysis)")
        #expect(analysis.powerRatio > 0.9, "\(analysis)")
    }

    @Test("phase continuity: no jump between frames of any size")
    func phaseContinuity() {
        let source = ToneSource(frequency: 1000, sampleRate: 8000, amplitude: 0.9)
        var samples: [Int16] = []
        for size in [37, 160, 1, 511, 2, 999, 160, 7] {
            samples += source.readAll(frames: 1, size: size).samples
        }
        // The steepest slope of a sine: 2π·f/fs·A·32767 per sample.
        let bound = 2 * Double.pi * 1000 / 8000 * 0.9 * 32_767 + 2
        let largest = zip(samples, samples.dropFirst()).map { abs(Int($1) - Int($0)) }.max() ?? 0
        #expect(Double(largest) <= bound)
        #expect(samples.count == 1877 && source.position == 1877)
        let reference = ToneSource(frequency: 1000, sampleRate: 8000, amplitude: 0.9).readAll(frames: 1, size: 1877).samples
        #expect(samples == reference)
    }

    @Test("stereo tones carry the same signal on both channels")
    func stereo() {
        let source = ToneSource(frequency: 700, sampleRate: 16_000, channels: 2)
        let samples = Self.record(source, seconds: 0.5)
        #expect(stride(from: 0, to: samples.count, by: 2).allSatisfy { samples[$0] == samples[$0 + 1] })
        let analysis = ToneAnalyzer.analyze(samples, sampleRate: 16_000, channels: 2)
        #expect(abs(analysis.dominantFrequency - 700) <= 1)
    }

    @Test("Goertzel power: A²/2 at the tone's frequency, near 0 elsewhere")
    func goertzel() {
        let samples = Self.record(ToneSource(frequency: 1000, sampleRate: 8000, amplitude: 0.5), seconds: 0.1)
        #expect(abs(ToneAnalyzer.goertzelPower(samples, sampleRate: 8000, frequency: 1000) - 0.125) < 0.002)
        #expect(ToneAnalyzer.goertzelPower(samples, sampleRate: 8000, frequency: 1500) < 1e-4)
        #expect(ToneAnalyzer.goertzelPower([], sampleRate: 8000, frequency: 1000) == 0)
    }

    @Test("two tones: the stronger one dominates with its share of the power")
    func twoTones() {
        let weak = Self.record(ToneSource(frequency: 500, sampleRate: 16_000, amplitude: 0.1), seconds: 1)
        let strong = Self.record(ToneSource(frequency: 1200, sampleRate: 16_000, amplitude: 0.3), seconds: 1)
        let mixed = zip(weak, strong).map { $0 &+ $1 }
        let analysis = ToneAnalyzer.analyze(mixed, sampleRate: 16_000)
        #expect(abs(analysis.dominantFrequency - 1200) <= 1)
        #expect(abs(analysis.powerRatio - 0.9) < 0.03, "\(analysis)")
        let equal = Self.record(ToneSource(frequencies: [600, 1500], sampleRate: 16_000, amplitude: 0.2), seconds: 1)
        let pair = ToneAnalyzer.analyze(equal, sampleRate: 16_000)
        #expect(abs(pair.dominantFrequency - 600) <= 1 || abs(pair.dominantFrequency - 1500) <= 1)
        #expect(abs(pair.powerRatio - 0.5) < 0.05, "\(pair)")
    }

    @Test("noise has no dominant tone; silence has no level")
    func noiseAndSilence() {
        var random = SplitMix64(state: 12_345)
        let noise = (0..<16_000).map { _ in Int16(truncatingIfNeeded: Int(random.next() % 32_768) - 16_384) }
        let analysis = ToneAnalyzer.analyze(noise, sampleRate: 16_000)
        #expect(analysis.powerRatio < 0.01, "\(analysis)")
        #expect(abs(analysis.rmsDBFS - 20 * log10(0.5 / 3.0.squareRoot())) < 0.2, "\(analysis)")
        let silence = ToneAnalyzer.analyze([Int16](repeating: 0, count: 8000), sampleRate: 8000)
        #expect(silence == ToneAnalysis(dominantFrequency: 0, rmsDBFS: -.infinity, powerRatio: 0))
        #expect(ToneAnalyzer.analyze([], sampleRate: 8000).powerRatio == 0)
    }

    @Test("DTMF: every key, 60 ms tones with 50 ms gaps", arguments: [8000, 48_000])
    func dtmfKeys(rate: Int) {
        let keys = "123A456B789C*0#D"
        var samples: [Int16] = []
        for key in keys {
            guard let source = ToneSource(dtmf: key, sampleRate: rate) else { Issue.record("no tone for \(key)"); return }
            samples += source.readAll(frames: 1, size: rate * 60 / 1000).samples
            samples += [Int16](repeating: 0, count: rate * 50 / 1000)
        }
        #expect(ToneAnalyzer.detectDTMF(samples, sampleRate: rate) == keys)
    }

    @Test("DTMF: repeated digits need a gap; tones shorter than 40 ms do not count; noise is no digit")
    func dtmfTiming() {
        func tone(_ key: Character, milliseconds: Int) -> [Int16] {
            ToneSource(dtmf: key, sampleRate: 8000)?.readAll(frames: 1, size: 8 * milliseconds).samples ?? []
        }
        let gap = [Int16](repeating: 0, count: 400)
        #expect(ToneAnalyzer.detectDTMF(tone("1", milliseconds: 45) + gap + tone("1", milliseconds: 45), sampleRate: 8000) == "11")
        #expect(ToneAnalyzer.detectDTMF(tone("5", milliseconds: 200), sampleRate: 8000) == "5")
        #expect(ToneAnalyzer.detectDTMF(tone("9", milliseconds: 20) + gap, sampleRate: 8000) == "")
        let speechLike = Self.record(ToneSource(frequencies: [697, 900], sampleRate: 8000), seconds: 0.2)
        #expect(ToneAnalyzer.detectDTMF(speechLike, sampleRate: 8000) == "")
        #expect(ToneSource(dtmf: "x") == nil)
        #expect(ToneAnalyzer.dtmfFrequencies(for: "d").map { $0.low == 941 && $0.high == 1633 } == true)
    }
}
