import Foundation

/// Signals and measurements shared by the AudioProcessing tests.
enum TestSignals {
    /// A sine of `frequency` Hz at `amplitude` (1 = full scale, 32767), `count` samples from `start`.
    static func sine(frequency: Double, sampleRate: Int, amplitude: Double, count: Int, start: Int = 0) -> [Int16] {
        (start..<start + count).map { n in
            Int16((amplitude * 32767 * sin(2 * Double.pi * frequency * Double(n) / Double(sampleRate))).rounded())
        }
    }

    /// `samples` scaled by `decibels`, rounded and clipped to Int16.
    static func scaled(_ samples: [Int16], decibels: Double) -> [Int16] {
        let factor = pow(10, decibels / 20)
        return samples.map { Int16(clamping: Int((Double($0) * factor).rounded())) }
    }

    /// Mean power of `samples` (Int16 / 32768), in dBFS (−∞ for silence).
    static func powerDecibels<C: Collection>(_ samples: C) -> Double where C.Element == Int16 {
        guard !samples.isEmpty else { return -.infinity }
        let sum = samples.reduce(0.0) { $0 + Double($1) * Double($1) }
        return 10 * log10(sum / Double(samples.count) / (32768 * 32768))
    }

    /// Interleaves two mono signals of the same length into stereo.
    static func interleave(_ left: [Int16], _ right: [Int16]) -> [Int16] {
        var out: [Int16] = []
        out.reserveCapacity(2 * left.count)
        for (l, r) in zip(left, right) {
            out.append(l)
            out.append(r)
        }
        return out
    }
}
