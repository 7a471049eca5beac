import AudioPipeline
import Foundation
import Testing

private let parecPath: String? = ["/usr/bin/parec", "/usr/local/bin/parec"].first { FileManager.default.isExecutableFile(atPath: $0) }
private let pacatPath: String? = ["/usr/bin/pacat", "/usr/local/bin/pacat"].first { FileManager.default.isExecutableFile(atPath: $0) }

/// `plivo-phone --input-device/--output-device` with a real PulseAudio 16.1 daemon and a real
/// Kamailio: alice sends from a PulseAudio source — the monitor of a null sink `mic` that `pacat`
/// plays an 880 Hz tone into in real time (`module-sine-source` delivers ~2 s bursts, which a
/// 500 ms capture ring cannot hold) — and bob plays
/// what he hears to the daemon's null sink, whose monitor `parec` records; bob also keeps a
/// WAV copy (`--audio-out` next to `--output-device`).
@Suite(.serialized, .timeLimit(.minutes(2)),
       .enabled(if: PulseAudioDaemon.isAvailable && parecPath != nil && pacatPath != nil,
                "pulseaudio/pactl/parec not installed (make peer-deps installs pulseaudio pulseaudio-utils)"))
struct PlivoPhonePulseAudioTests {
    @Test("A tone on alice's PulseAudio source reaches bob's PulseAudio null sink through a DTLS-SRTP call")
    func deviceToDevice() async throws {
        let parec = try #require(parecPath)
        let pacat = try #require(pacatPath)
        let daemon = try await PulseAudioDaemon.start()
        do {
            try await daemon.pactl(["load-module", "module-null-sink", "sink_name=mic", "rate=48000"])
            // 12 s of 880 Hz, s16le mono 48 kHz, for pacat to play into `mic` in real time.
            let toneFile = try daemon.toneFile(frequency: 880, count: 576_000)
            let recording = daemon.folder.appendingPathComponent("monitor.raw").path
            let bobCopy = daemon.folder.appendingPathComponent("bob.wav").path
            let environment = ["PULSE_SERVER": daemon.server]
            try await KamailioProcess.with { kamailio in
                // pacat feeds the "microphone" while parec records the null sink's monitor for 7 s
                // and the call runs.
                _ = try await daemon.run(
                    pacat, ["--playback", "-d", "mic", "--raw", "--format=s16le", "--rate=48000", "--channels=1", toneFile],
                    timeout: .seconds(18)
                ) { _ in
                let (_, _) = try await daemon.run(
                    "/usr/bin/timeout", ["9", parec, "-d", "nullsink.monitor", "--raw", "--format=s16le", "--rate=48000",
                                         "--channels=1", "--latency-msec=20", recording],
                    timeout: .seconds(14)
                ) { _ in
                    let bob = try PhoneProcess(["--server", kamailio.webSocketURL, "--user", "bob", "--password", "bob-pw",
                                                "answer", "--count", "1", "--output-device", "nullsink", "--audio-out", bobCopy],
                                               environment: environment)
                    try await bob.waitForLine(startingWith: "onLogin")
                    let alice = try PhoneProcess(["--server", kamailio.webSocketURL, "--user", "alice", "--password", "alice-pw",
                                                  "call", "bob", "--hangup-after", "5", "--input-device", "mic.monitor"],
                                                 environment: environment)
                    let aliceOutput = await alice.finish()
                    let bobOutput = await bob.finish()
                    #expect(aliceOutput.status == 0, "\(aliceOutput)")
                    #expect(bobOutput.status == 0, "\(bobOutput)")
                }
                }
            }
            // What bob heard, as recorded by the WAV copy: alice's PulseAudio source.
            let copy = try WAVFile.read(path: bobCopy)
            let heard = ToneAnalyzer.analyze(Array(copy.samples.dropLast(4_800).suffix(48_000)), sampleRate: 48_000)
            #expect(abs(heard.dominantFrequency - 880) < 5, "bob's copy: \(heard)")
            #expect(copy.samples.filter { abs(Int($0)) > 1_000 }.count > 48_000, "bob's copy has under a second of tone")
            let copyLoud = copy.samples.enumerated().filter { abs(Int($0.element)) > 1_000 }.map(\.offset)
            print("PlivoPhonePulseAudio: bob's copy \(copy.samples.count) samples, \(copyLoud.count) loud, from \(copyLoud.first ?? -1) to \(copyLoud.last ?? -1)")
            // What bob's PulseAudio sink played: the monitor recording carries the same tone.
            let (samples, loud) = try PulseAudioDaemon.recording(recording)
            // A null sink's monitor delivers its first chunk only after up to ~2 s (toolchain.md §7):
            // that delays alice's "microphone" (mic.monitor) and parec alike, so of the 5 s call
            // ask for one second of tone on each side.
            #expect(loud.count > 48_000, "the null sink's monitor got \(samples.count) samples, \(loud.count) loud")
            if let first = loud.first, let last = loud.last, last - first > 24_000 {
                let played = ToneAnalyzer.analyze(Array(samples[first..<last]), sampleRate: 48_000)
                #expect(abs(played.dominantFrequency - 880) < 5, "the sink played \(played)")
                print("PlivoPhonePulseAudio: monitor \(samples.count) samples, loud from \(first) to \(last); bob's copy \(String(format: "%.1f", heard.dominantFrequency)) Hz; the null sink played "
                      + "\(String(format: "%.1f", played.dominantFrequency)) Hz at \(String(format: "%.1f", played.rmsDBFS)) dBFS "
                      + "for \((last - first) / 48) ms")
            }
        } catch {
            await daemon.stop()
            throw error
        }
        await daemon.stop()
    }

    @Test("The sound server dies mid-call: the call goes on with silence, and the devices come back with the daemon")
    func daemonDiesMidCall() async throws {
        let pacat = try #require(pacatPath)
        var daemon = try await PulseAudioDaemon.start()
        do {
            try await daemon.pactl(["load-module", "module-null-sink", "sink_name=mic", "rate=48000"])
            let toneFile = try daemon.toneFile(frequency: 880, count: 480_000)
            let bobFile = daemon.folder.appendingPathComponent("bob.wav").path
            let environment = ["PULSE_SERVER": daemon.server]
            var aliceOutput: PlivoPhoneRunner.Output?
            try await KamailioProcess.with { kamailio in
                _ = try await daemon.run(
                    pacat, ["--playback", "-d", "mic", "--raw", "--format=s16le", "--rate=48000", "--channels=1", toneFile],
                    timeout: .seconds(20)
                ) { _ in
                    let bob = try PhoneProcess(["--server", kamailio.webSocketURL, "--user", "bob", "--password", "bob-pw",
                                                "answer", "--count", "1", "--audio-out", bobFile])
                    try await bob.waitForLine(startingWith: "onLogin")
                    let alice = try PhoneProcess(["--server", kamailio.webSocketURL, "--user", "alice", "--password", "alice-pw",
                                                  "call", "bob", "--hangup-after", "9", "--input-device", "mic.monitor"],
                                                 environment: environment)
                    try await alice.waitForLine(startingWith: "onMediaConnected")
                    try await Task.sleep(for: .seconds(3))
                    await daemon.kill()
                    try await alice.waitForLine(startingWith: "audioServerLost")
                    try await Task.sleep(for: .seconds(1))
                    daemon = try await daemon.restart()
                    try await alice.waitForLine(startingWith: "audioServerRestored")
                    aliceOutput = await alice.finish()
                    let bobOutput = await bob.finish()
                    #expect(bobOutput.status == 0, "\(bobOutput)")
                }
            }
            let alice = try #require(aliceOutput)
            #expect(alice.status == 0, "\(alice)")
            let lines = alice.stdout.split(separator: "\n").map(String.init)
            func index(_ prefix: String) -> Int? { lines.firstIndex { $0.hasPrefix(prefix) } }
            let order = ["onMediaPermission {status: success", "onMediaConnected", "audioServerLost",
                         "onMediaPermission {status: failure, error: NotReadableError}", "audioServerRestored",
                         "audioDeviceChange {change: added", "onCallTerminated"]
            let positions = order.map(index)
            #expect(positions.allSatisfy { $0 != nil }, "\(order) in \(lines)")
            #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "order: \(lines)")
            let lastSuccess = lines.lastIndex { $0.hasPrefix("onMediaPermission {status: success") }
            #expect((lastSuccess ?? -1) > (index("audioServerRestored") ?? Int.max), "no onMediaPermission success after the restart: \(lines)")
            // Bob heard the tone before the daemon died, and the call went on to its end.
            let heard = try WAVFile.read(path: bobFile)
            #expect(heard.duration > 8, "bob's recording is \(heard.duration) s")
            let loud = heard.samples.filter { abs(Int($0)) > 1_000 }.count
            #expect(loud > 24_000, "bob heard \(loud) loud samples")
        } catch {
            await daemon.stop()
            throw error
        }
        await daemon.stop()
    }
}
