import Foundation
import Testing
@testable import AudioPipeline

/// ``CadencedToneSource``: sample-exact cadences, click-free edges, finite tones.
@Suite struct CadencedToneSourceTests {
    /// A 440 + 480 Hz ring at −15 dBFS a component, on 2 s / off 4 s.
    static func ring(rate: Int = 8000, channels: Int = 1) -> CadencedToneSource {
        CadencedToneSource(frequencies: [440, 480], amplitude: CallTone.defaultComponentAmplitude,
                           cadence: .repeating(on: .seconds(2), off: .seconds(4)), sampleRate: rate, channels: channels)
    }

    /// `seconds` of `source` in 20 ms frames.
    static func record(_ source: some AudioFrameSource, seconds: Double) -> [Int16] {
        let size = source.sampleRate / 50 * source.channels
        return source.readAll(frames: Int((seconds * 50).rounded()), size: size).samples
    }

    /// The level of the component at `frequency` in `samples`, in dBFS (Goertzel power).
    static func level(_ samples: ArraySlice<Int16>, rate: Int, frequency: Double) -> Double {
        10 * log10(ToneAnalyzer.goertzelPower(Array(samples), sampleRate: rate, frequency: frequency))
    }

    @Test("on 2 s / off 4 s: tone for exactly 16 000 samples at 8 kHz, then exact zeros, then again")
    func ringCadence() {
        let samples = Self.record(Self.ring(), seconds: 12.5)
        // On: [0, 16000); off: [16000, 48000); on again from 48000; off from 64000.
        #expect(samples[40..<15_960].contains { abs($0) > 8000 })
        #expect(samples[16_000..<48_000].allSatisfy { $0 == 0 })
        #expect(samples[64_000..<96_000].allSatisfy { $0 == 0 })
        #expect(samples[15_999] == 0 && samples[48_000] == 0)   // the fades reach zero at the edges
        #expect(samples[15_990..<16_000].contains { $0 != 0 } && samples[48_001..<48_010].contains { $0 != 0 })
        // Each component at −15 dBFS over one second in the middle of each on interval.
        for start in [4000, 52_000] {
            for frequency in [440.0, 480.0] {
                let level = Self.level(samples[start..<(start + 8000)], rate: 8000, frequency: frequency)
                #expect(abs(level - -15) < 0.1, "\(frequency) Hz: \(level) dBFS")
            }
        }
        #expect(ToneAnalyzer.goertzelPower(Array(samples[4000..<12_000]), sampleRate: 8000, frequency: 460) < 1e-5)
    }

    @Test("the cadence does not depend on the frame size")
    func frameSizeIndependence() {
        let reference = Self.record(Self.ring(), seconds: 6.5)
        let source = Self.ring()
        var samples: [Int16] = []
        var sizes = [1, 7, 160, 333, 1000, 15_999, 2, 40_000]
        while samples.count < reference.count {
            let size = min(sizes.removeFirst(), reference.count - samples.count)
            sizes.append(size + 1)
            samples += source.readAll(frames: 1, size: size).samples
        }
        #expect(samples == reference)
        #expect(source.position == reference.count)
    }

    @Test("the edges fade over 5 ms: no jump larger than a sine's steepest slope, a linear envelope")
    func ramps() {
        let samples = Self.record(Self.ring(rate: 48_000), seconds: 6.2)
        let amplitude = 2 * CallTone.defaultComponentAmplitude * 32_767
        let slope = 2 * Double.pi * 480 / 48_000 * amplitude + 2
        let largest = zip(samples, samples.dropFirst()).map { abs(Double($1) - Double($0)) }.max() ?? 0
        #expect(largest <= slope)
        // 240 samples of fade: |x[i]| ≤ peak · i / 240 at the start and mirrored at the end.
        for index in 0..<240 {
            let bound = amplitude * Double(index) / 240 + 1
            #expect(abs(Double(samples[index])) <= bound)
            #expect(abs(Double(samples[95_999 - index])) <= bound)
            #expect(abs(Double(samples[288_000 + index])) <= bound)
        }
    }

    @Test("a finite tone: 200 ms then read returns false with silence")
    func finite() {
        let source = CadencedToneSource(frequencies: [770, 1336], amplitude: 0.25, cadence: .once(.milliseconds(200)),
                                        sampleRate: 48_000)
        let (samples, results) = source.readAll(frames: 12, size: 960)
        #expect(results == Array(repeating: true, count: 10) + [false, false])
        #expect(samples[9600...].allSatisfy { $0 == 0 })
        #expect(source.isFinished)
        #expect(ToneAnalyzer.detectDTMF(Array(samples[0..<9600]), sampleRate: 48_000) == "5")
        // A read that reaches the end pads with silence and still reports audio.
        let odd = CadencedToneSource(frequencies: [1000], amplitude: 0.5, cadence: .once(.milliseconds(30)), sampleRate: 8000)
        let (tail, flags) = odd.readAll(frames: 3, size: 160)
        #expect(flags == [true, true, false])
        #expect(tail[240..<320].allSatisfy { $0 == 0 } && tail[0..<240].contains { $0 != 0 })
    }

    @Test("continuous: fades in, never ends, never fades out")
    func continuous() {
        let source = CadencedToneSource(frequencies: [350, 440], amplitude: 0.25, cadence: .continuous, sampleRate: 8000)
        let (samples, results) = source.readAll(frames: 600, size: 160)
        #expect(results.allSatisfy { $0 })
        #expect(samples[0] == 0)
        #expect(samples[(samples.count - 8000)...].contains { abs($0) > 10_000 })
        #expect(!source.isFinished)
    }

    @Test("stereo carries the same signal on both channels, boundaries counted in frames")
    func stereo() {
        let samples = Self.record(Self.ring(rate: 8000, channels: 2), seconds: 6.1)
        #expect(stride(from: 0, to: samples.count, by: 2).allSatisfy { samples[$0] == samples[$0 + 1] })
        #expect(samples[32_000..<96_000].allSatisfy { $0 == 0 })
        #expect(samples[96_002..<96_100].contains { $0 != 0 })
    }

    @Test("cadences of empty intervals: all empty ends at once, empty on intervals are silence")
    func emptyIntervals() {
        let empty = CadencedToneSource(frequencies: [440], amplitude: 0.5,
                                       cadence: CadencedToneSource.Cadence(intervals: [.zero, .zero], repeats: true))
        #expect(empty.isFinished)
        #expect(empty.readAll(frames: 1, size: 960).results == [false])
        let silent = CadencedToneSource(frequencies: [440], amplitude: 0.5,
                                        cadence: .repeating(on: .zero, off: .milliseconds(100)), sampleRate: 8000)
        let (samples, results) = silent.readAll(frames: 20, size: 160)
        #expect(results.allSatisfy { $0 } && samples.allSatisfy { $0 == 0 })
        let skipping = CadencedToneSource(frequencies: [440], amplitude: 0.5,
                                          cadence: CadencedToneSource.Cadence(intervals: [.zero, .milliseconds(10), .milliseconds(20)],
                                                                              repeats: false), sampleRate: 8000)
        let (tone, flags) = skipping.readAll(frames: 2, size: 240)
        #expect(flags == [true, false])
        #expect(tone[0..<80].allSatisfy { $0 == 0 } && tone[80..<240].contains { $0 != 0 })
    }

    @Test("durations round to the nearest sample; descriptions name the intervals")
    func durationsAndDescription() {
        #expect(CadencedToneSource.samples(in: .seconds(2), rate: 48_000) == 96_000)
        #expect(CadencedToneSource.samples(in: .microseconds(62), rate: 8000) == 0)
        #expect(CadencedToneSource.samples(in: .microseconds(63), rate: 8000) == 1)
        #expect(CadencedToneSource.samples(in: .seconds(-1), rate: 8000) == 0)
        #expect(CadencedToneSource.samples(in: .seconds(Int64.max), rate: 48_000) == Int.max)
        #expect(CadencedToneSource.Cadence.repeating(on: .seconds(2), off: .seconds(4)).description
                == "on 2.0 s, off 4.0 s, repeating")
        #expect(CadencedToneSource.Cadence.once(.milliseconds(200)).description == "on 0.2 s, once")
        #expect(CadencedToneSource.Cadence.continuous.description == "continuous")
    }
}
