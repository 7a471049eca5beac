import AudioDevices

/// An ``AudioFrameSource`` that records from a PulseAudio source through a
/// ``PulseAudioCapture`` stream: each read takes what the stream captured (silence for what is
/// missing), never blocking.
public final class PulseAudioSource: AudioFrameSource {
    /// The stream frames are read from.
    public let capture: PulseAudioCapture

    /// A source over an open capture stream.
    public init(capture: PulseAudioCapture) {
        self.capture = capture
    }

    /// Samples per second per channel.
    public var sampleRate: Int { capture.sampleRate }
    /// Interleaved channels per frame.
    public var channels: Int { capture.channels }

    /// Fills `frame` with captured audio (silence where none arrived yet); false, with a
    /// silent frame, once the stream has failed or was closed.
    public func read(into frame: UnsafeMutableBufferPointer<Int16>) -> Bool {
        _ = capture.read(into: frame)
        return capture.state == .ready
    }

    /// Closes the stream. Idempotent.
    public func close() {
        capture.close()
    }
}
