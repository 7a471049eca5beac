import AudioProcessing

/// The speaker as a call plays to it: frames pass to the wrapped sink after the output level
/// meter (the `volume` event's `outputVolume`) and, when given, go to the echo canceller as
/// the reference for the microphone side. Non-Sendable: written on the media thread only.
public final class MeteredAudioSink: AudioFrameSink {
    /// The wrapped sink.
    public let sink: any AudioFrameSink
    /// The shared controls and meters.
    public let controls: AudioCallControls
    /// The echo canceller fed with what is played (mono at its rate only).
    public let echoCanceller: EchoCanceller?
    private var analyser = AudioLevelAnalyser()

    /// Wraps `sink`; what it plays is also handed to `echoCanceller` when the rates match.
    public init(_ sink: any AudioFrameSink, controls: AudioCallControls, echoCanceller: EchoCanceller? = nil) {
        self.sink = sink
        self.controls = controls
        self.echoCanceller = sink.channels == 1 && echoCanceller?.sampleRate == sink.sampleRate ? echoCanceller : nil
    }

    /// Samples per second per channel (the wrapped sink's).
    public var sampleRate: Int { sink.sampleRate }
    /// Interleaved channels (the wrapped sink's).
    public var channels: Int { sink.channels }

    /// Meters `frame` and passes it on.
    public func write(_ frame: UnsafeBufferPointer<Int16>) {
        controls.setOutputVolume(analyser.analyse(frame, channels: channels))
        echoCanceller?.playback(frame)
        sink.write(frame)
    }

    /// Closes the wrapped sink.
    public func close() throws(AudioError) {
        try sink.close()
    }
}
