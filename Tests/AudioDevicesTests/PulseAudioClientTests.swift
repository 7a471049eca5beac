import AudioDevices
import Foundation
import Testing

/// `PulseAudioClient` against a real PulseAudio 16.1 daemon started per test.
@Suite(.enabled(if: PulseAudioDaemon.isAvailable,
                "pulseaudio/pactl not installed (make peer-deps installs pulseaudio pulseaudio-utils)"),
       .timeLimit(.minutes(1)))
struct PulseAudioClientTests {
    @Test func listsTheNullSinkAndItsMonitor() async throws {
        let daemon = try await PulseAudioDaemon.start()
        do {
            let client = try await PulseAudioClient.connect(server: daemon.server)
            #expect(client.isConnected)
            let devices = try await client.devices()
            #expect(devices.contains(AudioDevice(deviceId: "nullsink", label: "NullSink", kind: .audiooutput)))
            let monitor = try #require(devices.first { $0.deviceId == "nullsink.monitor" })
            #expect(monitor.kind == .audioinput)
            #expect(monitor.isMonitor)
            #expect(devices.filter { $0.kind == .audiooutput }.allSatisfy { !$0.isMonitor })
            client.close()
            #expect(client.terminationError == .closed)
            #expect(!client.isConnected)
        } catch {
            Issue.record("\(error)\n\(daemon.logText())")
        }
        await daemon.stop()
    }

    @Test func loadingAndUnloadingANullSinkRaisesAddedAndRemoved() async throws {
        let daemon = try await PulseAudioDaemon.start()
        do {
            let client = try await PulseAudioClient.connect(server: daemon.server)
            let collector = ChangeCollector(client.changes)
            let module = try await daemon.pactl(["load-module", "module-null-sink", "sink_name=extra",
                                                 "sink_properties=device.description=Extra"])
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let extra = AudioDevice(deviceId: "extra", label: "Extra", kind: .audiooutput)
            let added = await collector.wait { collector in
                let devices = collector.changes.filter { $0.change == .added }.map(\.device)
                return devices.contains(extra) && devices.contains { $0.deviceId == "extra.monitor" && $0.isMonitor }
            }
            #expect(added, "changes: \(collector.changes)")
            #expect(try await client.devices().contains(extra))

            try await daemon.pactl(["unload-module", module])
            let removed = await collector.wait { collector in
                let devices = collector.changes.filter { $0.change == .removed }.map(\.device)
                return devices.contains(extra) && devices.contains { $0.deviceId == "extra.monitor" }
            }
            #expect(removed, "changes: \(collector.changes)")
            #expect(try await !client.devices().contains(extra))
            #expect(!collector.changes.contains { $0.device.deviceId == "nullsink" })
            client.close()
            #expect(await collector.wait { $0.finished })
        } catch {
            Issue.record("\(error)\n\(daemon.logText())")
        }
        await daemon.stop()
    }

    @Test func connectingWhereNothingListensIsATypedError() async throws {
        let folder = "/tmp/pa-none-\(UUID().uuidString.prefix(8))"
        do {
            let client = try await PulseAudioClient.connect(server: "unix:\(folder)/native")
            Issue.record("connected to nothing: \(client)")
        } catch {
            guard case .connectionFailed(let reason) = error else {
                Issue.record("expected connectionFailed, got \(error)")
                return
            }
            #expect(!reason.isEmpty)
        }
    }

    @Test func aDaemonThatDiesEndsTheChangesWithServerGone() async throws {
        let daemon = try await PulseAudioDaemon.start()
        do {
            let client = try await PulseAudioClient.connect(server: daemon.server)
            let collector = ChangeCollector(client.changes)
            await daemon.kill()
            #expect(await collector.wait { $0.finished }, "changes did not finish after the daemon died")
            guard case .serverGone = client.terminationError else {
                Issue.record("expected serverGone, got \(String(describing: client.terminationError))")
                await daemon.stop()
                return
            }
            #expect(!client.isConnected)
            await #expect(throws: AudioDeviceError.self) { try await client.devices() }
            client.close()
        } catch {
            Issue.record("\(error)\n\(daemon.logText())")
        }
        await daemon.stop()
    }
}
