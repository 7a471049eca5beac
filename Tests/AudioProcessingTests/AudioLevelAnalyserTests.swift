import Foundation
import Testing
import AudioProcessing

/// Web Audio's getByteFrequencyData written out as the spec states it: a direct DFT in Double,
/// independent of the analyser's transform and tables.
private struct ReferenceAnalyser {
    let size: Int
    var smoothed: [Double]

    init(size: Int = 128) {
        self.size = size
        smoothed = Array(repeating: 0, count: size / 2)
    }

    /// One call on the last `size` samples (zero-padded in front), mean byte / 255.
    mutating func analyse(_ samples: [Int16]) -> Double {
        let last = Array(samples.suffix(size))
        let x = Array(repeating: 0.0, count: size - last.count) + last.map { Double($0) / 32768 }
        let n = Double(size)
        var bytes = 0
        for k in 0..<size / 2 {
            var re = 0.0, im = 0.0
            for i in 0..<size {
                let t = Double(i)
                let w = 0.42 - 0.5 * cos(2 * .pi * t / n) + 0.08 * cos(4 * .pi * t / n)
                re += x[i] * w * cos(2 * .pi * Double(k) * t / n)
                im -= x[i] * w * sin(2 * .pi * Double(k) * t / n)
            }
            let magnitude = (re * re + im * im).squareRoot() / n
            smoothed[k] = 0.8 * smoothed[k] + 0.2 * magnitude
            let decibels = 20 * log10(smoothed[k])
            let byte = (255 / 70 * (decibels + 100)).rounded(.down)
            bytes += byte.isFinite ? Int(min(max(byte, 0), 255)) : 0
        }
        return Double(bytes) / Double(size / 2) / 255
    }
}

@Suite struct AudioLevelAnalyserTests {
    /// Runs `frames` through the analyser, one call per 960-sample (20 ms at 48 kHz) frame.
    private func levels(_ analyser: inout AudioLevelAnalyser, _ signal: [Int16], frame: Int = 960,
                        channels: Int = 1) -> [Double] {
        stride(from: 0, to: signal.count, by: frame * channels).map { start in
            let chunk = Array(signal[start..<min(start + frame * channels, signal.count)])
            return chunk.withUnsafeBufferPointer { analyser.analyse($0, channels: channels) }
        }
    }

    @Test func silenceIsZero() {
        var analyser = AudioLevelAnalyser()
        let values = levels(&analyser, Array(repeating: 0, count: 960 * 10))
        #expect(values.allSatisfy { $0 == 0 })
        #expect(AudioLevelAnalyser.volumeString(values[9]) == "0.000")
    }

    @Test func fullScaleSineMatchesTheReference() {
        let sine = TestSignals.sine(frequency: 1000, sampleRate: 48000, amplitude: 1, count: 960 * 50)
        var analyser = AudioLevelAnalyser()
        var reference = ReferenceAnalyser()
        var values: [Double] = []
        for start in stride(from: 0, to: sine.count, by: 960) {
            let frame = Array(sine[start..<start + 960])
            let value = frame.withUnsafeBufferPointer { analyser.analyse($0, channels: 1) }
            let expected = reference.analyse(frame)
            #expect(abs(value - expected) < 0.5 / 64 / 255, "frame \(start / 960): \(value) vs \(expected)")
            values.append(value)
        }
        // The first call after silence (smoothing from zero), then the steady state.
        #expect(AudioLevelAnalyser.volumeString(values[0]) == "0.083")
        #expect(AudioLevelAnalyser.volumeString(values[49]) == "0.115")
    }

    @Test func smoothingMakesASuddenToneRise() {
        var analyser = AudioLevelAnalyser()
        let signal = Array(repeating: Int16(0), count: 960 * 5)
            + TestSignals.sine(frequency: 1000, sampleRate: 48000, amplitude: 0.5, count: 960 * 20)
        let values = levels(&analyser, signal)
        #expect(values[0..<5].allSatisfy { $0 == 0 })
        for index in 5..<10 { #expect(values[index + 1] > values[index], "call \(index)") }
        #expect(values[5] < values[19])
    }

    @Test func quieterToneReadsLower() {
        var loud = AudioLevelAnalyser()
        var quiet = AudioLevelAnalyser()
        let full = TestSignals.sine(frequency: 1000, sampleRate: 48000, amplitude: 1, count: 960 * 30)
        let low = TestSignals.sine(frequency: 1000, sampleRate: 48000, amplitude: 0.1, count: 960 * 30)
        let loudValue = levels(&loud, full).last ?? 0
        let quietValue = levels(&quiet, low).last ?? 1
        #expect(quietValue < loudValue)
        #expect(quietValue > 0)
    }

    @Test func stereoReadsChannelZero() {
        let tone = TestSignals.sine(frequency: 1000, sampleRate: 48000, amplitude: 0.5, count: 960 * 10)
        let silence = Array(repeating: Int16(0), count: tone.count)
        var mono = AudioLevelAnalyser()
        var left = AudioLevelAnalyser()
        var right = AudioLevelAnalyser()
        let monoValues = levels(&mono, tone)
        let leftValues = levels(&left, TestSignals.interleave(tone, silence), channels: 2)
        let rightValues = levels(&right, TestSignals.interleave(silence, tone), channels: 2)
        #expect(leftValues == monoValues)
        #expect(rightValues.allSatisfy { $0 == 0 })
    }

    @Test func shortBuffersAreZeroPaddedInFront() {
        let tone = TestSignals.sine(frequency: 700, sampleRate: 16000, amplitude: 0.3, count: 80)
        var analyser = AudioLevelAnalyser()
        var reference = ReferenceAnalyser()
        for _ in 0..<3 {
            let value = tone.withUnsafeBufferPointer { analyser.analyse($0, channels: 1) }
            #expect(abs(value - reference.analyse(tone)) < 0.5 / 64 / 255)
        }
        let empty: [Int16] = []
        #expect(empty.withUnsafeBufferPointer { analyser.analyse($0, channels: 1) } >= 0)
    }

    @Test func resetForgetsTheSmoothing() {
        var analyser = AudioLevelAnalyser()
        let tone = TestSignals.sine(frequency: 1000, sampleRate: 48000, amplitude: 1, count: 960)
        let first = tone.withUnsafeBufferPointer { analyser.analyse($0, channels: 1) }
        _ = tone.withUnsafeBufferPointer { analyser.analyse($0, channels: 1) }
        analyser.reset()
        #expect(tone.withUnsafeBufferPointer { analyser.analyse($0, channels: 1) } == first)
    }

    @Test func settingsOutOfRangeAreClampedNotTrapped() {
        #expect(AudioLevelAnalyser(fftSize: 100).fftSize == 64)
        #expect(AudioLevelAnalyser(fftSize: 0).fftSize == 32)
        #expect(AudioLevelAnalyser(fftSize: 1 << 20).fftSize == 2048)
        #expect(AudioLevelAnalyser(fftSize: 2048).binCount == 1024)
        #expect(AudioLevelAnalyser(smoothing: .nan).smoothing == 0.8)
        #expect(AudioLevelAnalyser(smoothing: 3).smoothing == 1)
        let swapped = AudioLevelAnalyser(minDecibels: -20, maxDecibels: -90)
        #expect(swapped.minDecibels == -100 && swapped.maxDecibels == -30)
        var large = AudioLevelAnalyser(fftSize: 2048, smoothing: 0)
        let tone = TestSignals.sine(frequency: 1000, sampleRate: 48000, amplitude: 1, count: 4096)
        let value = tone.withUnsafeBufferPointer { large.analyse($0, channels: 0) }
        #expect(value > 0 && value <= 1)
    }

    @Test func volumeStringHasThreeDecimals() {
        #expect(AudioLevelAnalyser.volumeString(0) == "0.000")
        #expect(AudioLevelAnalyser.volumeString(1) == "1.000")
        #expect(AudioLevelAnalyser.volumeString(0.1234) == "0.123")
        #expect(AudioLevelAnalyser.volumeString(0.0456) == "0.046")
        #expect(AudioLevelAnalyser.volumeString(0.007) == "0.007")
        #expect(AudioLevelAnalyser.volumeString(0.9996) == "1.000")
        #expect(AudioLevelAnalyser.volumeString(-0.5) == "0.000")
        #expect(AudioLevelAnalyser.volumeString(7) == "1.000")
        #expect(AudioLevelAnalyser.volumeString(.nan) == "0.000")
    }
}
