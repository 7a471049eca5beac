import Foundation
import Testing
import AudioProcessing

/// The noise-reduction figures of Docs/noise-reduction.md: `NoiseSuppressor` at 48 kHz with
/// 20 ms frames over the speech fixtures mixed with white and pink noise at 5 dB SNR.
///
/// Frames are 20 ms. A frame is speech when the clean reference's power there is above −40 dBFS
/// and noise-only when it is below −70 dBFS (the fixture's silences are digital zero); the first
/// 0.5 s (the suppressor's adaptation) is left out. For a signal y, P_s and P_n are y's mean
/// power over the speech and the noise-only frames and SNR(y) = 10·log10((P_s − P_n)/P_n);
/// the gain is SNR(output) − SNR(input). Speech distortion is given twice: the change of the
/// speech power (P_s − P_n) from input to output, and the segmental SNR against the clean
/// reference over the speech frames (each frame clamped to −10…35 dB), before and after.
@Suite struct NoiseReductionSNRTests {
    struct Figures {
        var inputSNR: Double
        var outputSNR: Double
        var noiseChange: Double
        var speechChange: Double
        var inputSegmentalSNR: Double
        var outputSegmentalSNR: Double
        var gain: Double { outputSNR - inputSNR }
    }

    private static let frame = 960
    private static let skippedFrames = 25

    /// `samples` after a new suppressor at 48 kHz, one 20 ms frame at a time (a partial last
    /// frame is left as it is).
    static func suppressed(_ samples: [Int16], suppression: Int) throws -> [Int16] {
        let suppressor = try NoiseSuppressor(sampleRate: 48000, frameSamples: frame, suppressionDecibels: suppression)
        var output = samples
        output.withUnsafeMutableBufferPointer { buffer in
            for start in stride(from: 0, through: buffer.count - frame, by: frame) {
                suppressor.process(UnsafeMutableBufferPointer(rebasing: buffer[start..<start + frame]))
            }
        }
        return output
    }

    /// Runs the suppressor over `noisy` and measures it against `clean`.
    static func measure(noisy: [Int16], clean: [Int16], suppression: Int) throws -> Figures {
        let output = try suppressed(noisy, suppression: suppression)
        // libspeexdsp's overlap-add delays the output by one frame.
        let aligned = Array(output.dropFirst(frame))
        let frames = aligned.count / frame
        func power(_ signal: [Int16], _ index: Int) -> Double {
            signal[index * frame..<(index + 1) * frame].reduce(0.0) { $0 + Double($1) * Double($1) }
                / Double(frame) / (32768 * 32768)
        }
        let cleanPower = (0..<frames).map { power(clean, $0) }
        let measured = skippedFrames..<frames
        let speech = measured.filter { cleanPower[$0] > 1e-4 }
        let noiseOnly = measured.filter { cleanPower[$0] < 1e-7 }
        func meanPower(_ signal: [Int16], _ indices: [Int]) -> Double {
            indices.reduce(0.0) { $0 + power(signal, $1) } / Double(indices.count)
        }
        func levels(_ signal: [Int16]) -> (snr: Double, speech: Double, noise: Double) {
            let ps = meanPower(signal, speech), pn = meanPower(signal, noiseOnly)
            return (10 * log10((ps - pn) / pn), ps - pn, pn)
        }
        func segmentalSNR(_ signal: [Int16]) -> Double {
            let values = speech.map { index in
                var reference = 0.0, error = 0.0
                for n in index * frame..<(index + 1) * frame {
                    let c = Double(clean[n])
                    reference += c * c
                    error += (Double(signal[n]) - c) * (Double(signal[n]) - c)
                }
                return min(max(10 * log10(reference / max(error, 1)), -10), 35)
            }
            return values.reduce(0, +) / Double(values.count)
        }
        let input = levels(noisy), result = levels(aligned)
        return Figures(inputSNR: input.snr, outputSNR: result.snr,
                       noiseChange: 10 * log10(result.noise / input.noise),
                       speechChange: 10 * log10(result.speech / input.speech),
                       inputSegmentalSNR: segmentalSNR(noisy), outputSegmentalSNR: segmentalSNR(aligned))
    }

    /// How far the suppressor brings steady noise alone down, measured after its first second.
    static func noiseAttenuation(_ noise: [Int16], suppression: Int) throws -> Double {
        let output = try suppressed(noise, suppression: suppression)
        return TestSignals.powerDecibels(output[48000...]) - TestSignals.powerDecibels(noise[48000...])
    }

    @Test(arguments: ["white", "pink"], [-15, -30, -45])
    func steadyNoiseAloneIsAttenuated(noise: String, suppression: Int) throws {
        let samples = try WAVFixture.load("noise-\(noise).wav").samples
        let change = try Self.noiseAttenuation(samples, suppression: suppression)
        print("noise-reduction: \(noise) noise alone, suppression \(suppression) dB: noise "
              + String(format: "%+.1f", change) + " dB")
        // Measured −9.6 (pink, −15 dB) to −18.6 dB (white, −45 dB).
        #expect(change < (noise == "white" ? -10 : -7))
    }

    @Test(arguments: ["white", "pink"], [-15, -30, -45])
    func suppressionRaisesTheSNR(noise: String, suppression: Int) throws {
        let clean = try WAVFixture.load("speech-clean.wav").samples
        let noisy = try WAVFixture.load("speech-\(noise)-5db.wav").samples
        let figures = try Self.measure(noisy: noisy, clean: clean, suppression: suppression)
        func f(_ value: Double) -> String { String(format: "%+.1f", value) }
        print("noise-reduction: \(noise) noise, suppression \(suppression) dB: SNR \(f(figures.inputSNR)) → "
              + "\(f(figures.outputSNR)) dB (gain \(f(figures.gain)) dB), noise \(f(figures.noiseChange)) dB, "
              + "speech level \(f(figures.speechChange)) dB, segmental SNR \(f(figures.inputSegmentalSNR)) → "
              + "\(f(figures.outputSegmentalSNR)) dB")
        // The mix is 5 dB over the whole sentence; over its louder frames it reads a little more.
        #expect(figures.inputSNR > 4 && figures.inputSNR < 8)
        // Floors set from the measured figures (white 10.3–12.8 dB, pink 7.4–8.6 dB) with margin.
        #expect(figures.gain >= (noise == "white" ? 8 : 5))
        #expect(figures.speechChange > -1)
        #expect(figures.outputSegmentalSNR > figures.inputSegmentalSNR + 3)
    }
}
