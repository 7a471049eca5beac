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
        try await KamailioProcess.with { kamailio in
            let alice = PlivoClient(options: PlivoOptions(enableNoiseReduction: true, servers: [kamailio.webSocketURL], stunServers: []),
                                    media: PlivoMediaOptions(input: .wavFile(noisePath), output: .discard))
            let bob = PlivoClient(options: PlivoOptions(servers: [kamailio.webSocketURL], stunServers: []),
                                  media: PlivoMediaOptions(input: .tone(440), output: .wavFile(heardPath)))
            let aliceEvents = Recorder(alice), bobEvents = Recorder(bob)
            try await PlivoClientCallTests.connectedCall(alice, aliceEvents, bob, bobEvents)
            try await aliceEvents.wait(for: .onNoiseReductionReady)
            // Three seconds of each: as it is, suppressed, as it is again.
            try await Task.sleep(for: .seconds(3))
            #expect(await alice.startNoiseReduction())
            try await Task.sleep(for: .seconds(3))
            #expect(await alice.stopNoiseReduction())
            try await Task.sleep(for: .seconds(3))
            #expect(await alice.hangup())
            try await bobEvents.wait(for: .onCallTerminated)
            await alice.close()
            await bob.close()
        }
        let heard = try WAVFile.read(path: heardPath)
        // The parts are found in the recording itself, not from wall-clock marks (a busy machine
        // delays the playout, so the recording's timeline drifts from the test's): 100 ms block
        // levels; "loud" is within 6 dB of the loudest tenth; the longest run of blocks more than
        // 10 dB below that is the suppressor's part, with the noise as it is on both sides.
        let rate = heard.format.sampleRate
        let block = rate / 10
        let levels = stride(from: 0, to: heard.samples.count - block + 1, by: block).map {
            Self.level(heard.samples[$0..<($0 + block)])
        }
        let reference = levels.sorted()[levels.count * 9 / 10]
        let loud = levels.indices.filter { levels[$0] > reference - 6 }
        let firstLoud = try #require(loud.first), lastLoud = try #require(loud.last)
        var quiet = firstLoud..<firstLoud
        var start = firstLoud
        while start <= lastLoud {
            var end = start
            while end <= lastLoud, levels[end] < reference - 10 { end += 1 }
            if end - start > quiet.count { quiet = start..<end }
            start = end + 1
        }
        func median(_ range: Range<Int>) -> Double {
            let part = levels[range].sorted()
            return part.isEmpty ? -120 : part[part.count / 2]
        }
        let before = median(firstLoud..<quiet.lowerBound)
        let during = median(quiet)
        let after = median(quiet.upperBound..<(lastLoud + 1))
        #expect(quiet.count >= 15, "the suppressed part is \(quiet.count * 100) ms of \(levels.count * 100) ms (expected about 3 s)")
        #expect(quiet.lowerBound - firstLoud >= 10 && lastLoud + 1 - quiet.upperBound >= 10,
                "noise before: \((quiet.lowerBound - firstLoud) * 100) ms, after: \((lastLoud + 1 - quiet.upperBound) * 100) ms")
        print("PlivoClientNoiseReduction: at the callee \(Int(before * 10) / 10) dBFS before start, "
              + "\(Int(during * 10) / 10) while on, \(Int(after * 10) / 10) after stop")
        #expect(before > -30, "the noise did not arrive: \(before) dBFS")
        #expect(before - during > 10, "before \(before), during \(during) dBFS")
        #expect(abs(after - before) < 3, "before \(before), after stop \(after) dBFS")
    }
}
