#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An endless sine tone, or the sum of several (a DTMF dual tone, ITU-T Q.23), as outgoing
/// audio: for tests, ringback and tone dialling.
///
/// Phase-continuous across frames of any size: each tone keeps its phase between calls, so
/// consecutive frames join without a click. ``read(into:)`` never allocates.
public final class ToneSource: AudioFrameSource {
    /// Samples per second per channel.
    public let sampleRate: Int
    /// Interleaved channels; every channel carries the same signal.
    public let channels: Int
    /// The frequencies summed, in Hz.
    public let frequencies: [Double]
    /// The peak amplitude of each tone, as a fraction of full scale.
    public let amplitude: Double
    /// Phase advance per sample of each tone, in radians.
    private let increments: [Double]
    /// Current phase of each tone, in radians, within 0..<2π.
    private var phases: [Double]
    /// Each tone's phasor within a frame, and its rotation per sample.
    private var real: [Double], imaginary: [Double]
    private let rotationReal: [Double], rotationImaginary: [Double]
    /// Samples per channel produced so far.
    public private(set) var position = 0

    /// A single sine at `frequency` Hz with peak `amplitude` (a fraction of full scale).
    public convenience init(frequency: Double, sampleRate: Int = 48_000, amplitude: Double = 0.3, channels: Int = 1) {
        self.init(frequencies: [frequency], sampleRate: sampleRate, amplitude: amplitude, channels: channels)
    }

    /// The sum of sines at `frequencies`, each with peak `amplitude` (a fraction of full scale;
    /// the sum is clamped to full scale).
    public init(frequencies: [Double], sampleRate: Int = 48_000, amplitude: Double = 0.3, channels: Int = 1) {
        self.sampleRate = max(sampleRate, 1)
        self.channels = max(channels, 1)
        self.frequencies = frequencies
        self.amplitude = amplitude
        let rate = Double(self.sampleRate)
        increments = frequencies.map { 2 * Double.pi * $0 / rate }
        phases = frequencies.map { _ in 0 }
        real = frequencies.map { _ in 1 }
        imaginary = frequencies.map { _ in 0 }
        rotationReal = increments.map { cos($0) }
        rotationImaginary = increments.map { sin($0) }
    }

    /// The DTMF dual tone of `digit` (0–9, *, #, A–D; ITU-T Q.23), each tone at `amplitude`;
    /// nil for any other character.
    public convenience init?(dtmf digit: Character, sampleRate: Int = 48_000, amplitude: Double = 0.2, channels: Int = 1) {
        guard let pair = ToneAnalyzer.dtmfFrequencies(for: digit) else { return nil }
        self.init(frequencies: [pair.low, pair.high], sampleRate: sampleRate, amplitude: amplitude, channels: channels)
    }

    /// Fills `frame` with the next samples of the tone; always true (a tone never ends).
    ///
    /// Each tone is a unit phasor rotated by its per-sample increment (two multiplications and
    /// two additions per sample instead of a `sin`); at the start of every frame it is set again
    /// from the exact phase, so rounding never accumulates.
    public func read(into frame: UnsafeMutableBufferPointer<Int16>) -> Bool {
        let scale = amplitude * 32_767
        let twoPi = 2 * Double.pi
        let frameCount = frame.count / channels
        if phases.count == 1 {
            // One tone (the common case): the phasor in locals, no array traffic per sample.
            var c = cos(phases[0]), s = sin(phases[0])
            let rotationC = rotationReal[0], rotationS = rotationImaginary[0]
            for index in 0..<frameCount {
                let scaled = max(-32_768, min(32_767, s * scale))
                let sample = Int16(scaled + (scaled < 0 ? -0.5 : 0.5))   // rounded half away from zero
                if channels == 1 {
                    frame[index] = sample
                } else {
                    for channel in 0..<channels { frame[index * channels + channel] = sample }
                }
                (c, s) = (c * rotationC - s * rotationS, s * rotationC + c * rotationS)
            }
        } else {
            readSum(into: frame, frameCount: frameCount, scale: scale)
        }
        for tone in phases.indices {
            let phase = phases[tone] + increments[tone] * Double(frameCount)
            phases[tone] = phase - twoPi * (phase / twoPi).rounded(.down)
        }
        for index in (frameCount * channels)..<frame.count { frame[index] = 0 }
        position += frameCount
        return true
    }

    /// Several tones summed (DTMF): one phasor per tone.
    private func readSum(into frame: UnsafeMutableBufferPointer<Int16>, frameCount: Int, scale: Double) {
        for tone in phases.indices {
            real[tone] = cos(phases[tone])
            imaginary[tone] = sin(phases[tone])
        }
        for index in 0..<frameCount {
            var value = 0.0
            for tone in phases.indices {
                let (c, s) = (real[tone], imaginary[tone])
                value += s
                real[tone] = c * rotationReal[tone] - s * rotationImaginary[tone]
                imaginary[tone] = s * rotationReal[tone] + c * rotationImaginary[tone]
            }
            let sample = Int16(max(-32_768, min(32_767, (value * scale).rounded())))
            if channels == 1 {
                frame[index] = sample
            } else {
                for channel in 0..<channels { frame[index * channels + channel] = sample }
            }
        }
    }
}
