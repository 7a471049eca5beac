/// Where a client's calls take their audio from and send what they hear — the server-side
/// counterpart of the browser's microphone and speaker (not in the seed, which has a browser).
public struct PlivoMediaOptions: Sendable, Hashable {
    /// What calls send.
    public enum Input: Sendable, Hashable {
        /// The chosen PulseAudio source (`audio.microphoneDevices`), silence while there is none.
        case microphone
        /// A WAV file, played once then silence.
        case wavFile(String)
        /// A sine tone at this frequency in Hz.
        case tone(Double)
        /// What the call hears, sent back about 20–40 ms later (an echo service).
        case echo
    }

    /// Where what calls hear goes.
    public enum Output: Sendable, Hashable {
        /// The chosen PulseAudio sink (`audio.speakerDevices`); dropped while there is none.
        case speaker
        /// A WAV file (16-bit mono), rewritten by each call.
        case wavFile(String)
        /// Nowhere.
        case discard
    }

    /// What calls send (default: the microphone).
    public var input: Input
    /// Where what they hear goes (default: the speaker).
    public var output: Output
    /// The RTP profile of our offers: `true` for the SDK's DTLS-SRTP with ICE (default),
    /// `false` for plain RTP/AVP (SIP phones without SRTP).
    public var secureMedia: Bool
    /// The local IP address written in our SDP (nil: the address the system routes toward the
    /// signalling server).
    public var mediaAddress: String?

    /// The PulseAudio server for the devices (`unix:/path/native`); nil: libpulse's default
    /// (`PULSE_SERVER`, else the user's session daemon).
    public var soundServer: String?

    /// Media options.
    public init(input: Input = .microphone, output: Output = .speaker, secureMedia: Bool = true, mediaAddress: String? = nil,
                soundServer: String? = nil) {
        self.input = input
        self.output = output
        self.secureMedia = secureMedia
        self.mediaAddress = mediaAddress
        self.soundServer = soundServer
    }
}
