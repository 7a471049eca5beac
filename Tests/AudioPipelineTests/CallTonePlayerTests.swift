import Foundation
import StackCore
import Testing
@testable import AudioPipeline

/// ``CallTonePlayer``: tones into a recording sink, on a ``TestClock``.
@Suite struct CallTonePlayerTests {
    static func at(_ milliseconds: Int64) -> StackInstant { StackInstant(nanoseconds: milliseconds * 1_000_000) }

    /// The level in dBFS of the component at `frequency` in `samples[range]` (8 kHz).
    static func level(_ samples: [Int16], _ range: Range<Int>, _ frequency: Double, rate: Int = 8000) -> Double {
        10 * log10(ToneAnalyzer.goertzelPower(Array(samples[range]), sampleRate: rate, frequency: frequency))
    }

    @Test("ringback: 440 + 480 Hz for 2 s, then 4 s of silence, then again")
    func ringback() {
        let clock = TestClock()
        let player = CallTonePlayer(library: CallToneLibrary(), clock: clock, lead: .zero)
        let sink = RecordingAudioSink(sampleRate: 8000, clock: clock)
        #expect(player.play(.ringback, to: sink))
        #expect(player.playing == .ringback)
        clock.advance(to: Self.at(6000))
        #expect(sink.frames == 301)
        clock.advance(to: Self.at(8000))
        let samples = sink.samples
        #expect(samples.count == 401 * 160)
        for range in [0..<16_000, 48_000..<64_000] {
            let middle = (range.lowerBound + 4000)..<(range.lowerBound + 12_000)
            for frequency in [440.0, 480.0] {
                let level = Self.level(samples, middle, frequency)
                #expect(abs(level - -15) < 0.1, "\(frequency) Hz at \(range): \(level)")
            }
            #expect(Self.level(samples, middle, 1000) < -60)
        }
        #expect(samples[16_000..<48_000].allSatisfy { $0 == 0 })
        #expect(player.playing == .ringback)
    }

    @Test("by default a tone is written 240 ms ahead: 13 frames at once, then one per 20 ms")
    func leadAhead() {
        let clock = TestClock(now: StackInstant.zero.advanced(by: .seconds(10)))
        let player = CallTonePlayer(library: CallToneLibrary(), clock: clock)
        let sink = RecordingAudioSink(sampleRate: 8000, clock: clock)
        #expect(player.lead == .milliseconds(240))
        #expect(player.play(.ringback, to: sink))
        clock.advance(by: .zero)
        #expect(sink.frames == 13)        // frames 0…12: the 240 ms lead and the current one
        clock.advance(by: .milliseconds(20))
        #expect(sink.frames == 14)
    }

    @Test("connect: 350 + 440 Hz without a break")
    func connect() {
        let clock = TestClock()
        let player = CallTonePlayer(library: CallToneLibrary(), clock: clock, lead: .zero)
        let sink = RecordingAudioSink(sampleRate: 8000, clock: clock)
        player.play(.connect, to: sink)
        clock.advance(to: Self.at(5000))
        let samples = sink.samples
        for second in 0..<5 {
            let range = (second * 8000 + 400)..<((second + 1) * 8000)
            let slice = Array(samples[range])
            for frequency in [350.0, 440.0] {
                let level = 10 * log10(ToneAnalyzer.goertzelPower(slice, sampleRate: 8000, frequency: frequency))
                #expect(abs(level - -15) < 0.3, "\(frequency) Hz in second \(second): \(level)")
            }
        }
        // Never a pause: every 20 ms after the fade-in holds the beating pair near its peak.
        #expect(samples[400...].chunks(of: 160).allSatisfy { $0.contains { abs($0) > 12_000 } })
        player.stop()
        #expect(player.playing == nil)
    }

    @Test("dtmf 5: 770 + 1336 Hz for exactly 200 ms, then the player is idle")
    func dtmf() {
        let clock = TestClock()
        let player = CallTonePlayer(library: CallToneLibrary(), clock: clock, lead: .zero)
        let sink = RecordingAudioSink(sampleRate: 48_000, clock: clock)
        player.play(.dtmf("5"), to: sink)
        clock.advance(to: Self.at(180))
        #expect(sink.frames == 10 && player.playing == .dtmf("5"))
        clock.advance(to: Self.at(199))
        #expect(player.playing == .dtmf("5"))
        clock.advance(to: Self.at(200))
        #expect(sink.frames == 10 && player.playing == nil)
        #expect(clock.pendingWorkCount == 0)
        clock.advance(to: Self.at(1000))
        let samples = sink.samples
        #expect(samples.count == 9600)
        #expect(ToneAnalyzer.detectDTMF(samples, sampleRate: 48_000) == "5")
        for frequency in [770.0, 1336.0] {
            let level = Self.level(samples, 480..<9120, frequency, rate: 48_000)
            #expect(abs(level - -15) < 0.3, "\(frequency) Hz: \(level)")
        }
        #expect(Self.level(samples, 480..<9120, 697, rate: 48_000) < -40)
    }

    @Test("a WAV URL plays its samples, looped")
    func wavURL() async throws {
        let folder = TemporaryFolder()
        let path = try CallToneLibraryTests.write(CallToneLibraryTests.clipBytes, "ringback.wav", in: folder)
        let library = CallToneLibrary()
        #expect(await library.setRingToneBack(.url(path)).isSuccess)
        let clock = TestClock()
        let player = CallTonePlayer(library: library, clock: clock, lead: .zero)
        let sink = RecordingAudioSink(sampleRate: 8000, clock: clock)
        player.play(.ringback, to: sink)
        clock.advance(to: Self.at(480))
        let clip = CallToneLibraryTests.clipSamples
        #expect(sink.samples == clip + clip)
    }

    @Test("an unreadable URL: the error is returned and the default ringback plays")
    func unreadableURL() async {
        let library = CallToneLibrary()
        let result = await library.setRingToneBack(.url("/nonexistent/ringback.wav"))
        #expect(result.failure == .loadFailed(url: "/nonexistent/ringback.wav",
                                              .fileUnreadable("/nonexistent/ringback.wav", reason: "no such file")))
        let clock = TestClock()
        let player = CallTonePlayer(library: library, clock: clock, lead: .zero)
        let sink = RecordingAudioSink(sampleRate: 8000, clock: clock)
        player.play(.ringback, to: sink)
        clock.advance(to: Self.at(2000))
        #expect(abs(Self.level(sink.samples, 4000..<12_000, 440) - -15) < 0.1)
        #expect(abs(Self.level(sink.samples, 4000..<12_000, 480) - -15) < 0.1)
    }

    @Test("a disabled tone plays nothing, and stops what was playing")
    func disabled() async {
        let library = CallToneLibrary()
        await library.setRingTone(.disabled)
        let clock = TestClock()
        let player = CallTonePlayer(library: library, clock: clock, lead: .zero)
        let first = RecordingAudioSink(sampleRate: 8000, clock: clock)
        player.play(.connect, to: first)
        clock.advance(to: Self.at(100))
        let sink = RecordingAudioSink(sampleRate: 8000, clock: clock)
        #expect(!player.play(.ringtone, to: sink, closingSink: true))
        #expect(player.playing == nil && sink.closeCount == 1)
        clock.advance(to: Self.at(3000))
        #expect(sink.frames == 0 && first.frames == 6 && first.closeCount == 0)
        #expect(clock.pendingWorkCount == 0)
    }

    @Test("play replaces what is playing; stop is idempotent and closes only when asked")
    func replaceAndStop() {
        let clock = TestClock()
        let player = CallTonePlayer(library: CallToneLibrary(), clock: clock, lead: .zero)
        let connect = RecordingAudioSink(sampleRate: 8000, clock: clock)
        player.play(.connect, to: connect, closingSink: true)
        clock.advance(to: Self.at(100))
        let ringback = RecordingAudioSink(sampleRate: 8000, clock: clock)
        player.play(.ringback, to: ringback)
        #expect(connect.closeCount == 1 && player.playing == .ringback)
        clock.advance(to: Self.at(200))
        #expect(connect.frames == 6 && ringback.times.first == Self.at(100) && ringback.frames == 6)
        player.stop()
        player.stop()
        clock.advance(to: Self.at(1000))
        #expect(ringback.frames == 6 && ringback.closeCount == 0 && player.playing == nil)
        #expect(clock.pendingWorkCount == 0)
    }
}

extension ArraySlice {
    /// Consecutive pieces of `size` elements (the last may be shorter).
    func chunks(of size: Int) -> [ArraySlice<Element>] {
        stride(from: startIndex, to: endIndex, by: size).map { self[$0..<Swift.min($0 + size, endIndex)] }
    }
}
