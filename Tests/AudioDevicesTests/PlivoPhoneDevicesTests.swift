import Foundation
import Testing

/// `plivo-phone devices` (the built executable) against a real PulseAudio daemon.
@Suite(.enabled(if: PulseAudioDaemon.isAvailable,
                "pulseaudio/pactl not installed (make peer-deps installs pulseaudio pulseaudio-utils)"),
       .timeLimit(.minutes(1)))
struct PlivoPhoneDevicesTests {
    /// The plivo-phone binary next to the test bundle, or in the repository's `.build/debug`.
    static func binary() throws -> String {
        var folders: [URL] = []
        if let executable = Bundle.main.executableURL { folders.append(executable.deletingLastPathComponent()) }
        for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
            folders.append(bundle.bundleURL.deletingLastPathComponent())
        }
        folders.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug"))
        for folder in folders {
            let candidate = folder.appendingPathComponent("plivo-phone").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw PulseAudioDaemonError(description: "plivo-phone not built (looked in \(folders.map(\.path)))")
    }

    @Test func listsDevicesAsLinesAndJSON() async throws {
        let binary = try Self.binary()
        let daemon = try await PulseAudioDaemon.start()
        do {
            let (status, text) = try await daemon.run(binary, ["devices"], timeout: .seconds(10))
            #expect(status == 0, "\(text)")
            #expect(text.contains("audiooutput nullsink NullSink\n"))
            #expect(text.contains("audioinput nullsink.monitor Monitor of NullSink\n"))

            let (jsonStatus, json) = try await daemon.run(binary, ["devices", "--json"], timeout: .seconds(10))
            #expect(jsonStatus == 0, "\(json)")
            let array = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
            let sink = try #require(array?.first { $0["deviceId"] as? String == "nullsink" })
            #expect(sink["kind"] as? String == "audiooutput")
            #expect(sink["label"] as? String == "NullSink")
        } catch {
            Issue.record("\(error)\n\(daemon.logText())")
        }
        await daemon.stop()
    }

    @Test func watchPrintsAddedAndRemoved() async throws {
        let binary = try Self.binary()
        let daemon = try await PulseAudioDaemon.start()
        do {
            let (status, text) = try await daemon.run(binary, ["devices", "--watch", "3"], timeout: .seconds(10)) { read in
                // The list is printed after subscribing: wait for it, then plug and unplug a sink.
                let deadline = ContinuousClock.now + .seconds(5)
                while !read().contains("nullsink.monitor"), ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(20))
                }
                let module = try await daemon.pactl(["load-module", "module-null-sink", "sink_name=extra",
                                                     "sink_properties=device.description=Extra"])
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                let added = ContinuousClock.now + .seconds(2)
                while !read().contains("change: added, device: {deviceId: extra,"), ContinuousClock.now < added {
                    try await Task.sleep(for: .milliseconds(20))
                }
                try await daemon.pactl(["unload-module", module])
            }
            #expect(status == 0, "\(text)")
            #expect(text.contains(
                "audioDeviceChange {change: added, device: {deviceId: extra, label: Extra, kind: audiooutput, isMonitor: false}}"),
                "\(text)")
            #expect(text.contains(
                "audioDeviceChange {change: removed, device: {deviceId: extra, label: Extra, kind: audiooutput, isMonitor: false}}"),
                "\(text)")
            #expect(text.contains("audioDeviceChange {change: added, device: {deviceId: extra.monitor,"), "\(text)")
        } catch {
            Issue.record("\(error)\n\(daemon.logText())")
        }
        await daemon.stop()
    }

    @Test func noServerExitsWithOneAndSaysWhy() async throws {
        let binary = try Self.binary()
        let daemon = try await PulseAudioDaemon.start()
        await daemon.kill()
        do {
            let (status, text) = try await daemon.run(binary, ["devices"], timeout: .seconds(10))
            #expect(status == 1)
            #expect(text.contains("plivo-phone: cannot connect to PulseAudio:"), "\(text)")
        } catch {
            Issue.record("\(error)")
        }
        await daemon.stop()
    }
}
