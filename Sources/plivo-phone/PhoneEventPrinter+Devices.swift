import AudioDevices
import AudioPipeline
import PlivoSDK

extension PhoneEventPrinter {
    /// Starts the call devices of `audio` (nil when no device is named), printing their events.
    static func startDevices(_ audio: CallAudioOptions, printer: PhoneEventPrinter) async -> CallAudioDevices? {
        await CallAudioDevices.start(audio, report: { printer.deviceEvent($0) }, note: { PhoneEventPrinter.note($0) })
    }

    /// Prints a device-manager event as the seed's event (or a note).
    func deviceEvent(_ event: AudioDeviceManagerEvent) {
        switch event {
        case .audioDeviceChange(let change):
            deviceChange(change)
        case .mediaPermission(let permission):
            var payload: [(String, PhoneEventPrinter.Value)] = [("status", .string(permission.status.rawValue))]
            if let stream = permission.stream { payload.append(("stream", .bool(stream))) }
            if let error = permission.error { payload.append(("error", .string(error))) }
            emit("onMediaPermission", payload)
        case .audioServerLost(let reason):
            emit("audioServerLost", [("reason", .string(reason))])
        case .audioServerRestored:
            emit("audioServerRestored", [])
        case .deviceSelected(let role, let deviceId):
            PhoneEventPrinter.note("\(role.rawValue) device: \(deviceId.isEmpty ? "default" : deviceId)")
        }
    }

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
