/// A sink that discards everything and counts it: for calls nobody listens to, and for tests.
public final class NullAudioSink: AudioFrameSink {
    /// Samples per second per channel, as announced.
    public let sampleRate: Int
    /// Interleaved channels, as announced.
    public let channels: Int
    /// Frames written (calls to ``write(_:)``).
    public private(set) var frames = 0
    /// Samples written, all channels together.
    public private(set) var samples = 0
    /// Whether ``close()`` was called.
    public private(set) var isClosed = false

    /// A sink announcing `sampleRate` and `channels`.
    public init(sampleRate: Int = 48_000, channels: Int = 1) {
        self.sampleRate = sampleRate
        self.channels = channels
    }

    /// Counts the frame and drops it.
    public func write(_ frame: UnsafeBufferPointer<Int16>) {
        frames += 1
        samples += frame.count
    }

    /// Marks the sink closed; never fails.
    public func close() throws(AudioError) {
        isClosed = true
    }
}
