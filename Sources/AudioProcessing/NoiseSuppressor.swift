import CSpeexDSP

/// A noise suppressor for mono 16-bit microphone audio (libspeexdsp's preprocessor).
///
/// The denoiser is on (``denoises``), automatic gain control only when asked for
/// (`automaticGain`, the browser's `autoGainControl`); voice activity detection and
/// dereverberation are off. The filter adapts its noise estimate from the frames it is given, so feed one
/// continuous stream, frame after frame, with `frameSamples` samples each. The output lags the
/// input by one frame (libspeexdsp's weighted overlap-add). Docs/noise-reduction.md gives the
/// measured effect.
///
/// Owns one `SpeexPreprocessState`, freed in `deinit`. Not `Sendable`: confine it to the thread
/// that runs the capture path. `process` never allocates.
public final class NoiseSuppressor {
    /// Sample rate in Hz, 8000…48000.
    public let sampleRate: Int
    /// Samples per frame, 5…40 ms at `sampleRate`; `process` handles frames of exactly this size.
    public let frameSamples: Int

    /// The largest attenuation of noise, in dB (negative): −100…−1, default −30.
    ///
    /// Setting it applies at the next frame (`SPEEX_PREPROCESS_SET_NOISE_SUPPRESS`); a value
    /// outside −100…−1 is clamped into that range.
    public var suppressionDecibels: Int {
        get { suppression }
        set {
            suppression = Self.suppressionRange.clamped(newValue)
            var value = Int32(suppression)
            // The request is valid and the state exists, so libspeexdsp returns 0 here.
            _ = speex_preprocess_ctl(state, SPEEX_PREPROCESS_SET_NOISE_SUPPRESS, &value)
        }
    }

    /// The sample rates accepted, in Hz.
    public static let sampleRateRange: ClosedRange<Int> = 8000...48000
    /// The suppression levels accepted, in dB.
    public static let suppressionRange: ClosedRange<Int> = -100...(-1)

    /// Whether automatic gain control is on (fixed at creation).
    public let automaticGain: Bool
    /// The speech level automatic gain control aims at: 8000 (about −12 dBFS, libspeexdsp's
    /// own default).
    public static let automaticGainLevel = 8000
    /// The most gain automatic gain control applies, in dB.
    public static let automaticGainMaximumDecibels = 30

    /// Whether the denoiser runs (default true). Turning it off leaves automatic gain
    /// control working; applies at the next frame (`SPEEX_PREPROCESS_SET_DENOISE`).
    public var denoises: Bool = true {
        didSet {
            guard denoises != oldValue else { return }
            var value: Int32 = denoises ? 1 : 0
            _ = speex_preprocess_ctl(state, SPEEX_PREPROCESS_SET_DENOISE, &value)
        }
    }

    private var suppression: Int
    private let state: OpaquePointer

    /// Creates a suppressor for frames of `frameSamples` mono samples at `sampleRate`.
    ///
    /// - Parameters:
    ///   - sampleRate: 8000…48000 Hz.
    ///   - frameSamples: samples per frame, 5…40 ms at `sampleRate` (e.g. 960 for 20 ms at 48 kHz).
    ///   - suppressionDecibels: the largest attenuation of noise, −100…−1 dB.
    ///   - automaticGain: level the speech towards ``automaticGainLevel`` (at most
    ///     ``automaticGainMaximumDecibels`` of gain).
    /// - Throws: `.invalidParameter` for a value out of range; `.libraryCallFailed` when
    ///   `speex_preprocess_state_init` or a `speex_preprocess_ctl` call fails.
    public init(sampleRate: Int, frameSamples: Int, suppressionDecibels: Int = -30,
                automaticGain: Bool = false) throws(AudioProcessingError) {
        try Self.checkFrame(sampleRate: sampleRate, frameSamples: frameSamples)
        guard Self.suppressionRange.contains(suppressionDecibels) else {
            throw .invalidParameter(name: "suppressionDecibels", reason: "\(suppressionDecibels) is not in −100…−1")
        }
        guard let created = speex_preprocess_state_init(Int32(frameSamples), Int32(sampleRate)) else {
            throw .libraryCallFailed(call: "speex_preprocess_state_init")
        }
        state = created
        self.sampleRate = sampleRate
        self.frameSamples = frameSamples
        suppression = suppressionDecibels
        self.automaticGain = automaticGain
        try set(SPEEX_PREPROCESS_SET_DENOISE, 1, "speex_preprocess_ctl(SET_DENOISE)")
        try set(SPEEX_PREPROCESS_SET_AGC, automaticGain ? 1 : 0, "speex_preprocess_ctl(SET_AGC)")
        if automaticGain {
            var level = Float(Self.automaticGainLevel)
            guard speex_preprocess_ctl(state, SPEEX_PREPROCESS_SET_AGC_LEVEL, &level) == 0 else {
                throw .libraryCallFailed(call: "speex_preprocess_ctl(SET_AGC_LEVEL)")
            }
            try set(SPEEX_PREPROCESS_SET_AGC_MAX_GAIN, Int32(Self.automaticGainMaximumDecibels),
                    "speex_preprocess_ctl(SET_AGC_MAX_GAIN)")
        }
        // VAD is off in a new state; SET_VAD would print a warning on stderr, so only a state
        // that reports it on gets the call.
        if try get(SPEEX_PREPROCESS_GET_VAD, "speex_preprocess_ctl(GET_VAD)") != 0 {
            try set(SPEEX_PREPROCESS_SET_VAD, 0, "speex_preprocess_ctl(SET_VAD)")
        }
        try set(SPEEX_PREPROCESS_SET_DEREVERB, 0, "speex_preprocess_ctl(SET_DEREVERB)")
        try set(SPEEX_PREPROCESS_SET_NOISE_SUPPRESS, Int32(suppressionDecibels),
                "speex_preprocess_ctl(SET_NOISE_SUPPRESS)")
    }

    deinit {
        speex_preprocess_state_destroy(state)
    }

    /// Throws `.invalidParameter` unless `sampleRate` is in ``sampleRateRange`` and
    /// `frameSamples` in ``frameSampleRange(sampleRate:)`` (libspeexdsp's limits, shared by the
    /// echo canceller).
    static func checkFrame(sampleRate: Int, frameSamples: Int) throws(AudioProcessingError) {
        guard sampleRateRange.contains(sampleRate) else {
            throw .invalidParameter(name: "sampleRate", reason: "\(sampleRate) is not in 8000…48000")
        }
        let frames = frameSampleRange(sampleRate: sampleRate)
        guard frames.contains(frameSamples) else {
            throw .invalidParameter(
                name: "frameSamples",
                reason: "\(frameSamples) is not in \(frames.lowerBound)…\(frames.upperBound) (5…40 ms at \(sampleRate) Hz)")
        }
    }

    /// The frame sizes accepted at `sampleRate`: 5…40 ms worth of samples.
    public static func frameSampleRange(sampleRate: Int) -> ClosedRange<Int> {
        let lower = max(1, (sampleRate * 5 + 999) / 1000)
        return lower...max(lower, sampleRate * 40 / 1000)
    }

    /// Suppresses noise in one mono frame, in place.
    ///
    /// A frame whose count is not `frameSamples` is left as it is (and not fed to the noise
    /// estimate). Never allocates.
    public func process(_ frame: UnsafeMutableBufferPointer<Int16>) {
        guard frame.count == frameSamples, let samples = frame.baseAddress else { return }
        // The return value is libspeexdsp's VAD decision, meaningless with VAD off.
        _ = speex_preprocess_run(state, samples)
    }

    /// One `speex_preprocess_ctl` getter of an integer; a non-zero return throws.
    private func get(_ request: Int32, _ call: String) throws(AudioProcessingError) -> Int32 {
        var value: Int32 = 0
        guard speex_preprocess_ctl(state, request, &value) == 0 else {
            throw .libraryCallFailed(call: call)
        }
        return value
    }

    /// One `speex_preprocess_ctl` setter with an integer argument; a non-zero return throws.
    private func set(_ request: Int32, _ value: Int32, _ call: String) throws(AudioProcessingError) {
        var argument = value
        guard speex_preprocess_ctl(state, request, &argument) == 0 else {
            throw .libraryCallFailed(call: call)
        }
    }
}

extension ClosedRange where Bound == Int {
    /// `value` moved into the range.
    fileprivate func clamped(_ value: Int) -> Int {
        Swift.min(Swift.max(value, lowerBound), upperBound)
    }
}
