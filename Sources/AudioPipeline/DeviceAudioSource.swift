/// A microphone for a call that outlives its device: an ``AudioFrameSource`` reading from
/// whichever ``AudioInputStream`` its ``AudioDeviceManager`` attached (and re-attaches after a
/// device switch or a sound-server restart), silence while none is attached or the stream
/// failed. It only ends when closed, so a call goes on through a dead sound server.
///
/// `read(into:)` runs on the media thread; attach/detach come from the manager; a lock guards
/// the swap (uncontended in the steady state, no allocation).
public final class DeviceAudioSource: AudioFrameSource, Sendable {
    /// Samples per second per channel (fixed; streams are opened at this rate).
    public let sampleRate: Int
    /// Interleaved channels.
    public let channels: Int
    private let slot = DeviceStreamSlot<any AudioInputStream>(isHealthy: { $0.isHealthy }, close: { $0.close() })

    /// What every attached stream runs its captured samples through (an echo canceller's
    /// capture side), or nil.
    public let processor: (@Sendable (UnsafeMutableBufferPointer<Int16>) -> Void)?

    /// A source at `sampleRate`/`channels`, initially silent; every stream attached later runs
    /// `processor` on its samples as they arrive.
    public init(sampleRate: Int = 48_000, channels: Int = 1,
                processor: (@Sendable (UnsafeMutableBufferPointer<Int16>) -> Void)? = nil) {
        self.sampleRate = max(sampleRate, 1)
        self.channels = max(channels, 1)
        self.processor = processor
    }

    /// Fills `frame` from the attached stream (silence when none is attached or it failed);
    /// false only after ``close()``.
    public func read(into frame: UnsafeMutableBufferPointer<Int16>) -> Bool {
        slot.use { stream, closed in
            if let stream {
                _ = stream.read(into: frame)
                return true
            }
            for index in frame.indices { frame[index] = 0 }
            return !closed
        }
    }

    /// Whether a healthy stream is attached.
    public var isAttached: Bool { slot.isAttached }
    /// Frames filled with silence because no healthy stream was attached.
    public var silentFrames: Int { slot.misses }
    /// Whether ``close()`` was called.
    public var isClosed: Bool { slot.isClosed }

    /// Replaces the stream (closing the old one); nil detaches. A closed source closes the new
    /// stream at once.
    public func attach(_ stream: (any AudioInputStream)?) {
        if let processor { stream?.setProcessor(processor) }
        slot.attach(stream)
    }

    /// Ends the source and closes its stream. Idempotent.
    public func close() { slot.close() }
}
