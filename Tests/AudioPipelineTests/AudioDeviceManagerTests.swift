import AudioDevices
import Foundation
import AudioPipeline
import StackCore
import Testing

@Suite struct AudioDeviceManagerTests {
    static let mic = AudioDevice(deviceId: "mic", label: "Built-in Mic", kind: .audioinput)
    static let speaker = AudioDevice(deviceId: "spk", label: "Speakers", kind: .audiooutput)
    static let monitor = AudioDevice(deviceId: "spk.monitor", label: "Monitor of Speakers", kind: .audioinput, isMonitor: true)
    static let headset = AudioDevice(deviceId: "usb", label: "USB Headset", kind: .audiooutput)
    static let headsetMic = AudioDevice(deviceId: "usb-mic", label: "USB Headset Mic", kind: .audioinput)

    final class Recorder: @unchecked Sendable {
        var iterator: AsyncStream<AudioDeviceManagerEvent>.AsyncIterator
        init(_ manager: AudioDeviceManager) { iterator = manager.events.makeAsyncIterator() }
        func next(_ count: Int) async -> [String] {
            var lines: [String] = []
            for _ in 0..<count {
                guard let event = await iterator.next() else { break }
                lines.append(event.description)
            }
            return lines
        }
    }

    func frame(_ source: DeviceAudioSource) -> [Int16] {
        var samples = [Int16](repeating: -1, count: 960)
        _ = samples.withUnsafeMutableBufferPointer { source.read(into: $0) }
        return samples
    }

    @Test func listsFiltersAndValidatesSelections() async throws {
        let server = FakeSoundServer(devices: [Self.speaker, Self.mic, Self.monitor])
        let manager = AudioDeviceManager(backend: server, clock: TestClock())
        #expect(await manager.start())
        #expect(try await manager.availableDevices(.input).map(\.deviceId) == ["mic", "spk.monitor"])
        #expect(try await manager.availableDevices(.output).map(\.deviceId) == ["spk"])
        #expect(try await manager.availableDevices().count == 3)
        #expect(await manager.get(.microphone) == "")
        #expect(await manager.set(.microphone, deviceId: "spk") == false)      // an output is no microphone
        #expect(await manager.set(.microphone, deviceId: "nope") == false)
        #expect(await manager.set(.microphone, deviceId: "mic"))
        #expect(await manager.get(.microphone) == "mic")
        #expect(await manager.set(.ringtone, deviceId: "spk"))
        #expect(await manager.get(.ringtone) == "spk")
        #expect(await manager.get(.speaker) == "")
        await manager.microphoneDevices.reset()
        #expect(await manager.microphoneDevices.get() == "")
        #expect(await manager.speakerDevices.set("spk.monitor") == false)
        #expect(await manager.ringtoneDevices.get() == "spk")
        let events = await Recorder(manager).next(3)
        #expect(events == ["deviceSelected {role: microphone, deviceId: mic}",
                           "deviceSelected {role: ringtone, deviceId: spk}",
                           "deviceSelected {role: microphone, deviceId: default}"])
        await manager.close()
    }

    @Test func microphoneFollowsItsChoiceAndReportsPermission() async throws {
        let server = FakeSoundServer(devices: [Self.speaker, Self.mic, Self.headsetMic])
        let manager = AudioDeviceManager(backend: server, clock: TestClock())
        await manager.start()
        let recorder = Recorder(manager)
        let mic = await manager.openMicrophone()
        #expect(mic.isAttached)
        #expect(frame(mic).allSatisfy { $0 == 1000 })
        #expect(await manager.set(.microphone, deviceId: "usb-mic"))
        #expect(server.opened == [.init(direction: "input", device: nil), .init(direction: "input", device: "usb-mic")])
        #expect(server.liveStreams.map(\.device) == ["usb-mic"])   // the old stream was closed
        #expect(await recorder.next(2) == ["onMediaPermission {status: success, stream: true}",
                                          "deviceSelected {role: microphone, deviceId: usb-mic}"])
        #expect(await manager.revealAudioDevices() == .success)
        mic.close()
        #expect(!mic.read(into: UnsafeMutableBufferPointer(start: nil, count: 0)))
        await manager.close()
    }

    @Test func hotPlugSwitchesToTheNewDeviceUnlessUsingDefaults() async throws {
        for useDefault in [false, true] {
            let server = FakeSoundServer(devices: [Self.speaker, Self.mic])
            let manager = AudioDeviceManager(backend: server, useDefaultAudioDevice: useDefault, clock: TestClock())
            await manager.start()
            let recorder = Recorder(manager)
            let speaker = await manager.openSpeaker()
            let ringer = await manager.openSpeaker(role: .ringtone)
            server.plug(Self.headset)
            var expected = ["audioDeviceChange {change: added, device: audiooutput usb USB Headset}"]
            if !useDefault {
                expected += ["deviceSelected {role: speaker, deviceId: usb}", "deviceSelected {role: ringtone, deviceId: usb}"]
            }
            #expect(await recorder.next(expected.count) == expected)
            if !useDefault {
                #expect(await manager.get(.speaker) == "usb")
                #expect(Set(server.liveStreams.map(\.device)) == ["usb"])
            } else {
                #expect(await manager.get(.speaker) == "")
            }
            server.unplug("usb")
            expected = ["audioDeviceChange {change: removed, device: audiooutput usb USB Headset}"]
            if !useDefault {
                expected += ["deviceSelected {role: speaker, deviceId: default}", "deviceSelected {role: ringtone, deviceId: default}"]
            }
            #expect(await recorder.next(expected.count) == expected)
            #expect(server.liveStreams.count == 2)
            #expect(server.liveStreams.allSatisfy { $0.device == nil })
            #expect(speaker.isAttached && ringer.isAttached)
            await manager.close()
        }
    }

    @Test func monitorsAreListedButNeverSwitchedTo() async throws {
        let server = FakeSoundServer(devices: [Self.speaker, Self.mic])
        let manager = AudioDeviceManager(backend: server, clock: TestClock())
        await manager.start()
        let recorder = Recorder(manager)
        server.plug(Self.monitor)
        server.plug(Self.headsetMic)
        #expect(await recorder.next(3) == [
            "audioDeviceChange {change: added, device: audioinput spk.monitor Monitor of Speakers}",
            "audioDeviceChange {change: added, device: audioinput usb-mic USB Headset Mic}",
            "deviceSelected {role: microphone, deviceId: usb-mic}",
        ])
        await manager.close()
    }

    @Test func aDeadServerLeavesTheCallOnSilenceUntilItComesBack() async throws {
        let clock = TestClock()
        let server = FakeSoundServer(devices: [Self.speaker, Self.mic])
        let manager = AudioDeviceManager(backend: server, reconnectInterval: .seconds(1), clock: clock)
        await manager.start()
        let recorder = Recorder(manager)
        let mic = await manager.openMicrophone()
        let speaker = await manager.openSpeaker()
        #expect(await recorder.next(1) == ["onMediaPermission {status: success, stream: true}"])

        server.kill()
        #expect(await recorder.next(4) == [
            "audioServerLost {reason: PulseAudio server went away: Connection terminated}",
            "audioDeviceChange {change: removed, device: audiooutput spk Speakers}",
            "audioDeviceChange {change: removed, device: audioinput mic Built-in Mic}",
            "onMediaPermission {status: failure, error: NotReadableError}",
        ])
        #expect(frame(mic).allSatisfy { $0 == 0 })             // silence, and the source goes on
        #expect(mic.read(into: UnsafeMutableBufferPointer(start: nil, count: 0)))
        #expect(!speaker.isAttached)
        let one: [Int16] = [1, 2]
        one.withUnsafeBufferPointer { speaker.write($0) }      // dropped, no failure
        #expect(speaker.droppedFrames == 1)

        await clock.waitForPendingWork()
        clock.advance(by: .seconds(1))                         // a failed attempt: still down
        await clock.waitForPendingWork()
        #expect(clock.now == StackInstant.zero.advanced(by: .seconds(1)))
        server.revive()
        clock.advance(by: .seconds(1))
        #expect(await recorder.next(4) == [
            "audioServerRestored",
            "audioDeviceChange {change: added, device: audiooutput spk Speakers}",
            "audioDeviceChange {change: added, device: audioinput mic Built-in Mic}",
            "onMediaPermission {status: success, stream: true}",
        ])
        #expect(mic.isAttached && speaker.isAttached)
        #expect(frame(mic).allSatisfy { $0 == 1000 })
        #expect(try await manager.availableDevices().count == 2)
        await manager.close()
    }

    @Test func noServerAtStartMeansSilenceAndAFailedPermission() async throws {
        let clock = TestClock()
        let server = FakeSoundServer(devices: [Self.mic])
        server.kill()
        let manager = AudioDeviceManager(backend: server, clock: clock)
        #expect(await manager.start() == false)
        let recorder = Recorder(manager)
        let mic = await manager.openMicrophone()
        #expect(await recorder.next(1) == ["onMediaPermission {status: failure, error: NotReadableError}"])
        await #expect(throws: AudioDeviceError.self) { try await manager.availableDevices() }
        #expect(await manager.revealAudioDevices() == .failure("NotReadableError"))
        #expect(!mic.isAttached)
        await manager.close()
    }

    @Test func permissionPayloadsMatchTheSeed() throws {
        #expect(MediaPermissionEvent.failure(for: .noSuchDevice("x")).error == "NotFoundError")
        #expect(MediaPermissionEvent.failure(for: .serverGone("x")).error == "NotReadableError")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(String(decoding: try encoder.encode(MediaPermissionEvent.success), as: UTF8.self)
                == #"{"status":"success","stream":true}"#)
        #expect(String(decoding: try encoder.encode(MediaPermissionEvent.failure("NotFoundError")), as: UTF8.self)
                == #"{"error":"NotFoundError","status":"failure"}"#)
    }
}
