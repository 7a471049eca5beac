/// DTMF: the dual-tone keypad frequencies (ITU-T Q.23) and a Goertzel detector in the spirit of
/// ITU-T Q.24 (both tones present and dominant in their group, twist within ±8 dB, a minimum
/// duration).
extension ToneAnalyzer {
    /// The row (low group) frequencies, in Hz.
    public static let dtmfLowFrequencies: [Double] = [697, 770, 852, 941]
    /// The column (high group) frequencies, in Hz.
    public static let dtmfHighFrequencies: [Double] = [1209, 1336, 1477, 1633]
    /// The keypad: `dtmfKeys[row][column]`.
    public static let dtmfKeys: [[Character]] = [["1", "2", "3", "A"], ["4", "5", "6", "B"],
                                                 ["7", "8", "9", "C"], ["*", "0", "#", "D"]]

    /// The two frequencies of a DTMF key (0–9, *, #, A–D, lower-case a–d too); nil otherwise.
    public static func dtmfFrequencies(for digit: Character) -> (low: Double, high: Double)? {
        let key = Character(digit.uppercased())
        for (row, keys) in dtmfKeys.enumerated() {
            if let column = keys.firstIndex(of: key) {
                return (dtmfLowFrequencies[row], dtmfHighFrequencies[column])
            }
        }
        return nil
    }

    /// The DTMF digits in `samples`, in order. Windows of 20 ms every 10 ms are tested; a digit
    /// counts once it is found in consecutive windows covering `minimumDuration` seconds (40 ms
    /// by default), and again only after a window without it.
    public static func detectDTMF(_ samples: [Int16], sampleRate: Int, channels: Int = 1,
                                  minimumDuration: Double = 0.04) -> String {
        let mono = mixDown(samples, channels: channels)
        let windowLength = max(sampleRate / 50, 1)
        let hop = max(sampleRate / 100, 1)
        let needed = max(1, Int(((minimumDuration - 0.02) / 0.01 + 1e-9).rounded(.down)))
        var digits = ""
        var current: Character?
        var run = 0
        var emitted = false
        mono.withUnsafeBufferPointer { all in
            var start = 0
            while start + windowLength <= all.count {
                let window = UnsafeBufferPointer(rebasing: all[start..<(start + windowLength)])
                let digit = dtmfDigit(in: window, sampleRate: sampleRate)
                if digit == current {
                    run += 1
                } else {
                    current = digit
                    run = digit == nil ? 0 : 1
                    emitted = false
                }
                if let digit, !emitted, run >= needed {
                    digits.append(digit)
                    emitted = true
                }
                start += hop
            }
        }
        return digits
    }

    /// The key whose two tones dominate one window, if any.
    static func dtmfDigit(in window: UnsafeBufferPointer<Int16>, sampleRate: Int) -> Character? {
        var sum = 0.0
        for sample in window { sum += Double(sample) * Double(sample) }
        let meanSquare = sum / Double(window.count) / (32_768 * 32_768)
        // Below −45 dBFS: silence.
        guard meanSquare > 3.2e-5 else { return nil }
        guard let low = strongest(dtmfLowFrequencies, in: window, sampleRate: sampleRate),
              let high = strongest(dtmfHighFrequencies, in: window, sampleRate: sampleRate) else { return nil }
        // Most of the energy in the two tones, and a twist within ±8 dB.
        guard low.power + high.power >= 0.5 * meanSquare else { return nil }
        let twist = low.power / high.power
        guard twist >= 0.158, twist <= 6.31 else { return nil }
        return dtmfKeys[low.index][high.index]
    }

    /// The strongest of `frequencies` in `window`, when it is at least 6 dB above the others.
    private static func strongest(_ frequencies: [Double], in window: UnsafeBufferPointer<Int16>,
                                  sampleRate: Int) -> (index: Int, power: Double)? {
        var best = (index: 0, power: -1.0)
        var second = -1.0
        for (index, frequency) in frequencies.enumerated() {
            let power = goertzelPower(window, sampleRate: sampleRate, frequency: frequency)
            if power > best.power {
                second = best.power
                best = (index, power)
            } else if power > second {
                second = power
            }
        }
        guard best.power > 0, best.power >= 4 * second else { return nil }
        return best
    }
}
