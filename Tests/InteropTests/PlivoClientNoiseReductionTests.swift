import AudioPipeline
import Foundation
import PlivoSDK
import Testing

/// The seed's noise reduction through the public client, in a call through Kamailio: with
/// `enableNoiseReduction` the caller's white noise reaches the callee as it is until
/// `startNoiseReduction()`, then much weaker, and as it is again after `stopNoiseReduction()`.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct PlivoClientNoiseReductionTests {
    typealias Recorder = PlivoClientCallTests.Recorder

    /// The level in dBFS of `samples`.
    static func level(_ samples: ArraySlice<Int16>) -> Double {
        let power = samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(1, samples.count))
        return power <= 0 ? -120 : 10 * log10(power / (32_768.0 * 32_768.0))
    }

    /// The median of the levels of `samples`' 20 ms blocks: a stretch of silence or a loud
    /// transient inside the window (a late packet, concealment, the codec settling) moves it
    /// much less than it moves the window's mean power.
    static func medianLevel(_ samples: ArraySlice<Int16>, rate: Int) -> Double {
        let block = max(1, rate / 50)
        var levels: [Double] = []
        var start = samples.startIndex
        while start + block <= samples.endIndex {
            levels.append(level(samples[start..<(start + block)]))
            start += block
        }
        guard !levels.isEmpty else { return -120 }
        return levels.sorted()[levels.count / 2]
    }

    @Test("enableNoiseReduction: off until startNoiseReduction(), on until stopNoiseReduction() (levels at the callee)")
    func startAndStop() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nr-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // 12 s of white noise at about −20 dBFS (deterministic).
        var seed: UInt64 = 0x5EED
        let noise = (0..<(48_000 * 12)).map { _ -> Int16 in
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int16(truncatingIfNeeded: Int64(bitPattern: seed) >> 49)
        }
        let noisePath = folder.appendingPathComponent("noise.wav").path
        try WAVFile.write(path: noisePath, sampleRate: 48_000, channels: 1, samples: noise)
        let heardPath = folder.appendingPathComponent("bob.wav").path
        var marks: [Int] = []
        try await KamailioProcess.with { kamailio in
            let alice = PlivoClient(options: PlivoOptions(enableNoiseReduction: true, servers: [kamailio.webSocketURL], stunServers: []),
                                    media: PlivoMediaOptions(input: .wavFile(noisePath), output: .discard))
            let bob = PlivoClient(options: PlivoOptions(servers: [kamailio.webSocketURL], stunServers: []),
                                  media: PlivoMediaOptions(input: .tone(440), output: .wavFile(heardPath)))
            let aliceEvents = Recorder(alice), bobEvents = Recorder(bob)
            try await PlivoClientCallTests.connectedCall(alice, aliceEvents, bob, bobEvents)
            try await aliceEvents.wait(for: .onNoiseReductionReady)
            let answered = ContinuousClock.now
            func mark() -> Int { Int(answered.duration(to: .now) / .milliseconds(1)) }
            try await Task.sleep(for: .seconds(3))
            marks.append(mark())
            #expect(await alice.startNoiseReduction())
            try await Task.sleep(for: .seconds(3))
            marks.append(mark())
            #expect(await alice.stopNoiseReduction())
            try await Task.sleep(for: .seconds(3))
            marks.append(mark())
            #expect(await alice.hangup())
            try await bobEvents.wait(for: .onCallTerminated)
            await alice.close()
            await bob.close()
        }
        let heard = try WAVFile.read(path: heardPath)
        let rate = heard.format.sampleRate
        // The recording ends at the hangup (marks[2]); its start, on the same timeline, follows
        // from its length, so each switch is placed in it whatever the setup took on a busy machine.
        let recordedMilliseconds = heard.samples.count * 1000 / rate
        let offset = marks[2] - recordedMilliseconds
        // One second well inside each part: it ends half a second before the switch.
        func second(endingBefore ms: Int) -> ArraySlice<Int16> {
            let end = min(heard.samples.count, (ms - offset - 500) * rate / 1000)
            return heard.samples[max(0, end - rate)..<max(0, end)]
        }
        let before = Self.medianLevel(second(endingBefore: marks[0]), rate: rate)
        let during = Self.medianLevel(second(endingBefore: marks[1]), rate: rate)
        let after = Self.medianLevel(heard.samples.dropLast(rate / 4).suffix(rate), rate: rate)
        print("PlivoClientNoiseReduction: at the callee \(Int(before * 10) / 10) dBFS before start, "
              + "\(Int(during * 10) / 10) while on, \(Int(after * 10) / 10) after stop")
        #expect(before > -30, "the noise did not arrive: \(before) dBFS")
        #expect(before - during > 10, "before \(before), during \(during) dBFS")
        #expect(abs(after - before) < 3, "before \(before), after stop \(after) dBFS")
    }
}
