import Foundation
import Testing
@testable import AudioPipeline

/// ``AudioClipSource``: a call tone's clip converted once to the device format, looped or once.
@Suite struct CallToneClipTests {
    /// `seconds` of a sine at `frequency` as a WAVFile at `rate` with `channels`.
    static func sine(_ frequency: Double, seconds: Double, rate: Int, channels: Int = 1) -> WAVFile {
        let frames = Int(seconds * Double(rate))
        let samples = ToneSource(frequency: frequency, sampleRate: rate, amplitude: 0.5, channels: channels)
            .readAll(frames: 1, size: frames * channels).samples
        return WAVFile(format: WAVFormat(sampleRate: rate, channels: channels), samples: samples)
    }

    @Test("the same format plays the samples as they are, looped or once")
    func passthrough() throws {
        let file = WAVFile(format: WAVFormat(sampleRate: 8000, channels: 1), samples: (0..<250).map { Int16($0) })
        let looped = try AudioClipSource(file: file, sampleRate: 8000, channels: 1, loop: true)
        let (samples, results) = looped.readAll(frames: 4, size: 160)
        #expect(results.allSatisfy { $0 })
        #expect(samples == Array((file.samples + file.samples + file.samples).prefix(640)))
        let once = try AudioClipSource(file: file, sampleRate: 8000, channels: 1)
        let (single, flags) = once.readAll(frames: 3, size: 160)
        #expect(flags == [true, true, false])
        #expect(Array(single[0..<250]) == file.samples && single[250...].allSatisfy { $0 == 0 })
        #expect(once.isFinished && once.frameCount == 250 && once.clipFormat == file.format)
        once.rewind()
        #expect(!once.isFinished)
    }

    @Test("another rate: resampled once, the right length, the same pitch", arguments: [(8000, 48_000), (44_100, 16_000), (48_000, 8000)])
    func resampled(rates: (Int, Int)) throws {
        let (from, to) = rates
        let clip = try AudioClipSource(file: Self.sine(700, seconds: 0.5, rate: from), sampleRate: to, channels: 1)
        #expect(clip.frameCount == to / 2)
        let samples = clip.readAll(frames: 25, size: to / 50).samples
        let analysis = ToneAnalyzer.analyze(samples, sampleRate: to)
        #expect(abs(analysis.dominantFrequency - 700) <= 1, "\(analysis)")
        #expect(abs(analysis.rmsDBFS - 20 * log10(0.5 / 2.0.squareRoot())) < 0.5, "\(analysis)")
    }

    @Test("the resampler's delay is removed: a burst stays where it was")
    func alignment() throws {
        var samples = [Int16](repeating: 0, count: 8000)
        let burst = ToneSource(frequency: 500, sampleRate: 8000, amplitude: 0.8).readAll(frames: 1, size: 800).samples
        samples.replaceSubrange(4000..<4800, with: burst)
        let file = WAVFile(format: WAVFormat(sampleRate: 8000, channels: 1), samples: samples)
        let clip = try AudioClipSource(file: file, sampleRate: 16_000, channels: 1)
        let output = clip.readAll(frames: 50, size: 320).samples
        // The energy's centre: 4400 at 8 kHz is 8800 at 16 kHz.
        var weighted = 0.0, total = 0.0
        for (index, sample) in output.enumerated() {
            let energy = Double(sample) * Double(sample)
            weighted += energy * Double(index)
            total += energy
        }
        #expect(abs(weighted / total - 8800) < 4, "centre \(weighted / total)")
    }

    @Test("channels: stereo to mono mixes down, mono to stereo copies, stereo to stereo is kept")
    func channels() throws {
        let stereo = WAVFile(format: WAVFormat(sampleRate: 8000, channels: 2), samples: [100, 300, -50, 50, 7, 9])
        let mono = try AudioClipSource(file: stereo, sampleRate: 8000, channels: 1)
        #expect(mono.readAll(frames: 1, size: 3).samples == [200, 0, 8])
        let kept = try AudioClipSource(file: stereo, sampleRate: 8000, channels: 2)
        #expect(kept.readAll(frames: 1, size: 6).samples == stereo.samples)
        let single = WAVFile(format: WAVFormat(sampleRate: 8000, channels: 1), samples: [1, 2, 3])
        let spread = try AudioClipSource(file: single, sampleRate: 8000, channels: 2)
        #expect(spread.readAll(frames: 1, size: 6).samples == [1, 1, 2, 2, 3, 3])
        let resampled = try AudioClipSource(file: Self.sine(440, seconds: 0.2, rate: 8000, channels: 2),
                                            sampleRate: 48_000, channels: 2)
        let both = resampled.readAll(frames: 10, size: 1920).samples
        #expect(stride(from: 0, to: both.count, by: 2).allSatisfy { both[$0] == both[$0 + 1] })
    }

    @Test("an empty clip ends at once; an impossible format is an error")
    func edges() throws {
        let empty = try AudioClipSource(file: WAVFile(format: WAVFormat(sampleRate: 8000, channels: 1), samples: []),
                                        sampleRate: 48_000, channels: 1, loop: true)
        #expect(empty.readAll(frames: 1, size: 960).results == [false])
        #expect(throws: AudioError.self) {
            _ = try AudioClipSource(file: Self.sine(440, seconds: 0.1, rate: 8000), sampleRate: 0, channels: 1)
        }
        #expect(throws: AudioError.self) {
            _ = try AudioClipSource(file: Self.sine(440, seconds: 0.1, rate: 8000), sampleRate: 2_000_000, channels: 1)
        }
    }
}
