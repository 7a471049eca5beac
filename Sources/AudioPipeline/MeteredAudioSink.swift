import AudioProcessing

/// The speaker as a call plays to it: frames pass to the wrapped sink after the output level
/// meter (the `volume` event's `outputVolume`). Non-Sendable: written on the media thread only.
public final class MeteredAudioSink: AudioFrameSink {
    /// The wrapped sink.
    public let sink: any AudioFrameSink
    /// The shared controls and meters.
    public let controls: AudioCallControls
    private var analyser = AudioLevelAnalyser()

    /// Wraps `sink`.
    public init(_ sink: any AudioFrameSink, controls: AudioCallControls) {
        self.sink = sink
        self.controls = controls
    }

    /// Samples per second per channel (the wrapped sink's).
    public var sampleRate: Int { sink.sampleRate }
    /// Interleaved channels (the wrapped sink's).
    public var channels: Int { sink.channels }

    /// Meters `frame` and passes it on.
    public func write(_ frame: UnsafeBufferPointer<Int16>) {
        controls.setOutputVolume(analyser.analyse(frame, channels: channels))
        sink.write(frame)
    }

    /// Closes the wrapped sink.
    public func close() throws(AudioError) {
        try sink.close()
    }
}
