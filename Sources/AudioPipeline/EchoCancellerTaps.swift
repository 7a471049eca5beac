import AudioProcessing
import StackCore
import Synchronization

/// An ``EchoCanceller`` placed where the sound server's clock is: its speaker side is the
/// playback stream's monitor (the samples as the server takes them) and its microphone side
/// the capture stream's processor (the samples as the server delivers them). Both run on the
/// streams' own threads, paced by the server, so the delay between a played sample and its
/// echo stays what the devices make it, whatever the call's own threads are doing.
///
/// The server delivers captured audio in fragments of its choosing; the canceller works on
/// fixed frames. The processor therefore gathers fragments into frames and hands back cleaned
/// samples one frame behind (a constant 20 ms of latency at the default frame size).
///
/// `@unchecked Sendable`: the alignment buffers are touched only while holding ``lock``.
public final class EchoCancellerTaps: @unchecked Sendable {
    /// The canceller.
    public let canceller: EchoCanceller

    private let lock = Mutex(())
    /// Captured samples waiting for a whole frame.
    private let pending: SampleRingBuffer
    /// Cleaned samples waiting to be handed back.
    private let ready: SampleRingBuffer
    /// One frame on its way through the canceller.
    private let frame: UnsafeMutableBufferPointer<Int16>

    /// Taps for `canceller` (mono, at its rate).
    public init(_ canceller: EchoCanceller) {
        self.canceller = canceller
        // A second of room each way: the server's fragments are 20 ms, a stall delivers a few.
        let room = max(canceller.sampleRate, canceller.frameSamples * 4)
        pending = SampleRingBuffer(capacity: room)
        ready = SampleRingBuffer(capacity: room)
        frame = .allocate(capacity: canceller.frameSamples)
        frame.initialize(repeating: 0)
        // One frame of silence primes the output: cleaned samples come one frame late.
        _ = ready.write(UnsafeBufferPointer(frame))
    }

    deinit {
        frame.deallocate()
    }

    /// The playback stream's monitor: the speaker's samples become the reference.
    public var monitor: @Sendable (UnsafeBufferPointer<Int16>) -> Void {
        { [canceller] samples in canceller.playback(samples) }
    }

    /// The capture stream's processor: the echo is removed from the fragment in place.
    public var processor: @Sendable (UnsafeMutableBufferPointer<Int16>) -> Void {
        { [self] fragment in process(fragment) }
    }

    private func process(_ fragment: UnsafeMutableBufferPointer<Int16>) {
        nonisolated(unsafe) let fragment = fragment
        nonisolated(unsafe) let (pending, ready, frame) = (self.pending, self.ready, self.frame)
        let canceller = self.canceller
        lock.withLock { _ in
            _ = pending.write(UnsafeBufferPointer(fragment))
            while pending.count >= canceller.frameSamples {
                _ = pending.read(into: frame)
                canceller.capture(frame)
                _ = ready.write(UnsafeBufferPointer(frame))
            }
            ready.readPadded(into: fragment)
        }
    }
}
