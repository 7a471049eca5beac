import Testing
import AudioProcessing

@Suite struct NoiseSuppressorTests {
    @Test func acceptsTheRanges() throws {
        for (rate, frame) in [(8000, 40), (8000, 320), (16000, 320), (48000, 960), (48000, 240), (48000, 1920)] {
            let suppressor = try NoiseSuppressor(sampleRate: rate, frameSamples: frame)
            #expect(suppressor.sampleRate == rate)
            #expect(suppressor.frameSamples == frame)
            #expect(suppressor.suppressionDecibels == -30)
        }
        #expect(try NoiseSuppressor(sampleRate: 16000, frameSamples: 320, suppressionDecibels: -100)
            .suppressionDecibels == -100)
        #expect(try NoiseSuppressor(sampleRate: 16000, frameSamples: 320, suppressionDecibels: -1)
            .suppressionDecibels == -1)
        #expect(NoiseSuppressor.frameSampleRange(sampleRate: 44100) == 221...1764)
    }

    @Test(arguments: [
        (7999, 160, -30, "sampleRate"), (48001, 960, -30, "sampleRate"), (0, 0, -30, "sampleRate"),
        (48000, 239, -30, "frameSamples"), (48000, 1921, -30, "frameSamples"), (8000, 0, -30, "frameSamples"),
        (48000, 960, 0, "suppressionDecibels"), (48000, 960, -101, "suppressionDecibels"),
    ])
    func refusesValuesOutOfRange(rate: Int, frame: Int, suppression: Int, parameter: String) {
        do {
            _ = try NoiseSuppressor(sampleRate: rate, frameSamples: frame, suppressionDecibels: suppression)
            Issue.record("accepted \(rate) Hz, \(frame) samples, \(suppression) dB")
        } catch {
            guard case .invalidParameter(let name, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(name == parameter)
        }
    }

    @Test func suppressionIsClampedWhenSet() throws {
        let suppressor = try NoiseSuppressor(sampleRate: 48000, frameSamples: 960)
        suppressor.suppressionDecibels = -45
        #expect(suppressor.suppressionDecibels == -45)
        suppressor.suppressionDecibels = -500
        #expect(suppressor.suppressionDecibels == -100)
        suppressor.suppressionDecibels = 12
        #expect(suppressor.suppressionDecibels == -1)
    }

    @Test func framesOfAnotherSizeAreLeftAlone() throws {
        let suppressor = try NoiseSuppressor(sampleRate: 16000, frameSamples: 320)
        let original = TestSignals.sine(frequency: 440, sampleRate: 16000, amplitude: 0.5, count: 321)
        var frame = original
        frame.withUnsafeMutableBufferPointer { suppressor.process($0) }
        #expect(frame == original)
        var short = Array(original.prefix(160))
        short.withUnsafeMutableBufferPointer { suppressor.process($0) }
        #expect(short == Array(original.prefix(160)))
        var empty: [Int16] = []
        empty.withUnsafeMutableBufferPointer { suppressor.process($0) }
        #expect(empty.isEmpty)
    }
}
