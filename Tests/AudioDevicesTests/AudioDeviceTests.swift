import AudioDevices
import Foundation
import Testing

/// The value types, without a daemon.
struct AudioDeviceTests {
    @Test func linesAndJSONUseTheSeedsNames() throws {
        let device = AudioDevice(deviceId: "extra.monitor", label: "Monitor of Extra", kind: .audioinput, isMonitor: true)
        #expect(device.description == "audioinput extra.monitor Monitor of Extra")
        let change = AudioDeviceChange(change: .removed, device: device)
        #expect(change.description
                == "audioDeviceChange {change: removed, device: audioinput extra.monitor Monitor of Extra}")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(change), as: UTF8.self)
        #expect(json == #"{"change":"removed","device":{"deviceId":"extra.monitor","isMonitor":true,"kind":"audioinput","label":"Monitor of Extra"}}"#)
    }

    @Test func errorsNameTheProblem() {
        #expect(AudioDeviceError.connectionFailed("Connection refused").description
                == "cannot connect to PulseAudio: Connection refused")
        #expect(AudioDeviceError.closed.description == "PulseAudio client closed")
    }
}
