import AudioProcessing
import Foundation
import Testing

/// libspeexdsp's echo canceller behind ``EchoCanceller``: a far end played through a simulated
/// room (a delayed, attenuated copy reaches the microphone) is removed; the near end's own
/// voice is kept; frames of different sizes on the two sides meet through the FIFO.
@Suite struct EchoCancellerTests {
    static let rate = 48_000
    static let frame = 960

    /// A speech-like far end: noise shaped by a 4 Hz syllable envelope (deterministic).
    static func farEnd(seconds: Int) -> [Int16] {
        var seed: UInt64 = 0xC0FFEE
        var previous = 0.0
        return (0..<(rate * seconds)).map { index in
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let white = Double(Int64(bitPattern: seed) >> 40) / Double(1 << 23)
            previous = 0.7 * previous + 0.3 * white          // a low-pass tilt, like speech
            let envelope = 0.55 + 0.45 * sin(2 * Double.pi * 4 * Double(index) / Double(rate))
            return Int16(clamping: Int(previous * envelope * 12_000))
        }
    }

    static func power(_ samples: ArraySlice<Int16>) -> Double {
        samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(1, samples.count))
    }

    static func decibels(_ ratio: Double) -> Double { 10 * log10(ratio) }

    /// Runs `seconds` of far end through a room with `delay` samples and `gain`, plus `near`
    /// (the local talker), and returns (echo-only microphone, cleaned microphone).
    static func run(seconds: Int, delay: Int, gain: Double, near: (Int) -> Int16 = { _ in 0 },
                    playbackFrame: Int = 480) throws -> (microphone: [Int16], cleaned: [Int16]) {
        let canceller = try EchoCanceller(sampleRate: rate, frameSamples: frame)
        let far = farEnd(seconds: seconds)
        var microphone: [Int16] = []
        var cleaned: [Int16] = []
        var played = 0
        for start in stride(from: 0, to: far.count - frame, by: frame) {
            // The speaker side plays its frames up to this point (in its own frame size).
            while played < start + frame {
                far[played..<(played + playbackFrame)].withUnsafeBufferPointer { canceller.playback($0) }
                played += playbackFrame
            }
            var mic = (start..<(start + frame)).map { index -> Int16 in
                let echo = index >= delay ? Double(far[index - delay]) * gain : 0
                return Int16(clamping: Int(echo) + Int(near(index)))
            }
            microphone += mic
            mic.withUnsafeMutableBufferPointer { canceller.capture($0) }
            cleaned += mic
        }
        #expect(canceller.droppedSamples == 0)
        return (microphone, cleaned)
    }

    @Test("a 30 ms, −6 dB echo is attenuated by more than 15 dB once the filter has converged (last 3 of 8 s)")
    func removesEcho() throws {
        let (microphone, cleaned) = try Self.run(seconds: 8, delay: 1_440, gain: 0.5)
        let tail = (5 * Self.rate)..<cleaned.count
        let erle = Self.decibels(Self.power(microphone[tail]) / max(1, Self.power(cleaned[tail])))
        #expect(erle > 15, "echo return loss enhancement \(erle) dB")
    }

    @Test("double talk: the near end's 1 kHz voice survives within 3 dB while the echo goes")
    func keepsNearEnd() throws {
        let near: (Int) -> Int16 = { index in
            // The local talker starts at 4 s.
            index < 4 * Self.rate ? 0 : Int16(4_000 * sin(2 * Double.pi * 1_000 * Double(index) / Double(Self.rate)))
        }
        let (_, cleaned) = try Self.run(seconds: 8, delay: 960, gain: 0.4, near: near)
        let window = Array(cleaned[(6 * Self.rate)..<(6 * Self.rate + 9_600)])
        // The 1 kHz component by correlation with the reference tone.
        var i = 0.0, q = 0.0
        for (offset, sample) in window.enumerated() {
            let phase = 2 * Double.pi * 1_000 * Double(6 * Self.rate + offset) / Double(Self.rate)
            i += Double(sample) * sin(phase)
            q += Double(sample) * cos(phase)
        }
        let amplitude = 2 * (i * i + q * q).squareRoot() / Double(window.count)
        let change = 20 * log10(amplitude / 4_000)
        #expect(abs(change) < 3, "near-end tone changed by \(change) dB")
    }

    @Test("parameters are checked; a frame of the wrong size is left alone; silence when nothing was played")
    func edges() throws {
        #expect(throws: AudioProcessingError.self) { try EchoCanceller(sampleRate: 4_000, frameSamples: 80) }
        #expect(throws: AudioProcessingError.self) { try EchoCanceller(sampleRate: 48_000, frameSamples: 100) }
        #expect(throws: AudioProcessingError.self) { try EchoCanceller(sampleRate: 48_000, frameSamples: 960, tailMilliseconds: 5) }
        let canceller = try EchoCanceller(sampleRate: 16_000, frameSamples: 320)
        var odd = [Int16](repeating: 1_000, count: 100)
        odd.withUnsafeMutableBufferPointer { canceller.capture($0) }
        #expect(odd.allSatisfy { $0 == 1_000 })
        // More played than the FIFO holds (200 ms): the oldest are dropped and counted.
        let burst = [Int16](repeating: 500, count: 16_000)
        burst.withUnsafeBufferPointer { canceller.playback($0) }
        #expect(canceller.droppedSamples == 16_000 - 3_200)
    }
}
