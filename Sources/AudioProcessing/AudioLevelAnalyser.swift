#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The level meter behind the SDK's `volume` event: Web Audio's `AnalyserNode`
/// `getByteFrequencyData`, averaged over its bins.
///
/// Per call (Web Audio API §1.8.5, "FFT windowing and smoothing over time"): the last `fftSize`
/// samples x[n] (Int16 / 32768) are multiplied by a Blackman window (α = 0.16),
/// X[k] = (1/N)·Σ x[n]·w[n]·e^(−2πikn/N) is taken for the N/2 bins, smoothed over time as
/// S[k] = τ·S_prev[k] + (1 − τ)·|X[k]|, converted to dB (20·log10 S[k]) and to a byte
/// ⌊255/(maxDb − minDb)·(dB − minDb)⌋ clamped to 0…255. The value is the mean byte / 255.
/// The Plivo SDK uses fftSize 128, τ 0.8, −100…−30 dB, the defaults here.
///
/// The window, the twiddle factors and the work buffers are made in `init`; `analyse` does not
/// allocate while the analyser's storage is not shared with a copy of it.
public struct AudioLevelAnalyser: Sendable {
    /// Samples per transform, a power of two 32…2048.
    public let fftSize: Int
    /// The time constant τ of the smoothing, 0…1 (0: none).
    public let smoothing: Double
    /// The level mapped to byte 0, in dB.
    public let minDecibels: Double
    /// The level mapped to byte 255, in dB.
    public let maxDecibels: Double

    /// The window (N values), then cos and sin of 2πj/N for j < N/2.
    private let tables: [Double]
    /// Where input sample n goes for the in-place transform.
    private let bitReversed: [Int]
    /// Real parts (N), imaginary parts (N), then the smoothed magnitudes S[k] (N/2).
    private var work: [Double]

    /// Creates an analyser.
    ///
    /// Out-of-range settings do not trap: `fftSize` is clamped to 32…2048 and rounded down to a
    /// power of two; a `smoothing` outside 0…1 is clamped (NaN → 0.8); decibel bounds that are not
    /// finite or not increasing fall back to −100 and −30.
    public init(fftSize: Int = 128, smoothing: Double = 0.8, minDecibels: Double = -100, maxDecibels: Double = -30) {
        let size = Self.powerOfTwo(atMost: min(max(fftSize, 32), 2048))
        self.fftSize = size
        self.smoothing = smoothing.isNaN ? 0.8 : min(max(smoothing, 0), 1)
        if minDecibels.isFinite, maxDecibels.isFinite, minDecibels < maxDecibels {
            self.minDecibels = minDecibels
            self.maxDecibels = maxDecibels
        } else {
            self.minDecibels = -100
            self.maxDecibels = -30
        }
        let alpha = 0.16
        let a0 = (1 - alpha) / 2, a1 = 0.5, a2 = alpha / 2
        let n = Double(size)
        let window = (0..<size).map { index in
            let x = Double(index)
            return a0 - a1 * cos(2 * Double.pi * x / n) + a2 * cos(4 * Double.pi * x / n)
        }
        let cosines = (0..<size / 2).map { cos(2 * Double.pi * Double($0) / n) }
        let sines = (0..<size / 2).map { sin(2 * Double.pi * Double($0) / n) }
        tables = window + cosines + sines
        let bits = size.trailingZeroBitCount
        bitReversed = (0..<size).map { index in
            var reversed = 0
            for bit in 0..<bits where index & (1 << bit) != 0 { reversed |= 1 << (bits - 1 - bit) }
            return reversed
        }
        work = Array(repeating: 0, count: 2 * size + size / 2)
    }

    /// Number of frequency bins, `fftSize / 2`.
    public var binCount: Int { fftSize / 2 }

    /// Analyses the newest audio and returns the level, 0…1.
    ///
    /// Uses the last `fftSize` frames of `samples` (interleaved with `channels` channels; channel 0
    /// is read, a `channels` below 1 counts as 1). Fewer frames than `fftSize` are zero-padded at
    /// the front. Each call advances the smoothing by one step, as one `getByteFrequencyData`
    /// call does.
    public mutating func analyse(_ samples: UnsafeBufferPointer<Int16>, channels: Int) -> Double {
        let stride = max(channels, 1)
        let frames = samples.count / stride
        let size = fftSize
        let used = min(frames, size)
        let firstFrame = frames - used
        let padding = size - used
        let tau = smoothing
        let lowest = minDecibels
        let scale = 255 / (maxDecibels - minDecibels)
        var byteSum = 0
        tables.withUnsafeBufferPointer { tables in
        bitReversed.withUnsafeBufferPointer { reversed in
        work.withUnsafeMutableBufferPointer { work in
            let window = UnsafeBufferPointer(rebasing: tables[0..<size])
            let cosines = UnsafeBufferPointer(rebasing: tables[size..<size + size / 2])
            let sines = UnsafeBufferPointer(rebasing: tables[size + size / 2..<2 * size])
            let re = UnsafeMutableBufferPointer(rebasing: work[0..<size])
            let im = UnsafeMutableBufferPointer(rebasing: work[size..<2 * size])
            let smoothed = UnsafeMutableBufferPointer(rebasing: work[2 * size..<2 * size + size / 2])
            // Windowed input, stored in bit-reversed order for the in-place transform.
            for n in 0..<size {
                var x = 0.0
                if n >= padding {
                    x = Double(samples[(firstFrame + n - padding) * stride]) / 32768
                }
                re[reversed[n]] = x * window[n]
                im[n] = 0
            }
            Self.transform(re, im, cosines: cosines, sines: sines)
            let normalisation = 1 / Double(size)
            for k in 0..<size / 2 {
                let magnitude = (re[k] * re[k] + im[k] * im[k]).squareRoot() * normalisation
                var value = tau * smoothed[k] + (1 - tau) * magnitude
                if !value.isFinite { value = 0 }
                smoothed[k] = value
                byteSum += Self.byte(decibels: 20 * log10(value), lowest: lowest, scale: scale)
            }
        }}}
        return Double(byteSum) / Double(size / 2) / 255
    }

    /// Clears the smoothing history, e.g. when a new stream starts.
    public mutating func reset() {
        for k in 2 * fftSize..<work.count { work[k] = 0 }
    }

    /// The level as the SDK prints it: exactly three decimals, "0.000"…"1.000".
    ///
    /// The value is clamped to 0…1 (NaN → 0) and rounded half away from zero.
    public static func volumeString(_ value: Double) -> String {
        let clamped = value.isNaN ? 0 : min(max(value, 0), 1)
        let thousandths = Int((clamped * 1000).rounded())
        let fraction = thousandths % 1000
        let digits = fraction < 10 ? "00\(fraction)" : fraction < 100 ? "0\(fraction)" : "\(fraction)"
        return "\(thousandths / 1000).\(digits)"
    }

    /// Web Audio's byte conversion: ⌊scale·(dB − lowest)⌋ clamped to 0…255 (−∞ dB → 0).
    @inline(__always)
    private static func byte(decibels: Double, lowest: Double, scale: Double) -> Int {
        let scaled = (scale * (decibels - lowest)).rounded(.down)
        guard scaled.isFinite else { return scaled > 0 ? 255 : 0 }
        return Int(min(max(scaled, 0), 255))
    }

    /// In-place iterative radix-2 transform of bit-reversed input, X[k] = Σ x[n]·e^(−2πikn/N).
    @inline(__always)
    private static func transform(_ re: UnsafeMutableBufferPointer<Double>, _ im: UnsafeMutableBufferPointer<Double>,
                                  cosines: UnsafeBufferPointer<Double>, sines: UnsafeBufferPointer<Double>) {
        let size = re.count
        var span = 2
        while span <= size {
            let half = span / 2
            let step = size / span
            var start = 0
            while start < size {
                for j in 0..<half {
                    let c = cosines[j * step], s = -sines[j * step]
                    let a = start + j, b = a + half
                    let tr = re[b] * c - im[b] * s
                    let ti = re[b] * s + im[b] * c
                    re[b] = re[a] - tr
                    im[b] = im[a] - ti
                    re[a] += tr
                    im[a] += ti
                }
                start += span
            }
            span *= 2
        }
    }

    /// The largest power of two not above `value` (value ≥ 1).
    private static func powerOfTwo(atMost value: Int) -> Int {
        1 << (Int.bitWidth - 1 - value.leadingZeroBitCount)
    }
}
