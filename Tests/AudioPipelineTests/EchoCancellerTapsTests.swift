import AudioPipeline
import AudioProcessing
import Foundation
import Testing

/// ``EchoCancellerTaps``: fragments of any size in, the same sizes out, one frame late, with
/// the echo of what the monitor saw removed.
@Suite struct EchoCancellerTapsTests {
    @Test("odd fragment sizes: output keeps each fragment's size, lags one frame, and the echo drops by more than 15 dB")
    func fragmentsAndEcho() throws {
        let taps = EchoCancellerTaps(try EchoCanceller(sampleRate: 48_000, frameSamples: 960))
        let monitor = taps.monitor, processor = taps.processor
        var seed: UInt64 = 7
        var played: [Int16] = []
        var microphone: [Int16] = []
        var cleaned: [Int16] = []
        let sizes = [441, 960, 300, 1_500, 777]
        var turn = 0
        // 8 s: the speaker plays noise in 480-sample blocks; the room returns it 20 ms later at −6 dB.
        while played.count < 48_000 * 8 {
            var block = [Int16](repeating: 0, count: 480)
            for index in block.indices {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                block[index] = Int16(truncatingIfNeeded: Int64(bitPattern: seed) >> 51)
            }
            block.withUnsafeBufferPointer { monitor($0) }
            played += block
            while microphone.count + sizes[turn % sizes.count] <= played.count {
                let size = sizes[turn % sizes.count]
                turn += 1
                var fragment = (microphone.count..<(microphone.count + size)).map { index -> Int16 in
                    index >= 960 ? Int16(Double(played[index - 960]) * 0.5) : 0
                }
                microphone += fragment
                fragment.withUnsafeMutableBufferPointer { processor($0) }
                #expect(fragment.count == size)
                cleaned += fragment
            }
        }
        #expect(cleaned.prefix(960).allSatisfy { $0 == 0 })          // one frame of priming silence
        func power(_ samples: ArraySlice<Int16>) -> Double {
            samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(1, samples.count))
        }
        let tail = (48_000 * 5)..<(48_000 * 7)
        let reduction = 10 * log10(power(microphone[tail]) / max(1, power(cleaned[tail])))
        #expect(reduction > 15, "echo reduced by \(reduction) dB")
    }
}
