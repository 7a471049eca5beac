import AudioProcessing
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
public final class EchoCancellerTaps: Sendable {
    /// The canceller.
    public let canceller: EchoCanceller

    private struct Aligner {
        var pending: [Int16] = []
        var ready: [Int16] = []
        var frame: [Int16]
    }

    private let aligner: Mutex<Aligner>

    /// Taps for `canceller` (mono, at its rate).
    public init(_ canceller: EchoCanceller) {
        self.canceller = canceller
        var state = Aligner(frame: [Int16](repeating: 0, count: canceller.frameSamples))
        state.pending.reserveCapacity(canceller.frameSamples * 4)
        // One frame of silence primes the output: cleaned samples come one frame late.
        state.ready = [Int16](repeating: 0, count: canceller.frameSamples)
        state.ready.reserveCapacity(canceller.frameSamples * 4)
        aligner = Mutex(state)
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
        let canceller = self.canceller
        aligner.withLock { state in
            state.pending.append(contentsOf: fragment)
            let size = canceller.frameSamples
            while state.pending.count >= size {
                for index in 0..<size { state.frame[index] = state.pending[index] }
                state.pending.removeFirst(size)
                state.frame.withUnsafeMutableBufferPointer { canceller.capture($0) }
                state.ready.append(contentsOf: state.frame)
            }
            let available = min(state.ready.count, fragment.count)
            for index in 0..<available { fragment[index] = state.ready[index] }
            for index in available..<fragment.count { fragment[index] = 0 }
            state.ready.removeFirst(available)
        }
    }
}
