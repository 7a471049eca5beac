import Synchronization

/// A microphone for a call that outlives its device: an ``AudioFrameSource`` reading from
/// whichever ``AudioInputStream`` its ``AudioDeviceManager`` attached (and re-attaches after a
/// device switch or a sound-server restart), silence while none is attached or the stream
/// failed. It only ends when closed, so a call goes on through a dead sound server.
///
/// `read(into:)` runs on the media thread; attach/detach come from the manager; a `Mutex`
/// guards the swap (uncontended in the steady state, no allocation).
public final class DeviceAudioSource: AudioFrameSource, Sendable {
    /// Samples per second per channel (fixed; streams are opened at this rate).
    public let sampleRate: Int
    /// Interleaved channels.
    public let channels: Int
    private let state = Mutex<State>(State())

    private struct State {
        var stream: (any AudioInputStream)?
        var closed = false
        var silentFrames = 0
    }

    /// A source at `sampleRate`/`channels`, initially silent.
    public init(sampleRate: Int = 48_000, channels: Int = 1) {
        self.sampleRate = max(sampleRate, 1)
        self.channels = max(channels, 1)
    }

    /// Fills `frame` from the attached stream (silence when none is attached or it failed);
    /// false only after ``close()``.
    public func read(into frame: UnsafeMutableBufferPointer<Int16>) -> Bool {
        state.withLock { state in
            if let stream = state.stream, stream.isHealthy, !state.closed {
                _ = stream.read(into: frame)
                return true
            }
            for index in frame.indices { frame[index] = 0 }
            state.silentFrames += 1
            return !state.closed
        }
    }

    /// Whether a healthy stream is attached.
    public var isAttached: Bool {
        state.withLock { $0.stream?.isHealthy ?? false }
    }

    /// Frames filled with silence because no healthy stream was attached.
    public var silentFrames: Int {
        state.withLock { $0.silentFrames }
    }

    /// Whether ``close()`` was called.
    public var isClosed: Bool {
        state.withLock { $0.closed }
    }

    /// Replaces the stream (closing the old one); nil detaches. A closed source closes the new
    /// stream at once.
    public func attach(_ stream: (any AudioInputStream)?) {
        let (old, rejected): ((any AudioInputStream)?, (any AudioInputStream)?) = state.withLock { state in
            if state.closed { return (nil, stream) }
            let old = state.stream
            state.stream = stream
            return (old, nil)
        }
        old?.close()
        rejected?.close()
    }

    /// Ends the source and closes its stream. Idempotent.
    public func close() {
        let old: (any AudioInputStream)? = state.withLock { state in
            state.closed = true
            defer { state.stream = nil }
            return state.stream
        }
        old?.close()
    }
}
