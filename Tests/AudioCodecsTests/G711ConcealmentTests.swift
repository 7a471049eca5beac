import Testing
@testable import AudioCodecs

/// G.711 Appendix I–style concealment: continuity, fade and recovery.
@Suite struct G711ConcealmentTests {
    /// Largest sample-to-sample step in `samples`.
    static func largestStep(_ samples: [Int16]) -> Int {
        zip(samples, samples.dropFirst()).map { abs(Int($0) - Int($1)) }.max() ?? 0
    }

    /// Decodes `frames` frames of a 440 Hz sine, then conceals `lost` frames, then decodes two more.
    static func run(law: G711Law, lost: Int) throws -> (output: [Int16], original: [Int16]) {
        let original = TestSignals.sine(frequency: 440, rate: 8000, count: 160 * (10 + lost + 2), amplitude: 8000)
        let encoder = G711Encoder(law: law)
        let decoder = G711Decoder(law: law)
        var output: [Int16] = []
        for frame in 0..<(10 + lost + 2) {
            let pcm = Array(original[frame * 160..<(frame + 1) * 160])
            let payload = try encoder.encode(pcm)
            if frame >= 10 && frame < 10 + lost {
                var concealed = [Int16](repeating: 0, count: 160)
                let count = try payload.withUnsafeBytes { next in
                    try concealed.withUnsafeMutableBufferPointer { try decoder.recover(from: next, samples: 160, into: $0) }
                }
                #expect(count == 160)
                output += concealed
            } else {
                output += try decoder.decode(payload)
            }
        }
        return (output, original)
    }

    @Test("a concealed 20 ms of a sine keeps its pitch and level without a click", arguments: G711Law.allCases)
    func oneFrame(law: G711Law) throws {
        let (output, original) = try Self.run(law: law, lost: 1)
        let concealed = output[1600..<1760]
        #expect(TestSignals.dominant(concealed, rate: 8000, candidates: TestSignals.candidates) == 440)
        #expect(TestSignals.rms(concealed) > 0.6 * TestSignals.rms(original[1600..<1760]))
        let sineStep = Self.largestStep(Array(original[0..<1600]))
        // Across the loss and the recovery, no step much larger than the sine's own.
        #expect(Self.largestStep(Array(output[1500..<1900])) < sineStep * 3 / 2)
    }

    @Test("a long loss fades to silence by 60 ms and recovers smoothly (Appendix I)", arguments: G711Law.allCases)
    func longLoss(law: G711Law) throws {
        let (output, original) = try Self.run(law: law, lost: 4)
        let loss = output[1600..<2240]
        #expect(TestSignals.rms(loss[1600..<1680]) > 0.5 * TestSignals.rms(original[1600..<1680]))  // 0–10 ms
        #expect(TestSignals.rms(loss[1920..<2000]) < TestSignals.rms(loss[1600..<1680]))           // fading
        #expect(loss[2080..<2240].allSatisfy { $0 == 0 })                                           // ≥ 60 ms
        let sineStep = Self.largestStep(Array(original[0..<1600]))
        #expect(Self.largestStep(Array(output[2200..<2400])) < sineStep * 3 / 2)
        // After the cross-fade the decoder output is the plain decoded signal again.
        let tail = original[2400..<2560].map { G711.decode(G711.encode($0, law: law), law: law) }
        #expect(Array(output[2400..<2560]) == tail)
    }

    @Test("concealment with no history is silence; a short buffer is a typed error")
    func noHistory() throws {
        let decoder = G711Decoder(law: .muLaw)
        var pcm = [Int16](repeating: 7, count: 160)
        _ = try pcm.withUnsafeMutableBufferPointer { try decoder.conceal(samples: 160, into: $0) }
        #expect(pcm.allSatisfy { $0 == 0 })
        #expect(throws: AudioCodecError.bufferTooSmall) {
            try pcm.withUnsafeMutableBufferPointer { try decoder.conceal(samples: 161, into: $0) }
        }
    }
}
