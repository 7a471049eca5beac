import Foundation
import StackCore
import Synchronization
import Testing
@testable import AudioPipeline

/// A sink that keeps every frame and the clock time it was written at (Sendable: it can be
/// handed to a pump or a player and read by the test).
final class RecordingAudioSink: AudioFrameSink, Sendable {
    private struct Record {
        var samples: [Int16] = []
        var times: [StackInstant] = []
        var frameSizes: [Int] = []
        var closed = 0
    }

    let sampleRate: Int
    let channels: Int
    private let clock: any StackClock
    private let record = Mutex(Record())

    init(sampleRate: Int = 48_000, channels: Int = 1, clock: any StackClock) {
        self.sampleRate = sampleRate
        self.channels = channels
        self.clock = clock
    }

    func write(_ frame: UnsafeBufferPointer<Int16>) {
        let now = clock.now
        record.withLock {
            $0.samples += frame
            $0.times.append(now)
            $0.frameSizes.append(frame.count)
        }
    }

    func close() throws(AudioError) {
        record.withLock { $0.closed += 1 }
    }

    var samples: [Int16] { record.withLock { $0.samples } }
    var times: [StackInstant] { record.withLock { $0.times } }
    var frameSizes: [Int] { record.withLock { $0.frameSizes } }
    var frames: Int { record.withLock { $0.times.count } }
    var closeCount: Int { record.withLock { $0.closed } }
}

/// A thread-safe counter for callbacks.
final class CallCounter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

/// ``AudioFramePump``: exact frame counts at exact times on a ``TestClock``.
@Suite struct AudioFramePumpTests {
    static func milliseconds(_ value: Int64) -> StackInstant { StackInstant(nanoseconds: value * 1_000_000) }

    @Test("one 20 ms frame per deadline: frame n at start + n·20 ms, the first at the start")
    func deadlines() throws {
        let clock = TestClock()
        let sink = RecordingAudioSink(clock: clock)
        let pump = try AudioFramePump(source: ToneSource(frequency: 440), sink: sink, clock: clock)
        pump.start()
        #expect(sink.frames == 0)
        clock.advance(by: .zero)
        #expect(sink.frames == 1 && sink.times == [.zero])
        clock.advance(by: .milliseconds(19))
        #expect(sink.frames == 1)
        clock.advance(by: .milliseconds(1))
        #expect(sink.frames == 2)
        clock.advance(to: Self.milliseconds(1000))
        #expect(sink.frames == 51)
        #expect(sink.times == (0...50).map { Self.milliseconds(Int64($0) * 20) })
        #expect(sink.frameSizes.allSatisfy { $0 == 960 })
        #expect(pump.framesWritten == 51 && pump.isRunning)
        #expect(clock.pendingWorkCount == 1 && clock.nextDeadline == Self.milliseconds(1020))
    }

    @Test("no drift: uneven advances and late starts keep every frame on its deadline")
    func noDrift() throws {
        let clock = TestClock(now: Self.milliseconds(5))
        let sink = RecordingAudioSink(sampleRate: 8000, clock: clock)
        let pump = try AudioFramePump(source: ToneSource(frequency: 440, sampleRate: 8000), sink: sink, clock: clock)
        pump.start()
        var elapsed: Int64 = 5
        for step in [7, 13, 1, 0, 333, 19, 21, 999, 2, 600] as [Int64] {
            clock.advance(by: .milliseconds(step))
            elapsed += step
            #expect(sink.frames == Int((elapsed - 5) / 20) + 1, "at \(elapsed) ms")
        }
        #expect(sink.times == (0..<sink.frames).map { Self.milliseconds(5 + Int64($0) * 20) })
        // The samples are the source's, frame after frame.
        let reference = ToneSource(frequency: 440, sampleRate: 8000).readAll(frames: sink.frames, size: 160).samples
        #expect(sink.samples == reference)
    }

    @Test("start(at:) waits for its start; a second start does nothing")
    func startAt() throws {
        let clock = TestClock()
        let sink = RecordingAudioSink(clock: clock)
        let pump = try AudioFramePump(source: ToneSource(frequency: 440), sink: sink, clock: clock)
        pump.start(at: Self.milliseconds(100))
        pump.start()
        clock.advance(to: Self.milliseconds(99))
        #expect(sink.frames == 0)
        clock.advance(to: Self.milliseconds(160))
        #expect(sink.times == [100, 120, 140, 160].map { Self.milliseconds($0) })
    }

    @Test("stop: no frame after it, idempotent, the sink left open unless asked, no restart")
    func stop() throws {
        let clock = TestClock()
        let sink = RecordingAudioSink(clock: clock)
        let finished = CallCounter()
        let pump = try AudioFramePump(source: ToneSource(frequency: 440), sink: sink, clock: clock,
                                      onFinished: { finished.increment() })
        pump.start()
        clock.advance(to: Self.milliseconds(100))
        pump.stop()
        pump.stop()
        #expect(clock.pendingWorkCount == 0 && !pump.isRunning)
        clock.advance(to: Self.milliseconds(1000))
        #expect(sink.frames == 6 && sink.closeCount == 0 && finished.value == 0)
        pump.start()
        clock.advance(to: Self.milliseconds(2000))
        #expect(sink.frames == 6)

        let closing = RecordingAudioSink(clock: clock)
        let other = try AudioFramePump(source: ToneSource(frequency: 440), sink: closing, clock: clock, closesSink: true)
        other.stop()
        other.stop()
        #expect(closing.closeCount == 1)
    }

    @Test("a source that ends: its last frame written, onFinished called once at the next deadline")
    func finiteSource() throws {
        let clock = TestClock()
        let sink = RecordingAudioSink(clock: clock)
        let finished = CallCounter()
        let source = CadencedToneSource(frequencies: [770, 1336], amplitude: 0.25, cadence: .once(.milliseconds(200)))
        let pump = try AudioFramePump(source: source, sink: sink, clock: clock, closesSink: true,
                                      onFinished: { finished.increment() })
        pump.start()
        clock.advance(to: Self.milliseconds(199))
        #expect(sink.frames == 10 && finished.value == 0 && pump.isRunning)
        clock.advance(to: Self.milliseconds(200))
        #expect(sink.frames == 10 && finished.value == 1 && !pump.isRunning)
        #expect(clock.pendingWorkCount == 0 && sink.closeCount == 1)
        clock.advance(to: Self.milliseconds(1000))
        pump.stop()
        #expect(finished.value == 1 && sink.closeCount == 1)
        #expect(ToneAnalyzer.detectDTMF(sink.samples, sampleRate: 48_000) == "5")
    }

    @Test("a source in another format is converted frame by frame (8 kHz mono → 48 kHz stereo)")
    func conversion() throws {
        let clock = TestClock()
        let sink = RecordingAudioSink(sampleRate: 48_000, channels: 2, clock: clock)
        let pump = try AudioFramePump(source: ToneSource(frequency: 1000, sampleRate: 8000), sink: sink, clock: clock)
        pump.start()
        clock.advance(to: Self.milliseconds(980))
        #expect(sink.frames == 50 && sink.frameSizes.allSatisfy { $0 == 1920 })
        let analysis = ToneAnalyzer.analyze(sink.samples, sampleRate: 48_000, channels: 2)
        #expect(abs(analysis.dominantFrequency - 1000) <= 1, "\(analysis)")
    }

    @Test("formats that cannot be converted are an error")
    func unconvertible() {
        let clock = TestClock()
        #expect(throws: AudioError.self) {
            _ = try AudioFramePump(source: ToneSource(frequency: 440, channels: 3),
                                   sink: RecordingAudioSink(clock: clock), clock: clock)
        }
    }
}
