import Synchronization
import StackCore

/// Drives an ``AudioFrameSource`` into an ``AudioFrameSink`` in real time: one 20 ms frame at
/// each deadline of an injected ``StackClock``, until stopped or until the source ends.
///
/// Deadline-based, so it never drifts: frame `n` is read and written at `start + n · 20 ms`
/// (frame 0 at the start), whenever the previous one ran. A late clock catches up by running
/// the missed deadlines at once. When the source's ``AudioFrameSource/read(into:)`` returns
/// false, that frame is not written, the pump stops and `onFinished` is called once (never
/// after ``stop()``).
///
/// When the source and sink differ in rate or channels, an ``AudioRateConverter`` made at
/// creation converts each frame; otherwise frames are passed as read. The audio path allocates
/// nothing per frame (the frame buffers are made at creation); arming the next deadline is the
/// clock's own bookkeeping.
///
/// Confinement: the source and the sink are handed over (`sending`) and from then on touched
/// only by the pump, inside its lock: by the clock's work (a ``TestClock``'s `advance`, a
/// ``SystemClock``'s driver task) and by ``stop()`` when it closes the sink. So ``stop()``
/// returns only after a frame in progress is done, and after it returns the source and sink
/// are never touched again. The source and sink must not call the pump back (the lock is not
/// re-entrant); `onFinished` runs outside the lock and may.
public final class AudioFramePump: Sendable {
    /// The length of one frame: 20 ms.
    public static let frameDuration = Duration.milliseconds(20)

    private enum Phase {
        case idle
        case running(start: StackInstant, frame: Int64, work: ScheduledWorkID)
        case ended
    }

    private struct State {
        var phase = Phase.idle
        let source: any AudioFrameSource
        let sink: any AudioFrameSink
        let converter: AudioRateConverter?
        /// One frame as the source gives it, and (when converting) as the sink takes it.
        var input: [Int16]
        var output: [Int16]
        var framesWritten = 0
    }

    private let clock: any StackClock
    private let closesSink: Bool
    private let onFinished: @Sendable () -> Void
    private let state: Mutex<State>

    /// A stopped pump from `source` to `sink` on `clock`. `closesSink` closes the sink when the
    /// pump stops or the source ends (errors are dropped); `onFinished` is called once when the
    /// source ends.
    ///
    /// - Throws: ``AudioError/unsupportedFormat(_:)`` when the formats differ and cannot be
    ///   converted (rates the resampler refuses, more than two channels).
    public init(source: sending any AudioFrameSource, sink: sending any AudioFrameSink, clock: any StackClock,
                closesSink: Bool = false, onFinished: @escaping @Sendable () -> Void = {}) throws(AudioError) {
        let inputSamples = Self.samplesPerFrame(rate: source.sampleRate, channels: source.channels)
        var converter: AudioRateConverter?
        var outputSamples = 0
        if source.sampleRate != sink.sampleRate || source.channels != sink.channels {
            do {
                converter = try AudioRateConverter(
                    inputRate: source.sampleRate, inputChannels: source.channels,
                    outputRate: sink.sampleRate, outputChannels: sink.channels,
                    maximumFrameSamples: max(inputSamples / max(source.channels, 1), 1))
            } catch {
                throw .unsupportedFormat("cannot convert \(source.sampleRate) Hz × \(source.channels) to "
                                         + "\(sink.sampleRate) Hz × \(sink.channels): \(error)")
            }
            outputSamples = Self.samplesPerFrame(rate: sink.sampleRate, channels: sink.channels)
        }
        self.clock = clock
        self.closesSink = closesSink
        self.onFinished = onFinished
        state = Mutex(State(source: source, sink: sink, converter: converter,
                            input: [Int16](repeating: 0, count: inputSamples),
                            output: [Int16](repeating: 0, count: outputSamples)))
    }

    /// Samples (all channels) in one 20 ms frame at `rate`.
    static func samplesPerFrame(rate: Int, channels: Int) -> Int {
        max(rate / 50, 1) * max(channels, 1)
    }

    /// Whether the pump is running (started, not stopped, source not ended).
    public var isRunning: Bool {
        state.withLock { state in
            if case .running = state.phase { return true }
            return false
        }
    }

    /// Frames written to the sink so far.
    public var framesWritten: Int {
        state.withLock { $0.framesWritten }
    }

    /// Starts pumping: frame `n` at `start + n · 20 ms`, `start` being `at` or the clock's now.
    /// Does nothing unless the pump is new (a stopped or finished pump stays so).
    public func start(at start: StackInstant? = nil) {
        let begin = start ?? clock.now
        state.withLock { state in
            guard case .idle = state.phase else { return }
            let work = schedule(frame: 0, start: begin)
            state.phase = .running(start: begin, frame: 0, work: work)
        }
    }

    /// Stops pumping; idempotent. Waits for a frame in progress; closes the sink if the pump
    /// was made with `closesSink` (and had not closed it already). `onFinished` is not called.
    public func stop() {
        state.withLock { state in
            switch state.phase {
            case .running(_, _, let work):
                clock.cancelWork(work)
            case .idle:
                break
            case .ended:
                return
            }
            state.phase = .ended
            if closesSink { try? state.sink.close() }
        }
    }

    /// Arms frame `frame` on the clock (called with the lock held; the clock never calls back
    /// under its own lock, so the order is always pump, then clock).
    private func schedule(frame: Int64, start: StackInstant) -> ScheduledWorkID {
        let deadline = start.advanced(by: Self.frameDuration * frame)
        return clock.scheduleWork(at: deadline) { [self] in
            self.pump(frame: frame)
        }
    }

    /// Reads frame `frame`, writes it, arms the next; on the source's end, finishes.
    private func pump(frame: Int64) {
        let finished = state.withLock { state -> Bool in
            guard case .running(let start, let current, _) = state.phase, current == frame else { return false }
            let source = state.source, sink = state.sink
            let more = state.input.withUnsafeMutableBufferPointer { source.read(into: $0) }
            guard more else {
                state.phase = .ended
                if closesSink { try? sink.close() }
                return true
            }
            if let converter = state.converter {
                state.input.withUnsafeBufferPointer { input in
                    state.output.withUnsafeMutableBufferPointer { converter.convert(input, into: $0) }
                }
                state.output.withUnsafeBufferPointer { sink.write($0) }
            } else {
                state.input.withUnsafeBufferPointer { sink.write($0) }
            }
            state.framesWritten += 1
            let work = schedule(frame: frame + 1, start: start)
            state.phase = .running(start: start, frame: frame + 1, work: work)
            return false
        }
        if finished { onFinished() }
    }
}
