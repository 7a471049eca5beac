import AudioPipeline
import Foundation
import Testing

/// `make demo` (the `plivo-demo` executable) runs in `make test`: its timeline has the seed's
/// events in order on both sides, the quality line, and the WAV files hold the tones sent.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct PlivoDemoTests {
    @Test("plivo-demo: login, call, ring, answer, media, DTMF both ways, mute/unmute, hangup, logout; WAVs hold the other side's tone")
    func demo() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        let demo = try PhoneProcess(["--out", folder.path], executable: "plivo-demo", timeout: 40)
        let output = await demo.finish()
        #expect(output.status == 0, "\(output)")
        let lines = output.lines
        // Each side's events, in order (the timeline interleaves the two).
        func events(_ who: String) -> [String] {
            lines.compactMap { line -> String? in
                // `+  1.049s  alice   onCallAnswered (outgoing)`: the time may be padded after the `+`.
                var parts = line.split(separator: " ", omittingEmptySubsequences: true)
                if parts.first == "+" { parts.removeFirst() }
                guard line.hasPrefix("+"), parts.count >= 3, parts[1] == who else { return nil }
                return String(parts[2])
            }
        }
        // Digits arrive while the script goes on, so they are counted apart from the order; so is
        // onMediaConnected, which may come before onCallAnswered (ICE can connect before the ACK
        // that confirms the call, the seed's onCallAnswered, arrives).
        let alice = events("alice"), bob = events("bob")
        let apart: Set<String> = ["onDtmfReceived", "onMediaConnected"]
        #expect(alice.filter { !apart.contains($0) } == [
            "onConnectionChange", "onLogin", "call(\"bob\")", "onCalling", "onCallRemoteRinging", "onCallAnswered",
            "sendDtmf(\"1\")", "sendDtmf(\"2\")", "sendDtmf(\"3\")", "mute()", "unmute()", "hangup()",
            "onCallTerminated", "onConnectionChange", "onLogout"], "\(output)")
        #expect(bob.filter { !apart.contains($0) } == [
            "onConnectionChange", "onLogin", "onIncomingCall", "answer()", "onCallAnswered",
            "sendDtmf(\"9\")", "onCallTerminated", "onConnectionChange", "onLogout"], "\(output)")
        #expect(alice.filter { $0 == "onDtmfReceived" }.count == 1 && bob.filter { $0 == "onDtmfReceived" }.count == 3)
        // Media connects once on each side, before any digit is sent.
        for side in [alice, bob] {
            #expect(side.filter { $0 == "onMediaConnected" }.count == 1)
            #expect((side.firstIndex(of: "onMediaConnected") ?? .max) < (side.firstIndex { $0.hasPrefix("sendDtmf") } ?? 0))
        }
        #expect(lines.contains { $0.hasPrefix("  alice  opus: MOS ") }, "\(output)")
        #expect(lines.contains("  DTMF received: alice \"9\", bob \"123\""), "\(output)")
        #expect(lines.last == "demo: ok")
        for (file, frequency) in [("alice-heard.wav", 440.0), ("bob-heard.wav", 880.0)] {
            let heard = try WAVFile.read(path: folder.appendingPathComponent(file).path)
            let rate = heard.format.sampleRate
            #expect(heard.samples.count > rate * 7, "\(file): \(heard.samples.count) samples")
            let analysis = ToneAnalyzer.analyze(Array(heard.samples.suffix(rate)), sampleRate: rate)
            #expect(abs(analysis.dominantFrequency - frequency) < 5, "\(file): \(analysis)")
        }
    }
}
