import AudioPipeline

/// How a call's media is set up (the public client and `plivo-phone`): what we send (`--audio-in`, a 440 Hz tone when absent), where
/// what we hear goes (`--audio-out`, nowhere when absent) and the RTP profile we offer.
package struct CallAudioOptions: Sendable {
    /// The profile of our offers: the seed's UDP/TLS/RTP/SAVPF (DTLS-SRTP, ICE) or plain
    /// RTP/AVP for SIP phones without SRTP. Answers follow the offer's profile.
    package enum Profile: String, Sendable, CaseIterable {
        case savpf
        case avp
    }

    /// A WAV file to send (played once, then silence); nil: a 440 Hz tone.
    package var input: String?
    /// A WAV file to record what we hear into; nil: discarded.
    package var output: String?
    /// The offer's profile.
    package var profile: Profile = .savpf
    /// Send back what the call hears (an echo service) instead of a file, tone or device.
    package var echo = false
    /// The tone sent when there is no input file.
    package var toneFrequency = 440.0
    /// A PulseAudio source to send from (`default`: the server's default), instead of a file or tone.
    package var inputDevice: String?
    /// A PulseAudio sink to play what we hear to (`default`: the server's default).
    package var outputDevice: String?
    /// How `--dtmf` digits are sent: SIP INFO, or RFC 4733 events in the media (the SDK's
    /// inband DTMF).
    package var dtmfType: DTMFType = .info
    /// The seed's `enableNoiseReduction` + `startNoiseReduction()`: the microphone runs through
    /// the noise suppressor from the start of each call.
    package var noiseReduction = false
    /// Whether the suppressor runs from the call's first frame (the seed's
    /// `startNoiseReduction()` already called); nil: whenever ``noiseReduction`` is on
    /// (`plivo-phone --noise-reduction` enables and starts it at once).
    package var noiseReductionActive: Bool?
    /// The seed's `maxAverageBitrate`: the Opus `maxaveragebitrate` our descriptions ask the
    /// peer to stay under (RFC 7587 §6.1), 8000–48000 bits per second.
    package var maxAverageBitrate = 48_000
    /// `audioConstraints.sampleRate`: the rate the capture device is opened at.
    package var captureSampleRate = 48_000
    /// `audioConstraints.channelCount`: the channels the capture device is opened with (mixed
    /// down to mono before processing).
    package var captureChannels = 1
    /// `audioConstraints.echoCancellation`: what the speaker device plays is removed from the
    /// microphone (both devices, at the same rate).
    package var echoCancellation = false
    /// `audioConstraints.autoGainControl`: the microphone is levelled.
    package var automaticGain = false
    /// Mute this many seconds after the call is answered (the seed's `mute()`).
    package var muteAfter: Duration?
    /// Unmute this many seconds after the call is answered (the seed's `unmute()`).
    package var unmuteAfter: Duration?
    /// Print the seed's `volume` events (about 60 a second) during calls.
    package var volumeEvents = false
    /// The seed's `setRingTone`: the incoming-call ringtone (true, false or a WAV URL/path).
    package var ringtone = CallToneSetting.enabled
    /// The seed's `setRingToneBack`: the tone while an outgoing call rings.
    package var ringback = CallToneSetting.enabled
    /// The seed's `setConnectTone`: the dial tone while an outgoing call connects.
    package var connectTone = true
    /// The PulseAudio sink for the ringtone (the seed's `ringtoneDevices.set`); default: the
    /// `--output-device`.
    package var ringtoneDevice: String?

    /// Options; every field has the default a call without options gets.
    package init(input: String? = nil, output: String? = nil, profile: Profile = .savpf, toneFrequency: Double = 440,
                 inputDevice: String? = nil, outputDevice: String? = nil, dtmfType: DTMFType = .info,
                 noiseReduction: Bool = false, muteAfter: Duration? = nil, unmuteAfter: Duration? = nil,
                 volumeEvents: Bool = false, ringtone: CallToneSetting = .enabled, ringback: CallToneSetting = .enabled,
                 connectTone: Bool = true, ringtoneDevice: String? = nil) {
        self.input = input
        self.output = output
        self.profile = profile
        self.toneFrequency = toneFrequency
        self.inputDevice = inputDevice
        self.outputDevice = outputDevice
        self.dtmfType = dtmfType
        self.noiseReduction = noiseReduction
        self.muteAfter = muteAfter
        self.unmuteAfter = unmuteAfter
        self.volumeEvents = volumeEvents
        self.ringtone = ringtone
        self.ringback = ringback
        self.connectTone = connectTone
        self.ringtoneDevice = ringtoneDevice
    }

    /// Whether any PulseAudio device is named (the device manager is needed).
    package var usesDevices: Bool { inputDevice != nil || outputDevice != nil || ringtoneDevice != nil }

    /// How DTMF digits are sent.
    package enum DTMFType: String, Sendable, CaseIterable {
        case info
        case inband
    }
}

