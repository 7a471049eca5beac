import AudioPipeline
import AudioProcessing
import Foundation
import Testing

private let pacatBinary: String? = ["/usr/bin/pacat", "/usr/local/bin/pacat"].first { FileManager.default.isExecutableFile(atPath: $0) }

/// The seed's audio features through plivo-phone, a real Kamailio and (for the microphone) a
/// real PulseAudio daemon: `volume` events, `mute` with `speaking_on_mute`, and noise reduction.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct PlivoPhoneAudioFeatureTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Fixtures/audio").standardized

    /// The JSON objects of `--json` output lines named `event`.
    static func events(_ name: String, in lines: [String]) -> [[String: Any]] {
        lines.compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  object["event"] as? String == name else { return nil }
            return object
        }
    }

    @Test("volume events at ~60/s read the pacat-fed tone's level; speech while muted raises speaking_on_mute",
          .enabled(if: PulseAudioDaemon.isAvailable && pacatBinary != nil, "pulseaudio/pacat not installed"))
    func volumeAndSpeakingOnMute() async throws {
        let pacat = try #require(pacatBinary)
        let daemon = try await PulseAudioDaemon.start()
        do {
            try await daemon.pactl(["load-module", "module-null-sink", "sink_name=mic", "rate=48000"])
            // The "microphone": 4 s of 1 kHz at half scale, then the speech fixture twice.
            let tone = ToneSource(frequency: 1000, sampleRate: 48_000, amplitude: 0.5)
            var samples = [Int16](repeating: 0, count: 4 * 48_000)
            samples.withUnsafeMutableBufferPointer { _ = tone.read(into: $0) }
            let speech = try WAVFile.read(path: Self.fixtures.appendingPathComponent("speech-clean.wav").path)
            samples += speech.samples + speech.samples
            let feed = daemon.folder.appendingPathComponent("mic.raw").path
            try samples.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: feed)) }
            let bobFile = daemon.folder.appendingPathComponent("bob.wav").path
            var alice: PlivoPhoneRunner.Output?
            try await KamailioProcess.with { kamailio in
                _ = try await daemon.run(
                    pacat, ["--playback", "-d", "mic", "--raw", "--format=s16le", "--rate=48000", "--channels=1", feed],
                    timeout: .seconds(20)
                ) { _ in
                    let bob = try PhoneProcess(["--server", kamailio.webSocketURL, "--user", "bob", "--password", "bob-pw",
                                                "answer", "--count", "1", "--audio-out", bobFile])
                    try await bob.waitForLine(startingWith: "onLogin")
                    let caller = try PhoneProcess(["--server", kamailio.webSocketURL, "--user", "alice", "--password", "alice-pw",
                                                   "--json", "call", "bob", "--hangup-after", "10", "--mute-after", "5",
                                                   "--volume-events", "--input-device", "mic.monitor"],
                                                  environment: ["PULSE_SERVER": daemon.server])
                    alice = await caller.finish()
                    _ = await bob.finish()
                }
            }
            let output = try #require(alice)
            #expect(output.status == 0, "\(output.stderr)")
            let lines = output.lines
            let volumes = Self.events("volume", in: lines)
            let times = volumes.compactMap { $0["t_ms"] as? Int }
            let span = Double((times.last ?? 0) - (times.first ?? 0)) / 1000
            let rate = Double(volumes.count - 1) / max(span, 0.001)
            #expect(span > 8 && (50...66).contains(rate), "\(volumes.count) volume events over \(span) s = \(rate)/s")
            // Web Audio's scale for this tone, computed here from the same samples.
            var analyser = AudioLevelAnalyser()
            var expected = 0.0
            for start in stride(from: 0, to: 48_000, by: 960) {
                expected = samples[start..<start + 960].withUnsafeBufferPointer { analyser.analyse($0, channels: 1) }
            }
            let inputs = volumes.compactMap { ($0["inputVolume"] as? String).flatMap(Double.init) }
            let near = inputs.filter { abs($0 - expected) <= 0.01 }
            #expect(near.count > 60, "inputVolume near \(expected) in \(near.count) of \(inputs.count) events: \(inputs.prefix(400))")
            #expect(volumes.allSatisfy { ($0["inputVolume"] as? String)?.count == 5 && ($0["outputVolume"] as? String)?.count == 5 })
            // Speech after the mute: one or more speaking_on_mute metrics, with the seed's payload.
            let metrics = Self.events("mediaMetrics", in: lines)
            #expect(!metrics.isEmpty, "no mediaMetrics: \(output.stderr)")
            for metric in metrics {
                #expect(metric["type"] as? String == "speaking_on_mute")
                #expect(metric["group"] as? String == "audio" && metric["level"] as? String == "warning")
                #expect(metric["active"] as? Bool == true && metric["value"] as? String == "0")
                #expect(metric["desc"] as? String == "User is trying to speak on mute" && metric["stream"] as? String == "None")
            }
            let answered = lines.firstIndex { $0.contains("\"onCallAnswered\"") } ?? 0
            let firstMetric = lines.firstIndex { $0.contains("\"mediaMetrics\"") } ?? 0
            let answeredAt = (Self.events("onCallAnswered", in: lines).first?["t_ms"] as? Int) ?? 0
            let metricAt = (metrics.first?["t_ms"] as? Int) ?? 0
            #expect(firstMetric > answered && metricAt - answeredAt >= 5_000, "metric at \(metricAt) ms, answer at \(answeredAt) ms")
            // Bob heard the microphone before the mute and silence after it.
            let heard = try WAVFile.read(path: bobFile)
            let loudEarly = heard.samples.prefix(4 * 48_000).filter { abs(Int($0)) > 2_000 }.count
            let mutedPart = heard.samples.dropFirst(Int(6.5 * 48_000)).dropLast(24_000)
            let loudLate = mutedPart.filter { abs(Int($0)) > 300 }.count
            #expect(loudEarly > 24_000, "bob heard \(loudEarly) loud samples before the mute")
            #expect(!mutedPart.isEmpty && loudLate == 0, "bob heard \(loudLate) samples above -40 dBFS while alice was muted")
        } catch {
            await daemon.stop()
            throw error
        }
        await daemon.stop()
    }

    @Test("--noise-reduction: onNoiseReductionReady after onLogin, and steady noise reaches the callee far quieter")
    func noiseReduction() async throws {
        let noise = Self.fixtures.appendingPathComponent("noise-white.wav").path
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nr-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var levels: [Bool: Double] = [:]
        try await KamailioProcess.with { kamailio in
            for reduce in [false, true] {
                let bobFile = folder.appendingPathComponent("bob-\(reduce).wav").path
                let bob = try PhoneProcess(["--server", kamailio.webSocketURL, "--user", "bob", "--password", "bob-pw",
                                            "answer", "--count", "1", "--audio-out", bobFile])
                try await bob.waitForLine(startingWith: "onLogin")
                let alice = try PhoneProcess(["--server", kamailio.webSocketURL, "--user", "alice", "--password", "alice-pw",
                                              "call", "bob", "--hangup-after", "4", "--audio-in", noise]
                                             + (reduce ? ["--noise-reduction"] : []))
                let aliceOutput = await alice.finish()
                _ = await bob.finish()
                #expect(aliceOutput.status == 0, "\(aliceOutput)")
                let lines = aliceOutput.lines
                if reduce {
                    let login = lines.firstIndex(of: "onLogin")
                    let ready = lines.firstIndex(of: "onNoiseReductionReady")
                    #expect(login != nil && ready == login.map { $0 + 1 }, "\(lines)")
                } else {
                    #expect(!lines.contains("onNoiseReductionReady"))
                }
                // The noise from 1.5 s to 3.5 s of what bob heard (after the suppressor adapted).
                let heard = try WAVFile.read(path: bobFile).samples
                let loud = heard.firstIndex { abs(Int($0)) > 500 } ?? 0
                let part = heard.dropFirst(loud + 72_000).prefix(96_000)
                let power = part.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(part.count, 1))
                levels[reduce] = 10 * log10(max(power, 1e-9) / (32_768.0 * 32_768.0))
            }
        }
        let plain = try #require(levels[false]), reduced = try #require(levels[true])
        print("PlivoPhoneAudioFeature: white noise at bob \(String(format: "%.1f", plain)) dBFS without, \(String(format: "%.1f", reduced)) dBFS with --noise-reduction")
        #expect(plain > -40, "the noise did not reach bob: \(plain) dBFS")
        #expect(reduced < plain - 10, "noise reduction took only \(plain - reduced) dB off")
    }
}
