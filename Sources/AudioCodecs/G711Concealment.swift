/// Packet loss concealment for 8 kHz speech in the manner of ITU-T G.711 Appendix I.
///
/// Keeps the last 48.75 ms of output. At the start of a loss it finds the pitch period
/// (5–15 ms) by normalised autocorrelation over the last 20 ms, and builds one period whose
/// last quarter is cross-faded into the period before it, so repeating it has no seam. The
/// repeated period plays at full level for 10 ms, then fades linearly by 20 % per 10 ms to
/// silence at 60 ms (Appendix I §I.2.2, single-period variant). The first good frame after a
/// loss is cross-faded from the synthetic signal over 4 ms, plus 4 ms per further 10 ms lost,
/// at most 10 ms (§I.2.4). All storage is allocated once, at creation.
struct G711Concealment {
    /// History length (Appendix I `HISTORYLEN`: 390 samples = 48.75 ms).
    static let historyLength = 390
    /// Samples correlated to find the pitch (20 ms).
    static let correlationLength = 160
    /// Pitch search range: 40...120 samples = 200 Hz down to 66.7 Hz.
    static let pitchRange = 40...120
    /// Samples at full level before the fade starts (10 ms).
    static let fullLevelSamples = 80
    /// Samples over which the level falls by 20 % (10 ms).
    static let fadeStepSamples = 80

    /// The last `historyLength` output samples, oldest at `ringEnd` (a ring: a good frame only
    /// writes its samples, nothing shifts).
    private var ring: [Int16]
    private var ringEnd = 0
    /// The ring in order, as floats: made only when a loss starts.
    private var history: [Float]
    private var cycle: [Float]
    private var pitch = 80
    private var phase = 0
    private var erasedSamples = 0

    init() {
        ring = [Int16](repeating: 0, count: Self.historyLength)
        history = [Float](repeating: 0, count: Self.historyLength)
        cycle = [Float](repeating: 0, count: Self.pitchRange.upperBound)
    }

    /// Level of the n-th concealed sample of a loss: 1, then −20 % per 10 ms, 0 from 60 ms.
    static func gain(at erased: Int) -> Float {
        guard erased >= fullLevelSamples else { return 1 }
        let fade = Float(erased - fullLevelSamples) / Float(fadeStepSamples) * 0.2
        return max(0, 1 - fade)
    }

    /// Feeds a good frame; cross-fades its start from the synthetic signal after a loss.
    mutating func received(_ pcm: UnsafeMutableBufferPointer<Int16>, count: Int) {
        if erasedSamples > 0 {
            let overlap = min(32 + 32 * ((erasedSamples - 1) / 80), 80, count)
            for index in 0..<overlap {
                let weight = Float(index + 1) / Float(overlap + 1)
                let synthetic = nextSynthetic()
                let mixed = weight * Float(pcm[index]) + (1 - weight) * synthetic
                pcm[index] = Self.clamp(mixed)
            }
            erasedSamples = 0
        }
        append(pcm, count: count)
    }

    /// Writes `count` concealed samples into `pcm`.
    mutating func conceal(into pcm: UnsafeMutableBufferPointer<Int16>, count: Int) {
        if erasedSamples == 0 { startErasure() }
        for index in 0..<count {
            pcm[index] = Self.clamp(nextSynthetic())
        }
        append(pcm, count: count)
    }

    /// The next synthetic sample at the current level; advances phase and loss length.
    private mutating func nextSynthetic() -> Float {
        let value = cycle[phase] * Self.gain(at: erasedSamples)
        phase += 1
        if phase == pitch { phase = 0 }
        erasedSamples += 1
        return value
    }

    /// Finds the pitch and builds the seamless period from the history (Appendix I §I.2.1).
    private mutating func startErasure() {
        let length = Self.historyLength
        let window = Self.correlationLength
        let end = ringEnd
        ring.withUnsafeBufferPointer { samples in
            history.withUnsafeMutableBufferPointer { x in
                for index in 0..<length {
                    let position = end + index
                    x[index] = Float(samples[position < length ? position : position - length])
                }
            }
        }
        history.withUnsafeBufferPointer { x in
            var bestLag = Self.pitchRange.lowerBound
            var bestScore: Float = -.infinity
            var energyRecent: Float = 0
            for index in (length - window)..<length { energyRecent += x[index] * x[index] }
            for lag in Self.pitchRange {
                var cross: Float = 0
                var energyPast: Float = 0
                for index in (length - window)..<length {
                    cross += x[index] * x[index - lag]
                    energyPast += x[index - lag] * x[index - lag]
                }
                let denominator = (energyRecent * energyPast).squareRoot()
                let score = denominator > 0 ? cross / denominator : 0
                if score > bestScore {
                    bestScore = score
                    bestLag = lag
                }
            }
            pitch = bestLag
        }
        let period = pitch
        let fade = max(1, period / 4)
        for index in 0..<period {
            let current = history[length - period + index]
            if index >= period - fade {
                let t = Float(index - (period - fade) + 1) / Float(fade + 1)
                cycle[index] = (1 - t) * current + t * history[length - 2 * period + index]
            } else {
                cycle[index] = current
            }
        }
        phase = 0
    }

    /// Appends the newest samples to the history, dropping the oldest.
    private mutating func append(_ pcm: UnsafeMutableBufferPointer<Int16>, count: Int) {
        let length = Self.historyLength
        let newest = min(count, length)
        var end = ringEnd
        ring.withUnsafeMutableBufferPointer { samples in
            for index in (count - newest)..<count {
                samples[end] = pcm[index]
                end += 1
                if end == length { end = 0 }
            }
        }
        ringEnd = end
    }

    private static func clamp(_ value: Float) -> Int16 {
        Int16(max(-32768, min(32767, value.rounded())))
    }
}
