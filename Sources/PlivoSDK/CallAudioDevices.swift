import AudioDevices
import AudioPipeline

/// A client's sound devices when its calls use PulseAudio (`--input-device`,
/// `--output-device`, `--ringtone-device`): one ``AudioDeviceManager`` whose events are printed
/// to the owner (`audioDeviceChange`, `onMediaPermission`, `audioServerLost` /
/// `audioServerRestored`), whose streams keep a call going through a dead or restarted sound
/// server; and the call tones (ringtone, ringback, connect tone, local DTMF) played on the
/// output devices when one is named.
package final class CallAudioDevices: Sendable {
    /// The manager.
    package let manager: AudioDeviceManager
    /// The tone settings (`--ringtone`, `--ringback`, `--connect-tone`).
    package let tones: CallToneLibrary
    private let ringer: CallTonePlayer
    private let speakerTones: CallTonePlayer
    private let playsTones: Bool
    private let printing: Task<Void, Never>

    private init(manager: AudioDeviceManager, tones: CallToneLibrary,
                 report: @escaping @Sendable (AudioDeviceManagerEvent) -> Void, playsTones: Bool) {
        self.tones = tones
        self.manager = manager
        self.playsTones = playsTones
        ringer = CallTonePlayer(library: tones)
        speakerTones = CallTonePlayer(library: tones)
        printing = Task {
            for await event in manager.events { report(event) }
        }
    }

    /// Starts the manager when `audio` names a device, applying the `--input-device` and
    /// `--output-device` choices (`default` keeps the server's default). A device the server
    /// does not list is a note, and the default is used.
    /// `manager` is used when given (the public client makes its own at construction, so its
    /// device API works before the login); else one is made that keeps the named devices
    /// (`useDefaultAudioDevice: true`).
    package static func start(_ audio: CallAudioOptions, manager given: AudioDeviceManager? = nil,
                              tones: CallToneLibrary = CallToneLibrary(),
                              report: @escaping @Sendable (AudioDeviceManagerEvent) -> Void,
                              note: @escaping @Sendable (String) -> Void) async -> CallAudioDevices? {
        guard audio.usesDevices else { return nil }
        let manager = given ?? AudioDeviceManager(backend: PulseAudioBackend(), useDefaultAudioDevice: true)
        let devices = CallAudioDevices(manager: manager, tones: tones, report: report,
                                        playsTones: audio.outputDevice != nil || audio.ringtoneDevice != nil)
        devices.tones.setConnectTone(audio.connectTone)
        for (name, setting, isRingtone) in [("--ringtone", audio.ringtone, true), ("--ringback", audio.ringback, false)] {
            let result = isRingtone ? await devices.tones.setRingTone(setting) : await devices.tones.setRingToneBack(setting)
            if case .failure(let error) = result {
                note("\(name): \(error); the default tone plays instead")
            }
        }
        if !(await manager.start()) {
            note("no PulseAudio server answers; the call uses silence until one does")
        }
        _ = try? await manager.availableDevices()
        let roles = [(AudioDeviceRole.microphone, audio.inputDevice), (.speaker, audio.outputDevice),
                     (.ringtone, audio.ringtoneDevice ?? audio.outputDevice)]
        for (role, name) in roles {
            guard let name, name != "default" else { continue }
            if !(await manager.set(role, deviceId: name)) {
                note("no PulseAudio \(role.kind == .audioinput ? "source" : "sink") named \(name); using the default")
            }
        }
        return devices
    }

    /// Plays `tone` (replacing the tone playing on the same output): the ringtone on the
    /// ringtone device, the others on the speaker. Nothing when no output device was named or
    /// the tone is disabled.
    package func play(_ tone: CallTone) async {
        guard playsTones else { return }
        let isRingtone = tone == .ringtone
        let sink = await manager.openSpeaker(role: isRingtone ? .ringtone : .speaker)
        (isRingtone ? ringer : speakerTones).play(tone, to: sink, closingSink: true)
    }

    /// Plays the digits' local DTMF tones, 500 ms apart (the pace of the SIP INFO digits).
    package func playDTMF(_ digits: String) async {
        for digit in digits {
            await play(.dtmf(digit))
            try? await Task.sleep(for: .milliseconds(500))
        }
    }

    /// Stops the tones (the call was answered, failed or ended).
    package func stopTones() {
        ringer.stop()
        speakerTones.stop()
    }

    /// Closes the manager (and every stream it opened) and waits for the last event line.
    package func close() async {
        stopTones()
        await manager.close()
        await printing.value
    }
}
