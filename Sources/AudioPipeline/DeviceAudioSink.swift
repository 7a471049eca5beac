import Synchronization

/// A speaker (or ringtone output) for a call that outlives its device: an ``AudioFrameSink``
/// writing to whichever ``AudioOutputStream`` its ``AudioDeviceManager`` attached, dropping
/// frames while none is attached or the stream failed (a null device), never failing the call.
public final class DeviceAudioSink: AudioFrameSink, Sendable {
    /// Samples per second per channel (fixed; streams are opened at this rate).
    public let sampleRate: Int
    /// Interleaved channels.
    public let channels: Int
    /// Which device choice this output follows (speaker or ringtone).
    public let role: AudioDeviceRole
    private let state = Mutex<State>(State())

    private struct State {
        var stream: (any AudioOutputStream)?
        var closed = false
        var droppedFrames = 0
    }

    /// A sink at `sampleRate`/`channels` for `role`, initially a null device.
    public init(role: AudioDeviceRole = .speaker, sampleRate: Int = 48_000, channels: Int = 1) {
        self.role = role
        self.sampleRate = max(sampleRate, 1)
        self.channels = max(channels, 1)
    }

    /// Queues `frame` on the attached stream, or drops it.
    public func write(_ frame: UnsafeBufferPointer<Int16>) {
        state.withLock { state in
            if let stream = state.stream, stream.isHealthy, !state.closed {
                stream.write(frame)
            } else {
                state.droppedFrames += 1
            }
        }
    }

    /// Whether a healthy stream is attached.
    public var isAttached: Bool {
        state.withLock { $0.stream?.isHealthy ?? false }
    }

    /// Frames dropped because no healthy stream was attached.
    public var droppedFrames: Int {
        state.withLock { $0.droppedFrames }
    }

    /// Whether ``close()`` was called.
    public var isClosed: Bool {
        state.withLock { $0.closed }
    }

    /// Replaces the stream (closing the old one); nil detaches.
    public func attach(_ stream: (any AudioOutputStream)?) {
        let (old, rejected): ((any AudioOutputStream)?, (any AudioOutputStream)?) = state.withLock { state in
            if state.closed { return (nil, stream) }
            let old = state.stream
            state.stream = stream
            return (old, nil)
        }
        old?.close()
        rejected?.close()
    }

    /// Closes the attached stream; later writes are dropped. Never throws (device trouble is
    /// reported by the manager's events, not here). Idempotent.
    public func close() throws(AudioError) {
        let old: (any AudioOutputStream)? = state.withLock { state in
            state.closed = true
            defer { state.stream = nil }
            return state.stream
        }
        old?.close()
    }
}
