import AudioProcessing
import Synchronization

/// The live controls and meters of one call's audio, shared between the media thread (which
/// reads and writes them every frame, lock-free) and the application (mute, noise reduction,
/// volume events).
///
/// ```swift
/// let controls = AudioCallControls()
/// let mic = ProcessedAudioSource(microphone, controls: controls, noiseReduction: true)
/// let speaker = MeteredAudioSink(deviceSink, controls: controls)
/// controls.isMuted = true                     // the seed's mute()
/// controls.isNoiseReductionActive = true      // startNoiseReduction()
/// print(controls.volume)                      // {inputVolume, outputVolume}
/// ```
public final class AudioCallControls: Sendable {
    private let muted = Atomic<Bool>(false)
    private let noiseReduction = Atomic<Bool>(false)
    private let input = Atomic<UInt64>(0)
    private let output = Atomic<UInt64>(0)
    private let speakingOnMute = Atomic<Int>(0)
    private let speakingHandler: (@Sendable () -> Void)?

    /// Controls; `onSpeakingWhileMuted` is called (on the media thread: keep it short, e.g. a
    /// stream `yield`) each time speech starts on the microphone while muted.
    public init(onSpeakingWhileMuted: (@Sendable () -> Void)? = nil) {
        speakingHandler = onSpeakingWhileMuted
    }

    /// The seed's `mute()`/`unmute()`: while true, silence is sent instead of the microphone.
    public var isMuted: Bool {
        get { muted.load(ordering: .relaxed) }
        set { muted.store(newValue, ordering: .relaxed) }
    }

    /// The seed's `startNoiseReduction()`/`stopNoiseReduction()`: whether the microphone runs
    /// through the noise suppressor (when the source was made with one).
    public var isNoiseReductionActive: Bool {
        get { noiseReduction.load(ordering: .relaxed) }
        set { noiseReduction.store(newValue, ordering: .relaxed) }
    }

    /// The seed's `volume` event: the microphone's and the speaker's latest levels, 0…1
    /// (−100…−30 dB, Web Audio's analyser scale).
    public var volume: AudioVolume {
        AudioVolume(inputVolume: Double(bitPattern: input.load(ordering: .relaxed)),
                    outputVolume: Double(bitPattern: output.load(ordering: .relaxed)))
    }

    /// How many times speech started on the microphone while muted.
    public var speakingOnMuteCount: Int { speakingOnMute.load(ordering: .relaxed) }

    func setInputVolume(_ value: Double) { input.store(value.bitPattern, ordering: .relaxed) }
    func setOutputVolume(_ value: Double) { output.store(value.bitPattern, ordering: .relaxed) }

    func speakingWhileMuted() {
        speakingOnMute.add(1, ordering: .relaxed)
        speakingHandler?()
    }
}

/// The seed's `volume(audioStats)` payload: `{inputVolume, outputVolume}`, each 0…1.
public struct AudioVolume: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The microphone's level, 0…1.
    public var inputVolume: Double
    /// The speaker's level, 0…1.
    public var outputVolume: Double

    /// A payload.
    public init(inputVolume: Double, outputVolume: Double) {
        self.inputVolume = inputVolume
        self.outputVolume = outputVolume
    }

    /// `volume {inputVolume: 0.512, outputVolume: 0.000}`: three decimals, as the SDK's strings.
    public var description: String {
        "volume {inputVolume: \(AudioLevelAnalyser.volumeString(inputVolume)), "
            + "outputVolume: \(AudioLevelAnalyser.volumeString(outputVolume))}"
    }
}
