import Testing
@testable import AudioCodecs

/// libspeexdsp resampling keeps the tone and the sample counts.
@Suite struct AudioResamplerTests {
    /// Runs `input` through `resampler` in chunks of `chunk` frames; returns everything produced.
    static func run(_ resampler: AudioResampler, _ input: [Int16], chunk: Int) throws -> [Int16] {
        var output: [Int16] = []
        var scratch = [Int16](repeating: 0, count: 4 * chunk * resampler.channels + 64)
        var start = 0
        while start < input.count {
            let end = min(start + chunk * resampler.channels, input.count)
            var offset = start
            while offset < end {
                let (consumed, produced) = try input[offset..<end].withUnsafeBufferPointer { source in
                    try scratch.withUnsafeMutableBufferPointer { try resampler.process(source, into: $0) }
                }
                output += scratch[0..<produced * resampler.channels]
                offset += consumed * resampler.channels
                if consumed == 0 && produced == 0 { break }
            }
            start = end
        }
        return output
    }

    @Test("48 kHz → 8 kHz → 48 kHz keeps a 440 Hz tone")
    func downAndUp() throws {
        let tone = TestSignals.sine(frequency: 440, rate: 48000, count: 48000)
        let down = try AudioResampler(inputRate: 48000, outputRate: 8000)
        let narrow = try Self.run(down, tone, chunk: 960)
        #expect(abs(narrow.count - 8000) <= 2)
        #expect(TestSignals.dominant(narrow[1600...], rate: 8000, candidates: TestSignals.candidates) == 440)
        let up = try AudioResampler(inputRate: 8000, outputRate: 48000)
        let wide = try Self.run(up, narrow, chunk: 160)
        #expect(abs(wide.count - narrow.count * 6) <= 6)
        #expect(TestSignals.dominant(wide[9600...], rate: 48000, candidates: TestSignals.candidates) == 440)
        #expect(TestSignals.rms(wide[9600...]) > 0.8 * TestSignals.rms(tone[9600...]))
        #expect(down.inputLatency > 0 && up.outputLatency > 0)
    }

    @Test("stereo counts are per channel and channels stay apart")
    func stereo() throws {
        let left = TestSignals.sine(frequency: 440, rate: 16000, count: 16000)
        let right = TestSignals.sine(frequency: 1000, rate: 16000, count: 16000)
        let interleaved = zip(left, right).flatMap { [$0, $1] }
        let resampler = try AudioResampler(inputRate: 16000, outputRate: 48000, channels: 2)
        let output = try Self.run(resampler, interleaved, chunk: 320)
        #expect(output.count % 2 == 0 && abs(output.count / 2 - 48000) <= 6)
        let outLeft = stride(from: 0, to: output.count, by: 2).map { output[$0] }
        let outRight = stride(from: 1, to: output.count, by: 2).map { output[$0] }
        #expect(TestSignals.dominant(outLeft[4800...], rate: 48000, candidates: TestSignals.candidates) == 440)
        #expect(TestSignals.dominant(outRight[4800...], rate: 48000, candidates: TestSignals.candidates) == 1000)
        var odd = [Int16](repeating: 0, count: 3)
        var out = [Int16](repeating: 0, count: 8)
        #expect(throws: AudioCodecError.bufferTooSmall) {
            try odd.withUnsafeMutableBufferPointer { input in
                try out.withUnsafeMutableBufferPointer { try resampler.process(UnsafeBufferPointer(input), into: $0) }
            }
        }
    }

    @Test("invalid rates, channels and quality are typed errors")
    func invalid() {
        #expect(throws: AudioCodecError.self) { _ = try AudioResampler(inputRate: 0, outputRate: 8000) }
        #expect(throws: AudioCodecError.self) { _ = try AudioResampler(inputRate: 8000, outputRate: 8000, channels: 0) }
        #expect(throws: AudioCodecError.self) { _ = try AudioResampler(inputRate: 8000, outputRate: 16000, quality: 11) }
    }
}
