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

    /// A source at `sampleRate`/`channels`, initially silent.
    public init(sampleRate: Int = 48_000, channels: Int = 1) {
        self.sampleRate = max(sampleRate, 1)
        self.channels = max(channels, 1)
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
    public func attach(_ stream: (any AudioInputStream)?) { slot.attach(stream) }

    /// Ends the source and closes its stream. Idempotent.
    public func close() { slot.close() }
}
