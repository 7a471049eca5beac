import ArgumentParser
import AudioPipeline
import PlivoSDK

/// Where calls take their audio from and send what they hear: `call`, `answer` and `shell`.
struct PhoneMediaArguments: ParsableArguments {
    @Option(name: .customLong("audio-in"),
            help: ArgumentHelp("A WAV file to send (PCM 8/16/24/32-bit or float; default: the --tone).", valueName: "file.wav"))
    var input: String?

    @Option(name: .customLong("audio-out"),
            help: ArgumentHelp("Record what we hear into this WAV file (16-bit mono).", valueName: "file.wav"))
    var output: String?

    @Option(name: .customLong("media-profile"),
            help: "The RTP profile we offer: savpf (DTLS-SRTP with ICE, the SDK's) or avp (plain RTP).")
    var profile: CallAudioOptions.Profile = .savpf

    @Option(name: .customLong("input-device"),
            help: ArgumentHelp("Send from this PulseAudio source ('default': the server's default) instead of a file or tone.",
                               valueName: "name"))
    var inputDevice: String?

    @Option(name: .customLong("output-device"),
            help: ArgumentHelp("Play what we hear to this PulseAudio sink ('default': the server's default).",
                               valueName: "name"))
    var outputDevice: String?

    @Option(name: .long, help: ArgumentHelp("The frequency of the tone sent without --audio-in.", valueName: "Hz"))
    var tone: Double = 440

    mutating func validate() throws {
        guard tone.isFinite, (20...20_000).contains(tone) else { throw ValidationError("--tone must be 20–20000 Hz.") }
        if input != nil, inputDevice != nil { throw ValidationError("Give --audio-in or --input-device, not both.") }
        if let input {
            do {
                _ = try WAVFile.read(path: input)
            } catch {
                throw ValidationError("--audio-in \(input): \(error)")
            }
        }
    }
}

/// The audio options of `call` and `answer`.
struct PhoneAudioArguments: ParsableArguments {
    @OptionGroup var media: PhoneMediaArguments

    @Option(name: .customLong("dtmf-type"),
            help: "How --dtmf digits go: info (SIP INFO, application/dtmf-relay) or inband (RFC 4733 events in the RTP).")
    var dtmfType: CallAudioOptions.DTMFType = .info

    @Flag(name: .customLong("noise-reduction"),
          help: "Run the microphone through the noise suppressor (enableNoiseReduction + startNoiseReduction).")
    var noiseReduction = false

    @Option(name: .customLong("mute-after"),
            help: ArgumentHelp("Mute the microphone this many seconds after the answer.", valueName: "seconds"))
    var muteAfter: Double?

    @Option(name: .customLong("unmute-after"),
            help: ArgumentHelp("Unmute this many seconds after the answer.", valueName: "seconds"))
    var unmuteAfter: Double?

    @Flag(name: .customLong("volume-events"), help: "Print volume {inputVolume, outputVolume} about 60 times a second.")
    var volumeEvents = false

    @Option(name: .long, help: ArgumentHelp(
        "The incoming-call ringtone (setRingTone): true (the US ring), false, or a WAV file path or http(s) URL. Plays on an output device.",
        valueName: "true|false|url"))
    var ringtone = "true"

    @Option(name: .long, help: ArgumentHelp(
        "The tone while an outgoing call rings (setRingToneBack): true, false, or a WAV file path or http(s) URL.",
        valueName: "true|false|url"))
    var ringback = "true"

    @Option(name: .customLong("connect-tone"), help: "The dial tone while an outgoing call connects (setConnectTone).")
    var connectTone = true

    @Option(name: .customLong("ringtone-device"),
            help: ArgumentHelp("The PulseAudio sink for the ringtone (default: --output-device).", valueName: "name"))
    var ringtoneDevice: String?

    mutating func validate() throws {
        if let muteAfter { _ = try PlivoPhone.seconds(muteAfter, option: "--mute-after") }
        if let unmuteAfter { _ = try PlivoPhone.seconds(unmuteAfter, option: "--unmute-after") }
    }

    var options: CallAudioOptions {
        CallAudioOptions(input: media.input, output: media.output, profile: media.profile, toneFrequency: media.tone,
                          inputDevice: media.inputDevice, outputDevice: media.outputDevice, dtmfType: dtmfType,
                          noiseReduction: noiseReduction,
                          muteAfter: muteAfter.flatMap { try? PlivoPhone.seconds($0, option: "--mute-after") },
                          unmuteAfter: unmuteAfter.flatMap { try? PlivoPhone.seconds($0, option: "--unmute-after") },
                          volumeEvents: volumeEvents, ringtone: CallToneSetting.parse(ringtone),
                          ringback: CallToneSetting.parse(ringback), connectTone: connectTone,
                          ringtoneDevice: ringtoneDevice)
    }
}

extension CallAudioOptions.Profile: ExpressibleByArgument {}
extension CallAudioOptions.DTMFType: ExpressibleByArgument {}
