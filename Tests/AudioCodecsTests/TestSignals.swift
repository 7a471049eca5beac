import Foundation
@testable import AudioCodecs

/// Signal generation and measurement for the codec tests.
enum TestSignals {
    /// A sine of `frequency` Hz, `count` samples at `rate`, amplitude `amplitude`, from sample `start`.
    static func sine(frequency: Double, rate: Int, count: Int, amplitude: Double = 10000, start: Int = 0) -> [Int16] {
        (0..<count).map { index in
            Int16(amplitude * sin(2 * Double.pi * frequency * Double(start + index) / Double(rate)))
        }
    }

    /// Goertzel power of `frequency` in `samples`.
    static func goertzel(_ samples: ArraySlice<Int16>, frequency: Double, rate: Int) -> Double {
        let coefficient = 2 * cos(2 * Double.pi * frequency / Double(rate))
        var previous = 0.0
        var beforePrevious = 0.0
        for sample in samples {
            let current = Double(sample) + coefficient * previous - beforePrevious
            beforePrevious = previous
            previous = current
        }
        return previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious
    }

    /// The frequency among `candidates` with the most Goertzel power.
    static func dominant(_ samples: ArraySlice<Int16>, rate: Int, candidates: [Double]) -> Double {
        candidates.max { goertzel(samples, frequency: $0, rate: rate) < goertzel(samples, frequency: $1, rate: rate) } ?? 0
    }

    /// Candidate frequencies from 100 Hz to 2000 Hz in 20 Hz steps (440 is one of them).
    static let candidates: [Double] = stride(from: 100.0, through: 2000.0, by: 20.0).map { $0 }

    static func rms(_ samples: ArraySlice<Int16>) -> Double {
        guard !samples.isEmpty else { return 0 }
        return (samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(samples.count)).squareRoot()
    }

    /// SNR in dB of `decoded` against `reference` delayed by `delay` samples, over `range` of `decoded`.
    static func snr(reference: [Int16], decoded: [Int16], delay: Int, range: Range<Int>) -> Double {
        var signal = 0.0
        var noise = 0.0
        for index in range where index - delay >= 0 && index - delay < reference.count {
            let expected = Double(reference[index - delay])
            signal += expected * expected
            noise += (Double(decoded[index]) - expected) * (Double(decoded[index]) - expected)
        }
        return 10 * log10(signal / max(noise, 1e-9))
    }

    /// The delay in `delays` that best aligns `decoded` with `reference` (cross-correlation).
    static func bestDelay(reference: [Int16], decoded: [Int16], in delays: Range<Int>, range: Range<Int>) -> Int {
        var best = delays.lowerBound
        var bestScore = -Double.infinity
        for delay in delays {
            var score = 0.0
            for index in range where index - delay >= 0 && index - delay < reference.count {
                score += Double(decoded[index]) * Double(reference[index - delay])
            }
            if score > bestScore {
                bestScore = score
                best = delay
            }
        }
        return best
    }
}
