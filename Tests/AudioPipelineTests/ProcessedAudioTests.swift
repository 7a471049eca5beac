import AudioPipeline
import Foundation
import StackCore
import Synchronization
import Testing

/// A source that plays a sample array in frames, then silence.
private final class ArraySource: AudioFrameSource {
    let sampleRate = 48_000
    let channels = 1
    private let samples: [Int16]
    private var position = 0

    init(_ samples: [Int16]) { self.samples = samples }

    func read(into frame: UnsafeMutableBufferPointer<Int16>) -> Bool {
        for index in frame.indices {
            frame[index] = position < samples.count ? samples[position] : 0
            position += 1
        }
        return position < samples.count
    }
}

private final class CountingSink: AudioFrameSink {
    let sampleRate = 48_000
    let channels = 1
    var frames = 0
    func write(_ frame: UnsafeBufferPointer<Int16>) { frames += 1 }
    func close() throws(AudioError) {}
}

@Suite struct ProcessedAudioTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Fixtures/audio").standardized

    static func fixture(_ name: String) throws -> [Int16] {
        try WAVFile.read(path: fixtures.appendingPathComponent(name).path).samples
    }

    /// Reads `frames` 20 ms frames; the frames read.
    static func pull(_ source: ProcessedAudioSource, frames: Int) -> [[Int16]] {
        var out: [[Int16]] = []
        var frame = [Int16](repeating: 0, count: 960)
        for _ in 0..<frames {
            _ = frame.withUnsafeMutableBufferPointer { source.read(into: $0) }
            out.append(frame)
        }
        return out
    }

    static func power(_ frames: ArraySlice<[Int16]>) -> Double {
        var sum = 0.0, count = 0
        for frame in frames { for sample in frame { sum += Double(sample) * Double(sample); count += 1 } }
        return sum / Double(max(count, 1))
    }

    @Test func muteSendsSilenceAndSpeechWhileMutedIsReportedOncePerBurst() throws {
        let speech = try Self.fixture("speech-clean.wav")
        let reports = Mutex(0)
        let controls = AudioCallControls(onSpeakingWhileMuted: { reports.withLock { $0 += 1 } })
        let source = ProcessedAudioSource(ArraySource(speech + speech), controls: controls)
        controls.isMuted = true
        let frames = Self.pull(source, frames: (speech.count * 2) / 960)
        #expect(frames.allSatisfy { $0.allSatisfy { $0 == 0 } })
        // Two utterances (the file twice): reported for each burst of speech, not per frame.
        #expect(controls.speakingOnMuteCount >= 2)
        #expect(controls.speakingOnMuteCount <= 8)
        #expect(reports.withLock { $0 } == controls.speakingOnMuteCount)
        #expect(controls.volume.inputVolume > 0)          // the meter still hears the microphone
    }

    @Test func unmutedSpeechPassesAndIsNeverReported() throws {
        let speech = try Self.fixture("speech-clean.wav")
        let controls = AudioCallControls()
        let source = ProcessedAudioSource(ArraySource(speech), controls: controls)
        let frames = Self.pull(source, frames: speech.count / 960)
        #expect(Array(frames.joined()) == Array(speech.prefix(frames.count * 960)))
        #expect(controls.speakingOnMuteCount == 0)
    }

    @Test func noiseReductionRunsOnlyWhileActive() throws {
        let noise = try Self.fixture("noise-white.wav")
        let controls = AudioCallControls()
        let source = ProcessedAudioSource(ArraySource(noise), controls: controls, noiseReduction: true)
        #expect(source.noiseSuppressor != nil)
        let half = noise.count / 960 / 2
        let before = Self.pull(source, frames: half)
        #expect(Array(before.joined()) == Array(noise.prefix(half * 960)))
        controls.isNoiseReductionActive = true
        let after = Self.pull(source, frames: half)
        let reduction = 10 * log10(Self.power(after.suffix(25)) / Self.power(before[...]))
        #expect(reduction < -10, "steady white noise only \(reduction) dB down")
        // Without enableNoiseReduction there is no suppressor, and starting it changes nothing.
        let plain = ProcessedAudioSource(ArraySource(noise), controls: controls, noiseReduction: false)
        #expect(plain.noiseSuppressor == nil)
        #expect(Array(Self.pull(plain, frames: 10).joined()) == Array(noise.prefix(9_600)))
    }

    @Test func levelsFollowTheSeedsScale() throws {
        let controls = AudioCallControls()
        let sink = CountingSink()
        let metered = MeteredAudioSink(sink, controls: controls)
        let silence = [Int16](repeating: 0, count: 960)
        silence.withUnsafeBufferPointer { metered.write($0) }
        #expect(controls.volume == AudioVolume(inputVolume: 0, outputVolume: 0))
        let tone = ToneSource(frequency: 1000, sampleRate: 48_000, amplitude: 1.0)
        var frame = [Int16](repeating: 0, count: 960)
        for _ in 0..<50 {
            _ = frame.withUnsafeMutableBufferPointer { tone.read(into: $0) }
            frame.withUnsafeBufferPointer { metered.write($0) }
        }
        #expect(sink.frames == 51)
        // A full-scale 1 kHz sine settles at 0.115 on Web Audio's −100…−30 dB scale.
        #expect(AudioVolume(inputVolume: 0, outputVolume: controls.volume.outputVolume).description
                == "volume {inputVolume: 0.000, outputVolume: 0.115}")
    }

    @Test func volumeEventsComeSixtyTimesASecondOnTheClock() async throws {
        let clock = TestClock()
        let controls = AudioCallControls()
        let events = VolumeEventSource(controls: controls, clock: clock)
        var iterator = events.events.makeAsyncIterator()
        var times: [Duration] = []
        for _ in 0..<60 {
            await clock.waitForPendingWork()
            let deadline = try #require(clock.nextDeadline)
            clock.advance(to: deadline)
            _ = await iterator.next()
            times.append(clock.now - StackInstant.zero)
        }
        #expect(times.first == .nanoseconds(16_666_667))
        #expect(times.last == .nanoseconds(16_666_667 * 60))
        events.stop()
        #expect(await iterator.next() == nil)
    }
}
