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
    private let slot = DeviceStreamSlot<any AudioOutputStream>(isHealthy: { $0.isHealthy }, close: { $0.close() })

    /// What every attached stream hands the samples it plays (an echo canceller's reference),
    /// or nil.
    public let monitor: (@Sendable (UnsafeBufferPointer<Int16>) -> Void)?

    /// A sink at `sampleRate`/`channels` for `role`, initially a null device; every stream
    /// attached later reports what it plays to `monitor`.
    public init(role: AudioDeviceRole = .speaker, sampleRate: Int = 48_000, channels: Int = 1,
                monitor: (@Sendable (UnsafeBufferPointer<Int16>) -> Void)? = nil) {
        self.role = role
        self.sampleRate = max(sampleRate, 1)
        self.channels = max(channels, 1)
        self.monitor = monitor
    }

    /// Queues `frame` on the attached stream, or drops it.
    public func write(_ frame: UnsafeBufferPointer<Int16>) {
        slot.use { stream, _ in stream?.write(frame) }
    }

    /// Whether a healthy stream is attached.
    public var isAttached: Bool { slot.isAttached }
    /// Frames dropped because no healthy stream was attached.
    public var droppedFrames: Int { slot.misses }
    /// Whether ``close()`` was called.
    public var isClosed: Bool { slot.isClosed }

    /// Replaces the stream (closing the old one); nil detaches.
    public func attach(_ stream: (any AudioOutputStream)?) {
        if let monitor { stream?.setMonitor(monitor) }
        slot.attach(stream)
    }

    /// Closes the attached stream; later writes are dropped. Never throws (device trouble is
    /// reported by the manager's events, not here). Idempotent.
    public func close() throws(AudioError) { slot.close() }
}
