/// Writes every frame to two sinks (e.g. a sound device and a recording). Both must have the
/// same rate and channel count; the first one's are reported.
public final class TeeAudioSink: AudioFrameSink {
    private let first: any AudioFrameSink
    private let second: any AudioFrameSink

    /// Creates a tee of `first` and `second`.
    public init(_ first: any AudioFrameSink, _ second: any AudioFrameSink) {
        self.first = first
        self.second = second
    }

    /// The first sink's rate.
    public var sampleRate: Int { first.sampleRate }
    /// The first sink's channel count.
    public var channels: Int { first.channels }

    /// Writes the frame to both sinks.
    public func write(_ frame: UnsafeBufferPointer<Int16>) {
        first.write(frame)
        second.write(frame)
    }

    /// Closes both sinks; the first error is thrown after both were closed.
    public func close() throws(AudioError) {
        var failure: AudioError?
        do { try first.close() } catch { failure = error }
        do { try second.close() } catch { failure = failure ?? error }
        if let failure { throw failure }
    }
}
