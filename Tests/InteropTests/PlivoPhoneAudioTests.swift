import AudioPipeline
import Foundation
import Testing

/// `plivo-phone call`/`answer` with `--audio-in` and `--audio-out` through a real Kamailio:
/// two of our phones speak DTLS-SRTP (UDP/TLS/RTP/SAVPF, ICE, Opus) to each other over
/// WebSocket signalling; each records what it hears, and the recordings carry the other's tone.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct PlivoPhoneAudioTests {
    @Test("ws → ws with DTLS-SRTP: alice sends a 1000 Hz WAV, bob the default 440 Hz tone; each recording has the other's tone")
    func twoWayAudio() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("phone-audio-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("alice-in.wav").path
        let aliceHeard = folder.appendingPathComponent("alice-heard.wav").path
        let bobHeard = folder.appendingPathComponent("bob-heard.wav").path
        // 5 s of 1000 Hz at 16 kHz (the phone resamples it to Opus' 48 kHz).
        let tone = ToneSource(frequency: 1_000, sampleRate: 16_000)
        var samples = [Int16](repeating: 0, count: 16_000 * 5)
        samples.withUnsafeMutableBufferPointer { _ = tone.read(into: $0) }
        try WAVFile.write(path: input, sampleRate: 16_000, channels: 1, samples: samples)

        try await KamailioProcess.with { kamailio in
            let (alice, bob) = try await PlivoPhoneCallTests.callBob(
                kamailio, bobArguments: ["answer", "--count", "1", "--audio-out", bobHeard],
                aliceArguments: ["call", "bob", "--hangup-after", "3", "--audio-in", input, "--audio-out", aliceHeard,
                                 "--dtmf", "7#", "--dtmf-type", "inband"])
            #expect(alice.status == 0, "\(alice)")
            #expect(bob.status == 0, "\(bob)")
            #expect(alice.eventNames.contains("onMediaConnected") && bob.eventNames.contains("onMediaConnected"))
            // The digits went as RFC 4733 events in the SRTP stream (no INFO): bob's engine saw them.
            #expect(bob.lines.contains("onDtmfReceived {tone: 7, duration: 100}"), "\(bob)")
            #expect(bob.lines.contains("onDtmfReceived {tone: #, duration: 100}"), "\(bob)")
            // DTMF (7 and #, 100 ms each) replaced ~0.4 s of alice's audio early on; the tail is clean.
            for (name, path, expected) in [("bob", bobHeard, 1_000.0), ("alice", aliceHeard, 440.0)] {
                let file = try WAVFile.read(path: path)
                #expect(file.format.sampleRate == 48_000 && file.format.channels == 1, "\(name): \(file.format)")
                // At least 2 s recorded; the last second (before the hang-up) carries the tone.
                #expect(file.samples.count >= 2 * 48_000, "\(name): \(file.samples.count) samples")
                let tail = Array(file.samples.dropLast(4_800).suffix(48_000))
                let heard = ToneAnalyzer.analyze(tail, sampleRate: 48_000)
                #expect(abs(heard.dominantFrequency - expected) < 5, "\(name) heard \(heard)")
                #expect(heard.rmsDBFS > -25, "\(name) heard \(heard)")
                print("PlivoPhoneAudio: \(name) heard \(String(format: "%.1f", heard.dominantFrequency)) Hz at "
                      + "\(String(format: "%.1f", heard.rmsDBFS)) dBFS over \(file.samples.count / 48) ms")
            }
        }
    }
}
