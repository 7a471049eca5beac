import AudioDevices
import AudioPipeline
import Foundation
import Testing

/// `parec`, from pulseaudio-utils.
private let parecBinary: String? = ["/usr/bin/parec", "/usr/local/bin/parec"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }

/// `PulseAudioPlayback`/`PulseAudioCapture` and their `AudioPipeline` adapters against a real
/// PulseAudio 16.1 daemon started per test. Real time: the daemon plays at 48 kHz.
@Suite(.enabled(if: PulseAudioDaemon.isAvailable && parecBinary != nil,
                "pulseaudio/pactl/parec not installed (make peer-deps installs pulseaudio pulseaudio-utils)"),
       .timeLimit(.minutes(1)))
struct PulseAudioStreamTests {
    @Test func playbackOfA440HzToneIsRecordedFromTheNullSinkMonitor() async throws {
        let parec = try #require(parecBinary)
        let daemon = try await PulseAudioDaemon.start()
        do {
            let recording = daemon.folder.appendingPathComponent("rec.raw").path
            let tone = ToneSource(frequency: 440, sampleRate: 48_000, amplitude: 0.3)
            var played: [Int16] = []
            let (status, output) = try await daemon.run(
                "/usr/bin/timeout",
                ["4", parec, "-d", "nullsink.monitor", "--raw", "--format=s16le", "--rate=48000",
                 "--channels=1", "--latency-msec=20", recording],
                timeout: .seconds(6)
            ) { _ in
                // Wait (bounded) until parec's record stream is connected.
                let deadline = ContinuousClock.now + .seconds(3)
                while ContinuousClock.now < deadline {
                    if let outputs = try? await daemon.pactl(["list", "short", "source-outputs"]),
                       !outputs.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { break }
                    try await Task.sleep(for: .milliseconds(50))
                }
                let playback = try await PulseAudioPlayback.open(server: daemon.server, device: "nullsink")
                let sink = DeviceAudioSink()
                sink.attach(playback)
                var frame = [Int16](repeating: 0, count: 960)
                // 2 s in 20 ms frames, keeping ≤ 100 ms in the ring (the server drains it in real time).
                for _ in 0..<100 {
                    while playback.bufferedSamples > 4_800 { try await Task.sleep(for: .milliseconds(5)) }
                    _ = frame.withUnsafeMutableBufferPointer { tone.read(into: $0) }
                    frame.withUnsafeBufferPointer { sink.write($0) }
                    played += frame
                }
                let drained = ContinuousClock.now + .seconds(1)
                while playback.bufferedSamples > 0 && ContinuousClock.now < drained {
                    try await Task.sleep(for: .milliseconds(10))
                }
                try await Task.sleep(for: .milliseconds(200))
                #expect(playback.state == .ready)
                #expect(playback.overflows == 0)
                try sink.close()
                #expect(playback.state == .closed)
            }
            #expect(status == 124 || status == 0, "parec: \(output)")
            let bytes = try #require(FileManager.default.contents(atPath: recording))
            let samples = bytes.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
            let first = try #require(samples.firstIndex { abs(Int($0)) > 3_000 }, "silent recording")
            let last = try #require(samples.lastIndex { abs(Int($0)) > 3_000 })
            let heard = Array(samples[first...last])
            #expect(heard.count > 90_000 && heard.count < 102_000, "tone lasted \(heard.count) samples")
            let analysis = ToneAnalyzer.analyze(heard, sampleRate: 48_000)
            let reference = ToneAnalyzer.analyze(played, sampleRate: 48_000)
            #expect(abs(analysis.dominantFrequency - 440) <= 2, "\(analysis)")
            #expect(abs(analysis.rmsDBFS - reference.rmsDBFS) <= 3, "heard \(analysis), played \(reference)")
        } catch {
            Issue.record("\(error)\n\(daemon.logText())")
        }
        await daemon.stop()
    }

    @Test func captureFromASineSourceHears880Hz() async throws {
        let daemon = try await PulseAudioDaemon.start()
        do {
            try await daemon.pactl(["load-module", "module-sine-source", "source_name=sine880",
                                    "frequency=880", "rate=48000"])
            // module-sine-source ignores the requested fragment size and posts ~2 s at once,
            // so this ring holds 2.5 s.
            let capture = try await PulseAudioCapture.open(server: daemon.server, device: "sine880",
                                                           bufferMilliseconds: 2_500)
            let source = DeviceAudioSource()
            source.attach(capture)
            var captured: [Int16] = []
            var chunk = [Int16](repeating: 0, count: 24_000)
            let deadline = ContinuousClock.now + .seconds(3)
            while captured.count < 48_000 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
                let available = min(capture.availableSamples, chunk.count, 48_000 - captured.count)
                guard available > 0 else { continue }
                let taken = chunk.withUnsafeMutableBufferPointer {
                    capture.read(into: UnsafeMutableBufferPointer(rebasing: $0[..<available]))
                }
                captured += chunk[..<taken]
            }
            #expect(captured.count == 48_000)
            #expect(capture.overflows == 0)
            let analysis = ToneAnalyzer.analyze(captured, sampleRate: 48_000)
            #expect(abs(analysis.dominantFrequency - 880) <= 2, "\(analysis)")

            var frame = [Int16](repeating: 1, count: 960)
            #expect(frame.withUnsafeMutableBufferPointer { source.read(into: $0) })
            source.close()
            #expect(capture.state == .closed)
            #expect(!frame.withUnsafeMutableBufferPointer { source.read(into: $0) })
            #expect(frame.allSatisfy { $0 == 0 })
        } catch {
            Issue.record("\(error)\n\(daemon.logText())")
        }
        await daemon.stop()
    }

    @Test func aDeviceThatDoesNotExistIsATypedError() async throws {
        let daemon = try await PulseAudioDaemon.start()
        do {
            let playback = try await PulseAudioPlayback.open(server: daemon.server, device: "nosuchsink")
            Issue.record("played to nothing: \(playback.state)")
        } catch {
            #expect(error == .noSuchDevice("nosuchsink"))
        }
        do {
            let capture = try await PulseAudioCapture.open(server: daemon.server, device: "nosuchsource")
            Issue.record("recorded from nothing: \(capture.state)")
        } catch {
            #expect(error == .noSuchDevice("nosuchsource"))
        }
        await daemon.stop()
        do {
            let playback = try await PulseAudioPlayback.open(server: daemon.server, device: "nullsink")
            Issue.record("played without a server: \(playback.state)")
        } catch {
            guard case .connectionFailed = error else {
                Issue.record("expected connectionFailed, got \(error)")
                return
            }
        }
    }

    @Test func aDaemonThatDiesWhilePlayingLeavesServerGone() async throws {
        let daemon = try await PulseAudioDaemon.start()
        do {
            let playback = try await PulseAudioPlayback.open(server: daemon.server, device: "nullsink")
            let capture = try await PulseAudioCapture.open(server: daemon.server, device: "nullsink.monitor")
            let tone = ToneSource(frequency: 440)
            var frame = [Int16](repeating: 0, count: 960)
            for _ in 0..<10 {
                _ = frame.withUnsafeMutableBufferPointer { tone.read(into: $0) }
                frame.withUnsafeBufferPointer { playback.write($0) }
                try await Task.sleep(for: .milliseconds(20))
            }
            await daemon.kill()
            let deadline = ContinuousClock.now + .seconds(3)
            while ContinuousClock.now < deadline {
                if case .failed = playback.state, case .failed = capture.state { break }
                frame.withUnsafeBufferPointer { playback.write($0) }
                _ = frame.withUnsafeMutableBufferPointer { capture.read(into: $0) }
                try await Task.sleep(for: .milliseconds(20))
            }
            guard case .failed(.serverGone) = playback.state else {
                Issue.record("playback: \(playback.state)")
                return
            }
            guard case .failed(.serverGone) = capture.state else {
                Issue.record("capture: \(capture.state)")
                return
            }
            frame.withUnsafeBufferPointer { playback.write($0) }
            #expect(playback.bufferedSamples == 0)
            #expect(frame.withUnsafeMutableBufferPointer { capture.read(into: $0) } == 0)
            playback.close()
            capture.close()
            guard case .failed(.serverGone) = playback.state else {
                Issue.record("after close: \(playback.state)")
                return
            }
        } catch {
            Issue.record("\(error)\n\(daemon.logText())")
        }
        await daemon.stop()
    }
}
