import Synchronization
import StackCore

/// Plays one ``CallTone`` at a time, in real time on an injected ``StackClock``, into a sink
/// the caller hands over: the connect tone, then the ringback, then DTMF feedback, as the SDK's
/// audio elements do (plivo-sdk-behaviour §5.5–5.6).
///
/// ``play(_:to:closingSink:)`` takes the tone's source from a ``CallToneLibrary`` in the
/// sink's format and starts an ``AudioFramePump``; it replaces whatever was playing. A disabled
/// tone plays nothing. A tone that ends by itself (a DTMF beep) clears ``playing``.
///
/// A `Sendable` class (its state behind a `Mutex`); the sink belongs to the pump from
/// ``play(_:to:closingSink:)`` on (see ``AudioFramePump`` for the confinement).
public final class CallTonePlayer: Sendable {
    private struct State {
        var pump: AudioFramePump?
        var tone: CallTone?
        /// Bumped by every play and stop, so that a finished pump clears only its own tone.
        var generation: UInt64 = 0
    }

    /// Where the tones come from.
    public let library: CallToneLibrary
    private let clock: any StackClock
    private let state = Mutex(State())

    /// How far ahead of real time a tone is written (its first frames go out at once): a
    /// device stream keeps playing through a stall of the writer this long (a busy machine),
    /// where a call's live audio could not afford the latency. 0 writes in step with the clock.
    public let lead: Duration

    /// A player of `library`'s tones, timed by `clock`, written `lead` ahead.
    public init(library: CallToneLibrary, clock: any StackClock = SystemClock.shared, lead: Duration = .milliseconds(240)) {
        self.lead = lead
        self.library = library
        self.clock = clock
    }

    /// The tone playing, if any.
    public var playing: CallTone? {
        state.withLock { $0.tone }
    }

    /// Stops what is playing and plays `tone` into `sink` (in the sink's rate and channels),
    /// from the clock's next deadline on. Returns false, playing nothing, when the tone is
    /// disabled in the library (or is a DTMF character that is no key). `closingSink` closes
    /// the sink when the tone stops or ends.
    @discardableResult
    public func play(_ tone: CallTone, to sink: sending any AudioFrameSink, closingSink: Bool = false) -> Bool {
        let generation = state.withLock { state -> UInt64 in
            state.generation &+= 1
            state.pump?.stop()
            state.pump = nil
            state.tone = nil
            return state.generation
        }
        guard let source = library.source(for: tone, sampleRate: sink.sampleRate, channels: sink.channels) else {
            if closingSink { try? sink.close() }
            return false
        }
        let pump: AudioFramePump
        do {
            pump = try AudioFramePump(source: source, sink: sink, clock: clock, closesSink: closingSink) { [weak self] in
                self?.finished(generation: generation)
            }
        } catch {
            return false
        }
        return state.withLock { state -> Bool in
            // A play or stop that came in meanwhile wins.
            guard state.generation == generation else { return false }
            state.pump = pump
            state.tone = tone
            pump.start(at: clock.now - lead)
            return true
        }
    }

    /// Stops what is playing; idempotent.
    public func stop() {
        state.withLock { state in
            state.generation &+= 1
            state.pump?.stop()
            state.pump = nil
            state.tone = nil
        }
    }

    /// The pump of play `generation` ran out of audio.
    private func finished(generation: UInt64) {
        state.withLock { state in
            guard state.generation == generation else { return }
            state.pump = nil
            state.tone = nil
        }
    }
}
