import AudioProcessing

/// The microphone as a call sends it: a source run through, in order, the preprocessor (noise
/// suppression while ``AudioCallControls/isNoiseReductionActive``, automatic gain control when
/// asked for), the input level meter (the `volume` event), the voice-activity detector
/// (speaking while muted), and the mute (silence out). Echo cancellation happens earlier, on
/// the device streams' clock (``EchoCancellerTaps``).
///
/// Processing needs mono frames of 20 ms (what ``AudioSendChain`` reads) at 8–48 kHz; other
/// frames pass unprocessed. Non-Sendable: read on the media thread only; the shared
/// ``AudioCallControls`` carry everything the application changes or reads.
public final class ProcessedAudioSource: AudioFrameSource {
    /// The wrapped source.
    public let source: any AudioFrameSource
    /// The shared controls and meters.
    public let controls: AudioCallControls
    /// The preprocessor, when made (`noiseReduction` or `automaticGain`, and a supported rate).
    public let noiseSuppressor: NoiseSuppressor?
    private var analyser = AudioLevelAnalyser()
    private var detector: VoiceActivityDetector
    private var reported = false

    /// Wraps `source`. With `noiseReduction` (the seed's `enableNoiseReduction`) or
    /// `automaticGain` (`audioConstraints.autoGainControl`) a preprocessor is made now for 20 ms
    /// frames; its denoiser runs only while the controls say so.
    public init(_ source: any AudioFrameSource, controls: AudioCallControls, noiseReduction: Bool = false,
                automaticGain: Bool = false) {
        self.source = source
        self.controls = controls
        detector = VoiceActivityDetector(sampleRate: source.sampleRate)
        let frameSamples = source.sampleRate / 50
        noiseSuppressor = (noiseReduction || automaticGain) && source.channels == 1
            ? try? NoiseSuppressor(sampleRate: source.sampleRate, frameSamples: frameSamples, automaticGain: automaticGain)
            : nil
    }

    /// Samples per second per channel (the wrapped source's).
    public var sampleRate: Int { source.sampleRate }
    /// Interleaved channels (the wrapped source's).
    public var channels: Int { source.channels }

    /// Reads the next frame and processes it; false when the wrapped source ended.
    public func read(into frame: UnsafeMutableBufferPointer<Int16>) -> Bool {
        let more = source.read(into: frame)
        if let noiseSuppressor, frame.count == noiseSuppressor.frameSamples {
            let denoise = controls.isNoiseReductionActive
            if denoise || noiseSuppressor.automaticGain {
                noiseSuppressor.denoises = denoise
                noiseSuppressor.process(frame)
            }
        }
        let samples = UnsafeBufferPointer(frame)
        controls.setInputVolume(analyser.analyse(samples, channels: channels))
        let speaking = detector.process(samples, channels: channels)
        if controls.isMuted {
            if speaking, !reported {
                reported = true
                controls.speakingWhileMuted()
            }
            for index in frame.indices { frame[index] = 0 }
        }
        if !speaking { reported = false }
        return more
    }
}
