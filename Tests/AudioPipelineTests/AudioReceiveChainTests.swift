import AudioCodecs
import AudioPipeline
import RTP
import Testing

/// The receive chain: decode → sink at another rate, and packets longer than one frame.
@Suite struct AudioReceiveChainTests {
    final class Capture: AudioFrameSink {
        let sampleRate: Int
        let channels = 1
        var samples: [Int16] = []
        init(sampleRate: Int) { self.sampleRate = sampleRate }
        func write(_ frame: UnsafeBufferPointer<Int16>) { samples.append(contentsOf: frame) }
        func close() throws(AudioError) {}
    }

    @Test("A 40 ms Opus packet plays over two 20 ms ticks (the second from the pending rest), resampled to 16 kHz")
    func fortyMillisecondPackets() throws {
        var configuration = OpusEncoderConfiguration()
        configuration.frameDuration = .milliseconds(40)
        let encoder = try OpusEncoder(configuration)
        let tone = ToneSource(frequency: 440, sampleRate: 48_000)
        let sink = Capture(sampleRate: 16_000)
        let chain = try AudioReceiveChain(decoder: try OpusDecoder(), sink: sink)
        var pcm = [Int16](repeating: 0, count: 1_920)
        var payload = [UInt8](repeating: 0, count: 1_500)
        for _ in 0..<10 {
            pcm.withUnsafeMutableBufferPointer { _ = tone.read(into: $0) }
            let size = try pcm.withUnsafeBufferPointer { samples in
                try payload.withUnsafeMutableBytes { try encoder.encode(samples, into: $0) }
            }
            payload.withUnsafeBytes { bytes in
                chain.play(.packet(payload: UnsafeRawBufferPointer(rebasing: bytes[0..<size]), sequenceNumber: 0,
                                   timestamp: 0, marker: false))
            }
            #expect(chain.hasPendingAudio)
            chain.playPending()
            #expect(!chain.hasPendingAudio)
        }
        #expect(sink.samples.count == 20 * 320)
        #expect(chain.statistics.decoded == 10 && chain.statistics.continued == 10)
        let heard = ToneAnalyzer.analyze(Array(sink.samples.suffix(8_000)), sampleRate: 16_000)
        #expect(abs(heard.dominantFrequency - 440) < 2, "\(heard)")
    }
}
