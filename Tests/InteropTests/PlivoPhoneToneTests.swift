import AudioPipeline
import Foundation
import Testing

private let parecBinary: String? = ["/usr/bin/parec", "/usr/local/bin/parec"].first { FileManager.default.isExecutableFile(atPath: $0) }

/// The call tones through plivo-phone, a real Kamailio and a real PulseAudio daemon: bob's
/// ringtone on his sink while his phone rings (`--answer-after 3`), alice's ringback on hers,
/// then each hears the other's tone; both sinks' monitors are recorded by `parec` and cut
/// into 100 ms windows classified by their Goertzel powers.
@Suite(.serialized, .timeLimit(.minutes(2)),
       .enabled(if: PulseAudioDaemon.isAvailable && parecBinary != nil, "pulseaudio/parec not installed"))
struct PlivoPhoneToneTests {
    enum Window: Equatable { case ring, tone, other, silence }

    /// 100 ms windows: `.ring` (440 and 480 Hz each above −25 dBFS), `.tone` (`toneHz` above
    /// −30 dBFS), `.silence` (below −60 dBFS overall), `.other`.
    static func windows(_ path: String, toneHz: Double) throws -> [Window] {
        let bytes = try #require(FileManager.default.contents(atPath: path))
        let samples = bytes.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
        return stride(from: 0, to: samples.count - 4_800, by: 4_800).map { start in
            let window = Array(samples[start..<start + 4_800])
            func level(_ hz: Double) -> Double {
                10 * log10(max(ToneAnalyzer.goertzelPower(window, sampleRate: 48_000, frequency: hz), 1e-12))
            }
            if level(440) > -25 && level(480) > -25 { return .ring }
            if level(toneHz) > -30 { return .tone }
            let rms = window.withUnsafeBufferPointer { ToneAnalyzer.rmsDBFS($0) }
            return rms < -60 ? .silence : .other
        }
    }

    @Test("bob's ringtone rings 2 s on his sink, alice hears the ringback, then each hears the other")
    func ringtoneAndRingback() async throws {
        let parec = try #require(parecBinary)
        let daemon = try await PulseAudioDaemon.start()
        do {
            for sink in ["bobspk", "alicespk"] {
                try await daemon.pactl(["load-module", "module-null-sink", "sink_name=\(sink)", "rate=48000"])
            }
            let bobRecording = daemon.folder.appendingPathComponent("bob.raw").path
            let aliceRecording = daemon.folder.appendingPathComponent("alice.raw").path
            let environment = ["PULSE_SERVER": daemon.server]
            func record(_ sink: String, _ file: String) -> [String] {
                ["10", parec, "-d", "\(sink).monitor", "--raw", "--format=s16le", "--rate=48000", "--channels=1",
                 "--latency-msec=20", file]
            }
            try await KamailioProcess.with { kamailio in
                _ = try await daemon.run("/usr/bin/timeout", record("bobspk", bobRecording), timeout: .seconds(14)) { _ in
                _ = try await daemon.run("/usr/bin/timeout", record("alicespk", aliceRecording), timeout: .seconds(14)) { _ in
                    // Null sinks render 2 s blocks until a low-latency client is there: wait for
                    // parec's first bytes on both.
                    let deadline = ContinuousClock.now + .seconds(5)
                    while ContinuousClock.now < deadline {
                        let sizes = [bobRecording, aliceRecording].map {
                            (try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int) ?? 0
                        }
                        if sizes.allSatisfy({ $0 > 0 }) { break }
                        try await Task.sleep(for: .milliseconds(20))
                    }
                    let bob = try PhoneProcess(["--server", kamailio.webSocketURL, "--user", "bob", "--password", "bob-pw",
                                                "answer", "--count", "1", "--answer-after", "3", "--tone", "600",
                                                "--output-device", "bobspk"], environment: environment)
                    try await bob.waitForLine(startingWith: "onLogin")
                    let alice = try PhoneProcess(["--server", kamailio.webSocketURL, "--user", "alice", "--password", "alice-pw",
                                                  "call", "bob", "--hangup-after", "3", "--tone", "1000",
                                                  "--output-device", "alicespk"], environment: environment)
                    let aliceOutput = await alice.finish()
                    let bobOutput = await bob.finish()
                    #expect(aliceOutput.status == 0, "\(aliceOutput)")
                    #expect(bobOutput.status == 0, "\(bobOutput)")
                }
                }
            }
            for (name, file, heardHz) in [("bob", bobRecording, 1000.0), ("alice", aliceRecording, 600.0)] {
                let windows = try Self.windows(file, toneHz: heardHz)
                let rings = windows.indices.filter { windows[$0] == .ring }
                let tones = windows.indices.filter { windows[$0] == .tone }
                let summary = windows.map { switch $0 { case .ring: "R"; case .tone: "T"; case .other: "o"; case .silence: "." } }.joined()
                print("PlivoPhoneTone: \(name)'s sink: \(summary)")
                // One 2 s ring (20 windows, ±2 for the edges), before the answer; then the other's tone.
                #expect((18...21).contains(rings.count), "\(name): \(rings.count) ring windows: \(summary)")
                #expect(tones.count >= 15, "\(name): \(tones.count) windows of \(heardHz) Hz: \(summary)")
                if let lastRing = rings.last, let firstTone = tones.first {
                    #expect(lastRing < firstTone, "\(name): the ring after the answer: \(summary)")
                    #expect(firstTone - lastRing >= 5, "\(name): no pause between the ring and the answer: \(summary)")
                }
            }
        } catch {
            await daemon.stop()
            throw error
        }
        await daemon.stop()
    }
}
