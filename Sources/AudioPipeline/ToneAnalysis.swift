/// What ``ToneAnalyzer/analyze(_:sampleRate:channels:from:to:step:)`` finds in a stretch of
/// audio: the strongest frequency, the level, and how much of the energy that frequency holds.
public struct ToneAnalysis: Sendable, Hashable, CustomStringConvertible {
    /// The frequency with the most energy in the scanned range, in Hz (±1 Hz for a steady tone
    /// of a few hundred milliseconds); 0 for silence.
    public var dominantFrequency: Double
    /// The RMS level relative to a full-scale square wave, in dBFS (a full-scale sine is
    /// −3.01 dBFS); −∞ for silence.
    public var rmsDBFS: Double
    /// The energy at the dominant frequency over the total energy, 0…1: near 1 for a pure tone,
    /// near ½ for two equal tones, near 0 for noise.
    public var powerRatio: Double

    /// An analysis with the given values.
    public init(dominantFrequency: Double, rmsDBFS: Double, powerRatio: Double) {
        self.dominantFrequency = dominantFrequency
        self.rmsDBFS = rmsDBFS
        self.powerRatio = powerRatio
    }

    /// For example `440.0 Hz, -13.5 dBFS, ratio 0.99`.
    public var description: String {
        let frequency = (dominantFrequency * 10).rounded() / 10
        let level = (rmsDBFS * 10).rounded() / 10
        let ratio = (powerRatio * 100).rounded() / 100
        return "\(frequency) Hz, \(level) dBFS, ratio \(ratio)"
    }
}
