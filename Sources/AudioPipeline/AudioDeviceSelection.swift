/// One of the seed's device-choice objects — `microphoneDevices`, `speakerDevices`,
/// `ringtoneDevices` — with its `set(deviceId)`, `get()` and `reset()`, acting on an
/// ``AudioDeviceManager``.
///
/// ```swift
/// let ok = await audio.microphoneDevices.set("alsa_input.usb-headset")
/// let current = await audio.speakerDevices.get()      // "" when none is set
/// await audio.ringtoneDevices.reset()
/// ```
public struct AudioDeviceSelection: Sendable {
    /// The manager the choice belongs to.
    public let manager: AudioDeviceManager
    /// Which choice.
    public let role: AudioDeviceRole

    /// `set(deviceId)`: false for an id that is not a device of this kind (or `"default"`).
    @discardableResult
    public func set(_ deviceId: String) async -> Bool {
        await manager.set(role, deviceId: deviceId)
    }

    /// `get()`: the chosen id, `""` when none is set.
    public func get() async -> String {
        await manager.get(role)
    }

    /// `reset()`: back to the server's default.
    public func reset() async {
        await manager.reset(role)
    }
}

extension AudioDeviceManager {
    /// The seed's `microphoneDevices`.
    public nonisolated var microphoneDevices: AudioDeviceSelection { AudioDeviceSelection(manager: self, role: .microphone) }
    /// The seed's `speakerDevices` (remote audio, DTMF and ringback).
    public nonisolated var speakerDevices: AudioDeviceSelection { AudioDeviceSelection(manager: self, role: .speaker) }
    /// The seed's `ringtoneDevices`.
    public nonisolated var ringtoneDevices: AudioDeviceSelection { AudioDeviceSelection(manager: self, role: .ringtone) }
}
