import AudioDevices

/// An ``AudioFrameSink`` that plays to a PulseAudio sink through a ``PulseAudioPlayback``
/// stream: each frame goes into the stream's ring buffer (never blocking).
public final class PulseAudioSink: AudioFrameSink {
    /// The stream frames are written to.
    public let playback: PulseAudioPlayback

    /// A sink over an open playback stream (closed by ``close()``).
    public init(playback: PulseAudioPlayback) {
        self.playback = playback
    }

    /// Samples per second per channel.
    public var sampleRate: Int { playback.sampleRate }
    /// Interleaved channels per frame.
    public var channels: Int { playback.channels }

    /// Queues one frame for playback.
    public func write(_ frame: UnsafeBufferPointer<Int16>) {
        playback.write(frame)
    }

    /// Closes the stream. Device trouble is not an `AudioError` (it is no file's): read
    /// ``PulseAudioPlayback/state`` for it, so this never throws.
    public func close() throws(AudioError) {
        playback.close()
    }
}
