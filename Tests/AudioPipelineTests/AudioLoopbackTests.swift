import AudioPipeline
import Testing

/// ``AudioLoopback``: what is written is read back in order, silence when empty, the oldest
/// dropped beyond 200 ms.
@Suite struct AudioLoopbackTests {
    @Test("frames come back in order; an empty loopback reads silence; more than 200 ms keeps the newest")
    func loopsBack() {
        let loopback = AudioLoopback(sampleRate: 8_000)
        let sink = loopback.makeSink(), source = loopback.makeSource()
        #expect(sink.sampleRate == 8_000 && source.sampleRate == 8_000 && source.channels == 1)
        var frame = [Int16](repeating: 7, count: 160)
        #expect(frame.withUnsafeMutableBufferPointer { source.read(into: $0) })
        #expect(frame.allSatisfy { $0 == 0 })
        let written = (0..<320).map { Int16($0) }
        written.withUnsafeBufferPointer { sink.write($0) }
        frame.withUnsafeMutableBufferPointer { _ = source.read(into: $0) }
        #expect(frame == Array(written[0..<160]))
        frame.withUnsafeMutableBufferPointer { _ = source.read(into: $0) }
        #expect(frame == Array(written[160..<320]))
        // 300 ms written: the first 100 ms are gone.
        let long = (0..<2_400).map { Int16($0 % 30_000) }
        long.withUnsafeBufferPointer { sink.write($0) }
        var all = [Int16](repeating: 0, count: 1_600)
        all.withUnsafeMutableBufferPointer { _ = source.read(into: $0) }
        #expect(all == Array(long[800...]))
    }
}
