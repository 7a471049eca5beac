import AudioDevices
import AudioPipeline

/// The seed's Audio Device API (`client.audio`): device lists, the microphone, speaker and
/// ringtone choices, and the microphone check — on PulseAudio (the user's server, or
/// `PULSE_SERVER`). Changes arrive as `audioDeviceChange` events on the client; a sound server
/// that is not running gives empty lists and `NotReadableError`, never a crash.
public final class PlivoAudioDevices: Sendable {
    private let manager: AudioDeviceManager
    private let tones: CallToneLibrary

    init(manager: AudioDeviceManager, tones: CallToneLibrary) {
        self.manager = manager
        self.tones = tones
    }

    /// The seed's `availableDevices(filter)`: `"input"`, `"output"`, or nil for all. Empty when
    /// no sound server answers.
    public func availableDevices(_ filter: String? = nil) async -> [PlivoAudioDevice] {
        let which: AudioDeviceFilter = switch filter?.lowercased() {
        case "input": .input
        case "output": .output
        default: .all
        }
        await manager.start()
        let devices = (try? await manager.availableDevices(which)) ?? []
        return devices.map { PlivoAudioDevice(deviceId: $0.deviceId, label: $0.label, kind: $0.kind.rawValue) }
    }

    /// The seed's `revealAudioDevices()`: opens the microphone for a moment; the result is also
    /// emitted as `onMediaPermission`.
    public func revealAudioDevices() async -> PlivoMediaPermission {
        await manager.start()
        let result = await manager.revealAudioDevices()
        return PlivoMediaPermission(status: result.status.rawValue, stream: result.stream, error: result.error)
    }

    /// The seed's `microphoneDevices`.
    public var microphoneDevices: PlivoDeviceChoice { PlivoDeviceChoice(selection: manager.microphoneDevices, tones: tones) }
    /// The seed's `speakerDevices` (remote audio, DTMF tones, ringback).
    public var speakerDevices: PlivoDeviceChoice { PlivoDeviceChoice(selection: manager.speakerDevices, tones: tones) }
    /// The seed's `ringtoneDevices`.
    public var ringtoneDevices: PlivoDeviceChoice { PlivoDeviceChoice(selection: manager.ringtoneDevices, tones: tones) }
}

/// One of the seed's device choices, with `set(deviceID)`, `get()` and `reset()`.
public struct PlivoDeviceChoice: Sendable {
    let selection: AudioDeviceSelection
    let tones: CallToneLibrary

    /// The seed's `media(source)`: the player of the tone this choice plays — for
    /// `speakerDevices`, the DTMF tone (`"dtmf"`, the seed's `*` element) or else the ringback;
    /// for `ringtoneDevices`, the ringtone; nil for `microphoneDevices`. Where the browser hands
    /// back an `<audio>` element, this hands back something that plays and stops the same sound
    /// on the chosen device.
    public func media(_ source: String? = nil) -> PlivoToneMedia? {
        switch selection.role {
        case .microphone: nil
        case .speaker: PlivoToneMedia(tone: source?.lowercased() == "dtmf" ? .dtmf("*") : .ringback,
                                      role: .speaker, manager: selection.manager, tones: tones)
        case .ringtone: PlivoToneMedia(tone: .ringtone, role: .ringtone, manager: selection.manager, tones: tones)
        }
    }

    /// `set(deviceID)`: false for an id that is not a device of this kind (or `"default"`);
    /// open streams move to it.
    @discardableResult
    public func set(_ deviceID: String) async -> Bool {
        await selection.manager.start()
        _ = try? await selection.manager.availableDevices()
        return await selection.set(deviceID)
    }

    /// `get()`: the chosen id, `""` when none is set.
    public func get() async -> String { await selection.get() }

    /// `reset()`: back to the server's default.
    public func reset() async { await selection.reset() }
}

/// A tone the client plays on a device, as `media(source)` returns it: `play()`, `stop()`.
public final class PlivoToneMedia: Sendable {
    private let tone: CallTone
    private let role: AudioDeviceRole
    private let manager: AudioDeviceManager
    private let player: CallTonePlayer

    init(tone: CallTone, role: AudioDeviceRole, manager: AudioDeviceManager, tones: CallToneLibrary) {
        self.tone = tone
        self.role = role
        self.manager = manager
        player = CallTonePlayer(library: tones)
    }

    /// `ringtone`, `ringback` or `dtmf`.
    public var name: String {
        switch tone {
        case .ringtone: "ringtone"
        case .ringback: "ringback"
        case .connect: "connect"
        case .dtmf: "dtmf"
        }
    }

    /// Plays the tone (with the client's tone settings) on the role's device; false when the
    /// tone is disabled (`setRingTone(false)`…).
    @discardableResult
    public func play() async -> Bool {
        await manager.start()
        let sink = await manager.openSpeaker(role: role)
        return player.play(tone, to: sink, closingSink: true)
    }

    /// Whether it is playing (a looping tone until ``stop()``; a DTMF tone for 200 ms).
    public var isPlaying: Bool { player.playing != nil }

    /// Stops it.
    public func stop() { player.stop() }
}
