#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Measures tones in 16-bit PCM with the Goertzel algorithm (one DFT bin at any frequency):
/// the power at a frequency, the level, the dominant frequency, and DTMF digits (ITU-T Q.23/Q.24).
///
/// Powers are in full-scale units: the mean square of the component, with samples divided by
/// 32768, so a sine of peak `A` has power `A² / 2` and a full-scale sine −3.01 dB.
public enum ToneAnalyzer {
    /// The power of `samples` at `frequency` Hz (a rectangular window over all of them): the
    /// mean square of that component, `A² / 2` for a sine of peak `A` (fraction of full scale)
    /// at exactly that frequency.
    public static func goertzelPower(_ samples: UnsafeBufferPointer<Int16>, sampleRate: Int, frequency: Double) -> Double {
        guard !samples.isEmpty, sampleRate > 0 else { return 0 }
        let coefficient = 2 * cos(2 * Double.pi * frequency / Double(sampleRate))
        var previous = 0.0
        var beforePrevious = 0.0
        for sample in samples {
            let current = Double(sample) / 32_768 + coefficient * previous - beforePrevious
            beforePrevious = previous
            previous = current
        }
        let magnitude = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious
        let count = Double(samples.count)
        return max(0, 2 * magnitude / (count * count))
    }

    /// ``goertzelPower(_:sampleRate:frequency:)`` over an array.
    public static func goertzelPower(_ samples: [Int16], sampleRate: Int, frequency: Double) -> Double {
        samples.withUnsafeBufferPointer { goertzelPower($0, sampleRate: sampleRate, frequency: frequency) }
    }

    /// The RMS level of `samples` in dBFS (relative to a full-scale square wave); −∞ for silence.
    public static func rmsDBFS(_ samples: UnsafeBufferPointer<Int16>) -> Double {
        guard !samples.isEmpty else { return -.infinity }
        var sum = 0.0
        for sample in samples { sum += Double(sample) * Double(sample) }
        let meanSquare = sum / Double(samples.count) / (32_768 * 32_768)
        return meanSquare > 0 ? 10 * log10(meanSquare) : -.infinity
    }

    /// Finds the strongest frequency between `from` and `to` Hz: a scan every `step` Hz with
    /// windows short enough that no tone falls between two scan points, averaged over the
    /// signal, then a search around the best point with a Hann window over up to one second
    /// from the middle of the signal, down to ±0.05 Hz. The level is over all the samples.
    /// Interleaved input is mixed down first.
    public static func analyze(_ samples: [Int16], sampleRate: Int, channels: Int = 1,
                               from: Double = 100, to: Double = 4000, step: Double = 5) -> ToneAnalysis {
        let mono = mixDown(samples, channels: channels)
        let level = mono.withUnsafeBufferPointer { rmsDBFS($0) }
        let silent = ToneAnalysis(dominantFrequency: 0, rmsDBFS: level, powerRatio: 0)
        guard level > -.infinity, sampleRate > 0, step > 0, to >= from else { return silent }
        let length = min(mono.count, sampleRate)
        let start = (mono.count - length) / 2
        let segment = mono[start..<(start + length)].map { Double($0) / 32_768 }
        let meanSquare = segment.reduce(0) { $0 + $1 * $1 } / Double(length)
        guard meanSquare > 0 else { return silent }
        let rate = Double(sampleRate)
        // Hann main lobe ±2/T: blocks of T = 2/step put every frequency within `step` of a lobe.
        let blockLength = min(length, max(16, Int((2 * rate / step).rounded(.up))))
        let blockWindow = hann(blockLength)
        let blocks = length / blockLength
        var best = from
        var bestPower = -1.0
        for frequency in stride(from: from, through: to, by: step) {
            var power = 0.0
            for block in 0..<blocks {
                power += windowedPower(segment[(block * blockLength)..<((block + 1) * blockLength)],
                                       window: blockWindow, rate: rate, frequency: frequency)
            }
            if power > bestPower {
                bestPower = power
                best = frequency
            }
        }
        let window = hann(length)
        var span = step
        var finalPower = 0.0
        while true {
            let delta = span / 5
            var center = best
            finalPower = -1
            for offset in -5...5 {
                let frequency = min(max(best + Double(offset) * delta, 0), rate / 2)
                let power = windowedPower(segment[...], window: window, rate: rate, frequency: frequency)
                if power > finalPower {
                    finalPower = power
                    center = frequency
                }
            }
            best = center
            span = delta
            if span <= 0.05 { break }
        }
        return ToneAnalysis(dominantFrequency: best, rmsDBFS: level, powerRatio: min(1, max(0, finalPower / meanSquare)))
    }

    /// The Goertzel power of `samples` (full scale ±1) weighted by `window`, normalized by the
    /// window's sum so that a sine of peak `A` gives `A² / 2`.
    static func windowedPower(_ samples: ArraySlice<Double>, window: [Double], rate: Double, frequency: Double) -> Double {
        let coefficient = 2 * cos(2 * Double.pi * frequency / rate)
        var previous = 0.0
        var beforePrevious = 0.0
        var weight = 0.0
        samples.withUnsafeBufferPointer { values in
            window.withUnsafeBufferPointer { weights in
                for index in 0..<min(values.count, weights.count) {
                    let current = values[index] * weights[index] + coefficient * previous - beforePrevious
                    beforePrevious = previous
                    previous = current
                    weight += weights[index]
                }
            }
        }
        guard weight > 0 else { return 0 }
        let magnitude = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious
        return max(0, 2 * magnitude / (weight * weight))
    }

    /// A Hann window of `length` points.
    static func hann(_ length: Int) -> [Double] {
        guard length > 1 else { return [1] }
        let scale = 2 * Double.pi / Double(length - 1)
        return (0..<length).map { 0.5 - 0.5 * cos(scale * Double($0)) }
    }

    /// Interleaved samples mixed down to one channel (the mean of each frame).
    static func mixDown(_ samples: [Int16], channels: Int) -> [Int16] {
        guard channels > 1 else { return samples }
        return WAVFile(format: WAVFormat(sampleRate: 1, channels: channels), samples: samples).monoSamples()
    }
}
