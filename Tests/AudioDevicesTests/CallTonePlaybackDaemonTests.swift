import AudioDevices
import AudioPipeline
import Foundation
import StackCore
import Testing

private let parecBinary: String? = ["/usr/bin/parec", "/usr/local/bin/parec"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }

/// The ringtone played by `CallTonePlayer` to the ringtone device chosen with the manager
/// (`ringtoneDevices.set`), a null sink of a real PulseAudio daemon, recorded from its monitor
/// by `parec`: the US ring, 440 + 480 Hz at −15 dBFS each, on for 2 s then off.
@Suite(.enabled(if: PulseAudioDaemon.isAvailable && parecBinary != nil,
                "pulseaudio/pactl/parec not installed (make peer-deps installs pulseaudio pulseaudio-utils)"),
       .timeLimit(.minutes(1)))
struct CallTonePlaybackDaemonTests {
    @Test func theRingtoneIsHeardOnTheRingtoneDeviceWithItsFrequenciesLevelAndCadence() async throws {
        let parec = try #require(parecBinary)
        let daemon = try await PulseAudioDaemon.start()
        let manager = AudioDeviceManager(backend: PulseAudioBackend(server: daemon.server))
        do {
            try await daemon.pactl(["load-module", "module-null-sink", "sink_name=ring",
                                    "sink_properties=device.description=Ringer", "rate=48000"])
            #expect(await manager.start())
            _ = try await manager.availableDevices()
            #expect(await manager.set(.ringtone, deviceId: "ring"))
            let recording = daemon.folder.appendingPathComponent("ring.raw").path
            let player = CallTonePlayer(library: CallToneLibrary())
            _ = try await daemon.run(
                "/usr/bin/timeout",
                ["9", parec, "-d", "ring.monitor", "--raw", "--format=s16le", "--rate=48000", "--channels=1",
                 "--latency-msec=20", recording],
                timeout: .seconds(11)
            ) { _ in
                // A null sink renders in blocks of up to 2 s until a low-latency client is there;
                // parec's first bytes show the sink has switched to its short blocks (a real sound
                // card starts at once), so the whole ring is recorded.
                let deadline = ContinuousClock.now + .seconds(5)
                while ContinuousClock.now < deadline {
                    let size = (try? FileManager.default.attributesOfItem(atPath: recording)[.size] as? Int) ?? 0
                    if size > 0 { break }
                    try await Task.sleep(for: .milliseconds(20))
                }
                let ringer = await manager.openSpeaker(role: .ringtone)
                #expect(ringer.isAttached)
                #expect(player.play(.ringtone, to: ringer, closingSink: true))
                #expect(player.playing == .ringtone)
                try await Task.sleep(for: .milliseconds(4_500))
                player.stop()
            }
            let bytes = try #require(FileManager.default.contents(atPath: recording))
            let samples = bytes.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
            let first = try #require(samples.firstIndex { abs(Int($0)) > 2_000 }, "nothing played: \(samples.count) samples")
            let last = try #require(samples.lastIndex { abs(Int($0)) > 2_000 })
            let onSeconds = Double(last - first) / 48_000
            // On for 2 s, then the 4 s pause (the recording ends inside it).
            // 2 s of ring; a stall of this (busy, shared) test process longer than the player's
            // 240 ms lead would show as a gap inside it, so allow some.
            #expect(onSeconds > 1.9 && onSeconds < 2.5, "the ring lasted \(onSeconds) s")
            #expect(samples.count - last > 48_000, "no pause after the ring")
            let ring = Array(samples[(first + 4_800)..<(last - 4_800)])
            // Levels per 100 ms window: a machine under load may starve the player for a moment
            // (a gap the sink fills with silence), which must not hide the tone's true level.
            func levels(_ frequency: Double) -> [Double] {
                stride(from: 0, to: ring.count - 4_800, by: 4_800).map { start in
                    10 * log10(max(ToneAnalyzer.goertzelPower(Array(ring[start..<start + 4_800]), sampleRate: 48_000,
                                                              frequency: frequency), 1e-12))
                }
            }
            var medians: [Double] = []
            for frequency in [440.0, 480.0] {
                let windows = levels(frequency).sorted()
                let median = windows[windows.count / 2]
                medians.append(median)
                #expect(abs(median - -15) < 0.3, "\(frequency) Hz: median \(median) dBFS over \(windows)")
                #expect(windows.filter { abs($0 - -15) < 1 }.count * 10 >= windows.count * 7,
                        "\(frequency) Hz: under 70% of the windows within 1 dB of -15 dBFS: \(windows)")
            }
            let stray = 10 * log10(max(ToneAnalyzer.goertzelPower(ring, sampleRate: 48_000, frequency: 1_000), 1e-12))
            #expect(stray < -60, "1 kHz at \(stray) dBFS")
            print("CallTonePlayback: ringtone on ring.monitor for \(String(format: "%.3f", onSeconds)) s, median of 100 ms windows "
                  + "440 Hz \(String(format: "%.2f", medians[0])) dBFS, 480 Hz \(String(format: "%.2f", medians[1])) dBFS")
        } catch {
            await manager.close()
            await daemon.stop()
            throw error
        }
        await manager.close()
        await daemon.stop()
    }
}
