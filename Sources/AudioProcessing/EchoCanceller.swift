import CSpeexDSP
import StackCore
import Synchronization

/// An acoustic echo canceller for mono 16-bit audio (libspeexdsp's multidelay adaptive
/// filter): what the speaker played is subtracted, as it comes back through the room, from
/// what the microphone hears.
///
/// The speaker side hands every frame it plays to ``playback(_:)``; the microphone side runs
/// every captured frame through ``capture(_:)``, which removes the echo in place. The two sides
/// may run on different threads and with different frame sizes: played samples wait in a
/// bounded FIFO (``maximumQueuedMilliseconds``; the oldest are dropped beyond it) and each
/// captured frame takes as many as it has samples, silence when too few were played (no
/// echo to remove). The filter covers echoes up to ``tailMilliseconds`` after the reference.
///
/// Owns one `SpeexEchoState` and its buffers, freed in `deinit`; every use of them holds one
/// lock (hence `@unchecked Sendable`: the buffers are raw memory touched only under it).
public final class EchoCanceller: @unchecked Sendable {
    /// Sample rate in Hz, 8000…48000, of both sides.
    public let sampleRate: Int
    /// Samples per captured frame (5…40 ms): ``capture(_:)`` cancels frames of exactly this size.
    public let frameSamples: Int
    /// The longest echo path the filter models, in milliseconds.
    public let tailMilliseconds: Int
    /// The most played audio kept waiting for the microphone side, in milliseconds.
    public static let maximumQueuedMilliseconds = 200

    /// The lock, guarding the count of played samples dropped.
    private let state = Mutex(0)
    /// What the speaker played and the microphone side has not used yet.
    private let played: SampleRingBuffer
    private let echo: OpaquePointer
    private let reference: UnsafeMutablePointer<Int16>
    private let output: UnsafeMutablePointer<Int16>

    /// A canceller for `frameSamples`-sample mono frames at `sampleRate` with a `tailMilliseconds`
    /// filter (default 200 ms: a room and a sound card's buffering).
    ///
    /// - Throws: `.invalidParameter` for a value out of range; `.libraryCallFailed` when
    ///   `speex_echo_state_init` fails.
    public init(sampleRate: Int, frameSamples: Int, tailMilliseconds: Int = 200) throws(AudioProcessingError) {
        try NoiseSuppressor.checkFrame(sampleRate: sampleRate, frameSamples: frameSamples)
        guard (20...1000).contains(tailMilliseconds) else {
            throw .invalidParameter(name: "tailMilliseconds", reason: "\(tailMilliseconds) is not in 20…1000")
        }
        let tail = sampleRate * tailMilliseconds / 1000
        guard let echo = speex_echo_state_init(Int32(frameSamples), Int32(tail)) else {
            throw .libraryCallFailed(call: "speex_echo_state_init")
        }
        var rate = Int32(sampleRate)
        guard speex_echo_ctl(echo, SPEEX_ECHO_SET_SAMPLING_RATE, &rate) == 0 else {
            speex_echo_state_destroy(echo)
            throw .libraryCallFailed(call: "speex_echo_ctl(SET_SAMPLING_RATE)")
        }
        self.echo = echo
        self.sampleRate = sampleRate
        self.frameSamples = frameSamples
        self.tailMilliseconds = tailMilliseconds
        played = SampleRingBuffer(capacity: sampleRate * Self.maximumQueuedMilliseconds / 1000)
        reference = .allocate(capacity: frameSamples)
        reference.initialize(repeating: 0, count: frameSamples)
        output = .allocate(capacity: frameSamples)
        output.initialize(repeating: 0, count: frameSamples)
    }

    deinit {
        speex_echo_state_destroy(echo)
        reference.deallocate()
        output.deallocate()
    }

    /// Played samples dropped so far because the microphone side fell behind.
    public var droppedSamples: Int { state.withLock { $0 } }

    /// Queues what the speaker plays (mono samples at ``sampleRate``, any frame size).
    public func playback(_ frame: UnsafeBufferPointer<Int16>) {
        nonisolated(unsafe) let frame = frame
        state.withLock { dropped in dropped += played.write(frame) }
    }

    /// Removes the echo from one microphone frame in place. A frame whose count is not
    /// ``frameSamples`` is left as it is.
    public func capture(_ frame: UnsafeMutableBufferPointer<Int16>) {
        guard frame.count == frameSamples, let microphone = frame.baseAddress else { return }
        // The frame and the buffers are used only inside the lock and not kept.
        nonisolated(unsafe) let near = microphone
        nonisolated(unsafe) let (reference, output, echo, played) = (self.reference, self.output, self.echo, self.played)
        let frameSamples = self.frameSamples
        state.withLock { _ in
            // What was played since the last frame is the reference (silence when nothing was).
            played.readPadded(into: UnsafeMutableBufferPointer(start: reference, count: frameSamples))
            speex_echo_cancellation(echo, near, reference, output)
            near.update(from: output, count: frameSamples)
        }
    }
}
