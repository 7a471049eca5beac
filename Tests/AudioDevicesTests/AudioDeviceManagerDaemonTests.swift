import AudioDevices
import AudioPipeline
import Foundation
import Testing

/// `AudioDeviceManager` on `PulseAudioBackend` against a real PulseAudio 16.1 daemon: hot-plug
/// switching and a daemon that dies mid-call and comes back on the same socket.
@Suite(.enabled(if: PulseAudioDaemon.isAvailable,
                "pulseaudio/pactl not installed (make peer-deps installs pulseaudio pulseaudio-utils)"),
       .timeLimit(.minutes(1)))
struct AudioDeviceManagerDaemonTests {
    /// Reads events until `predicate` holds for one (at most `limit` seconds); all lines read.
    static func lines(_ iterator: inout AsyncStream<AudioDeviceManagerEvent>.AsyncIterator,
                      until predicate: (String) -> Bool, limit: Duration = .seconds(10)) async -> [String] {
        var lines: [String] = []
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            guard let event = await iterator.next() else { break }
            lines.append(event.description)
            if predicate(event.description) { break }
        }
        return lines
    }

    @Test func aNullSinkPluggedInBecomesTheSpeakerAndLeavesItWhenUnplugged() async throws {
        let daemon = try await PulseAudioDaemon.start()
        let manager = AudioDeviceManager(backend: PulseAudioBackend(server: daemon.server))
        do {
            #expect(await manager.start())
            #expect(try await manager.availableDevices(.output).map(\.deviceId) == ["nullsink"])
            var events = manager.events.makeAsyncIterator()
            let speaker = await manager.openSpeaker()
            #expect(speaker.isAttached)
            let module = try await daemon.pactl(["load-module", "module-null-sink", "sink_name=headset",
                                                 "sink_properties=device.description=Headset", "rate=48000"])
            let plugged = await Self.lines(&events) { $0.hasPrefix("deviceSelected {role: ringtone") }
            #expect(plugged.contains("audioDeviceChange {change: added, device: audiooutput headset Headset}"), "\(plugged)")
            #expect(plugged.contains("deviceSelected {role: speaker, deviceId: headset}"), "\(plugged)")
            #expect(await manager.get(.speaker) == "headset")
            #expect(speaker.isAttached)
            let playing = try await daemon.pactl(["list", "short", "sink-inputs"])
            let sinks = try await daemon.pactl(["list", "short", "sinks"])
            let headsetIndex = sinks.split(separator: "\n").first { $0.contains("headset") }?.split(separator: "\t").first
            #expect(playing.split(separator: "\n").contains { $0.split(separator: "\t").dropFirst().first == headsetIndex },
                    "the speaker stream should play to the headset: \(playing) / \(sinks)")
            try await daemon.pactl(["unload-module", module.trimmingCharacters(in: .whitespacesAndNewlines)])
            let unplugged = await Self.lines(&events) { $0 == "deviceSelected {role: ringtone, deviceId: default}" }
            #expect(unplugged.contains("audioDeviceChange {change: removed, device: audiooutput headset Headset}"), "\(unplugged)")
            #expect(await manager.get(.speaker) == "")
        } catch {
            await manager.close()
            await daemon.stop()
            throw error
        }
        await manager.close()
        await daemon.stop()
    }

    @Test func aDaemonThatDiesMidCallLeavesSilenceAndItsReturnReattachesTheStreams() async throws {
        var daemon = try await PulseAudioDaemon.start()
        let manager = AudioDeviceManager(backend: PulseAudioBackend(server: daemon.server),
                                         reconnectInterval: .milliseconds(200))
        do {
            #expect(await manager.start())
            var events = manager.events.makeAsyncIterator()
            try await daemon.pactl(["load-module", "module-sine-source", "source_name=sine", "frequency=880", "rate=48000"])
            _ = await Self.lines(&events) { $0.contains("deviceSelected {role: microphone, deviceId: sine}") }
            let microphone = await manager.openMicrophone()
            let speaker = await manager.openSpeaker()
            #expect(await Self.lines(&events) { $0.hasPrefix("onMediaPermission") } == ["onMediaPermission {status: success, stream: true}"])
            #expect(microphone.isAttached && speaker.isAttached)

            await daemon.kill()
            let lost = await Self.lines(&events) { $0.hasPrefix("onMediaPermission") }
            #expect(lost.first?.hasPrefix("audioServerLost {reason: PulseAudio server went away") == true, "\(lost)")
            #expect(lost.contains("audioDeviceChange {change: removed, device: audiooutput nullsink NullSink}"), "\(lost)")
            #expect(lost.last == "onMediaPermission {status: failure, error: NotReadableError}")
            // The call goes on: the microphone gives silent frames, the speaker swallows frames.
            var frame = [Int16](repeating: 7, count: 960)
            #expect(frame.withUnsafeMutableBufferPointer { microphone.read(into: $0) })
            #expect(frame.allSatisfy { $0 == 0 })
            frame.withUnsafeBufferPointer { speaker.write($0) }
            #expect(!microphone.isAttached && !speaker.isAttached)

            daemon = try await daemon.restart()
            let back = await Self.lines(&events) { $0.hasPrefix("onMediaPermission") }
            #expect(back.first == "audioServerRestored", "\(back)")
            #expect(back.contains("audioDeviceChange {change: added, device: audiooutput nullsink NullSink}"), "\(back)")
            #expect(back.last == "onMediaPermission {status: success, stream: true}")
            #expect(microphone.isAttached && speaker.isAttached)
            #expect(try await manager.availableDevices(.output).map(\.deviceId) == ["nullsink"])
            // The sine source is gone with the old daemon: the microphone fell back to the default.
            let inputs = try await daemon.pactl(["list", "short", "source-outputs"])
            #expect(!inputs.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "no record stream after the restart")
        } catch {
            await manager.close()
            await daemon.stop()
            throw error
        }
        await manager.close()
        await daemon.stop()
    }
}
