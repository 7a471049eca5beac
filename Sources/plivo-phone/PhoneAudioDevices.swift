import AudioDevices
import AudioPipeline

/// The process's sound devices when a call uses PulseAudio (`--input-device`,
/// `--output-device`): one ``AudioDeviceManager`` whose events are printed as the seed's
/// (`audioDeviceChange`, `onMediaPermission`) plus `audioServerLost` / `audioServerRestored`,
/// and whose streams keep a call going through a dead or restarted sound server.
final class PhoneAudioDevices: Sendable {
    /// The manager.
    let manager: AudioDeviceManager
    private let printing: Task<Void, Never>

    private init(manager: AudioDeviceManager, printer: PhoneEventPrinter) {
        self.manager = manager
        printing = Task {
            for await event in manager.events { Self.print(event, printer) }
        }
    }

    /// Starts the manager when `audio` names a device, applying the `--input-device` and
    /// `--output-device` choices (`default` keeps the server's default). A device the server
    /// does not list is a note, and the default is used.
    static func start(_ audio: PhoneAudioOptions, printer: PhoneEventPrinter) async -> PhoneAudioDevices? {
        guard audio.inputDevice != nil || audio.outputDevice != nil else { return nil }
        let manager = AudioDeviceManager(backend: PulseAudioBackend(), useDefaultAudioDevice: true)
        let devices = PhoneAudioDevices(manager: manager, printer: printer)
        if !(await manager.start()) {
            PhoneEventPrinter.note("no PulseAudio server answers; the call uses silence until one does")
        }
        _ = try? await manager.availableDevices()
        for (role, name) in [(AudioDeviceRole.microphone, audio.inputDevice), (.speaker, audio.outputDevice)] {
            guard let name, name != "default" else { continue }
            if !(await manager.set(role, deviceId: name)) {
                PhoneEventPrinter.note("no PulseAudio \(role.kind == .audioinput ? "source" : "sink") named \(name); using the default")
            }
        }
        return devices
    }

    /// Closes the manager (and every stream it opened) and waits for the last event line.
    func close() async {
        await manager.close()
        await printing.value
    }

    private static func print(_ event: AudioDeviceManagerEvent, _ printer: PhoneEventPrinter) {
        switch event {
        case .audioDeviceChange(let change):
            printer.deviceChange(change)
        case .mediaPermission(let permission):
            var payload: [(String, PhoneEventPrinter.Value)] = [("status", .string(permission.status.rawValue))]
            if let stream = permission.stream { payload.append(("stream", .bool(stream))) }
            if let error = permission.error { payload.append(("error", .string(error))) }
            printer.emit("onMediaPermission", payload)
        case .audioServerLost(let reason):
            printer.emit("audioServerLost", [("reason", .string(reason))])
        case .audioServerRestored:
            printer.emit("audioServerRestored", [])
        case .deviceSelected(let role, let deviceId):
            PhoneEventPrinter.note("\(role.rawValue) device: \(deviceId.isEmpty ? "default" : deviceId)")
        }
    }
}

extension PhoneEventPrinter {
    /// `audioDeviceChange {change: added, device: {deviceId: …, label: …, kind: …, isMonitor: …}}`.
    func deviceChange(_ change: AudioDeviceChange) {
        emit("audioDeviceChange", [
            ("change", .string(change.change.rawValue)),
            ("device", .object([
                ("deviceId", .string(change.device.deviceId)), ("label", .string(change.device.label)),
                ("kind", .string(change.device.kind.rawValue)), ("isMonitor", .bool(change.device.isMonitor)),
            ])),
        ])
    }
}
