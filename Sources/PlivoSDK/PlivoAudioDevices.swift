import AudioDevices
import AudioPipeline

/// The seed's Audio Device API (`client.audio`): device lists, the microphone, speaker and
/// ringtone choices, and the microphone check — on PulseAudio (the user's server, or
/// `PULSE_SERVER`). Changes arrive as `audioDeviceChange` events on the client; a sound server
/// that is not running gives empty lists and `NotReadableError`, never a crash.
public final class PlivoAudioDevices: Sendable {
    private let manager: AudioDeviceManager

    init(manager: AudioDeviceManager) {
        self.manager = manager
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
    public var microphoneDevices: PlivoDeviceChoice { PlivoDeviceChoice(selection: manager.microphoneDevices) }
    /// The seed's `speakerDevices` (remote audio, DTMF tones, ringback).
    public var speakerDevices: PlivoDeviceChoice { PlivoDeviceChoice(selection: manager.speakerDevices) }
    /// The seed's `ringtoneDevices`.
    public var ringtoneDevices: PlivoDeviceChoice { PlivoDeviceChoice(selection: manager.ringtoneDevices) }
}

/// One of the seed's device choices, with `set(deviceID)`, `get()` and `reset()`.
public struct PlivoDeviceChoice: Sendable {
    let selection: AudioDeviceSelection

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
