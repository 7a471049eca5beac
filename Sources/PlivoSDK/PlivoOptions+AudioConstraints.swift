extension PlivoOptions {
    /// The seed's `audioConstraints`, which a browser passes to `getUserMedia()`. On a server
    /// they describe how the capture device (a PulseAudio source or a file) is opened and what
    /// the capture path does to its audio. Every member is optional: nil leaves the choice to
    /// the SDK, and the default (all nil) is the seed's `{}`.
    ///
    /// The browser's other constraints (`deviceId`, `latency`, Chrome's `goog…` keys) have no
    /// server meaning: ``PlivoOptions/validate(_:)`` reports them as issues and ignores them.
    public struct AudioConstraints: Sendable, Hashable {
        /// The range of ``sampleRate``, in hertz (Opus's narrowband to fullband rates).
        public static let sampleRateRange = 8000...48000
        /// The range of ``channelCount``.
        public static let channelCountRange = 1...2

        /// `sampleRate`: the rate the capture device is opened at, in hertz, 8000–48000; the
        /// audio is resampled to the codec's rate. nil: the pipeline's own rate.
        public var sampleRate: Int?
        /// `channelCount`: the channels the capture device is opened with, 1 or 2; two are
        /// mixed down to one before processing (a call sends one). nil: one.
        public var channelCount: Int?
        /// `echoCancellation`: remove from the microphone what the speaker played (libspeexdsp's
        /// adaptive echo canceller, 200 ms tail). Applies when both the microphone and the
        /// speaker are devices and the capture rate is 48000 Hz (the speaker's); otherwise a
        /// note is logged and the call goes on without it.
        public var echoCancellation: Bool?
        /// `noiseSuppression`: suppress stationary noise from the start of every call (the
        /// libspeexdsp suppressor that ``PlivoOptions/enableNoiseReduction`` also uses); nil or
        /// false: only when noise reduction is started.
        public var noiseSuppression: Bool?
        /// `autoGainControl`: level the microphone's volume (libspeexdsp's gain control, towards
        /// about −12 dBFS with at most 30 dB of gain).
        public var autoGainControl: Bool?

        /// Constraints with the given members; none by default.
        public init(sampleRate: Int? = nil, channelCount: Int? = nil, echoCancellation: Bool? = nil,
                    noiseSuppression: Bool? = nil, autoGainControl: Bool? = nil) {
            self.sampleRate = sampleRate
            self.channelCount = channelCount
            self.echoCancellation = echoCancellation
            self.noiseSuppression = noiseSuppression
            self.autoGainControl = autoGainControl
        }

        /// The object as the JS SDK shows it, with only the members that are set.
        public var optionsValue: PlivoOptionsValue {
            var members: [String: PlivoOptionsValue] = [:]
            if let sampleRate { members["sampleRate"] = .number(Double(sampleRate)) }
            if let channelCount { members["channelCount"] = .number(Double(channelCount)) }
            if let echoCancellation { members["echoCancellation"] = .bool(echoCancellation) }
            if let noiseSuppression { members["noiseSuppression"] = .bool(noiseSuppression) }
            if let autoGainControl { members["autoGainControl"] = .bool(autoGainControl) }
            return .object(members)
        }
    }
}
