import AudioProcessing
import Foundation
import Testing

/// `audioConstraints.autoGainControl`: the preprocessor's gain control raises a quiet talker
/// and leaves the level alone without it; the denoiser can be switched off while it works.
@Suite struct AutomaticGainTests {
    /// A quiet syllabic signal (a 4 Hz-gated voiced sound: 200 Hz and harmonics) at −40 dBFS peak.
    static func quietTalker(seconds: Int, rate: Int = 16_000) -> [Int16] {
        (0..<(rate * seconds)).map { index in
            let t = Double(index) / Double(rate)
            let voiced = sin(2 * .pi * 200 * t) + 0.5 * sin(2 * .pi * 400 * t) + 0.25 * sin(2 * .pi * 600 * t)
            let gate = sin(2 * .pi * 4 * t) > -0.2 ? 1.0 : 0.0
            return Int16(voiced / 1.75 * gate * 328)
        }
    }

    static func process(_ samples: [Int16], agc: Bool, denoise: Bool = true) throws -> [Int16] {
        let processor = try NoiseSuppressor(sampleRate: 16_000, frameSamples: 320, automaticGain: agc)
        processor.denoises = denoise
        var out: [Int16] = []
        for start in stride(from: 0, to: samples.count - 320, by: 320) {
            var frame = Array(samples[start..<(start + 320)])
            frame.withUnsafeMutableBufferPointer { processor.process($0) }
            out += frame
        }
        return out
    }

    @Test("with gain control a −40 dBFS talker is raised by more than 10 dB within 6 s; without, it stays within 3 dB")
    func raisesQuietTalker() throws {
        let input = Self.quietTalker(seconds: 8)
        let tail = (6 * 16_000)..<(7 * 16_000)
        let before = TestSignals.powerDecibels(input[tail])
        let levelled = try Self.process(input, agc: true, denoise: false)
        let plain = try Self.process(input, agc: false, denoise: false)
        let raised = TestSignals.powerDecibels(levelled[tail]) - before
        let unchanged = TestSignals.powerDecibels(plain[tail]) - before
        #expect(raised > 10, "raised by \(raised) dB")
        #expect(abs(unchanged) < 3, "changed by \(unchanged) dB without gain control")
        #expect(try NoiseSuppressor(sampleRate: 16_000, frameSamples: 320, automaticGain: true).automaticGain)
    }
}
