import Foundation
import Testing
@testable import AudioPipeline

/// ``WAVFileSink`` (streaming recorder), ``WAVFileSource`` (player) and ``NullAudioSink``.
@Suite struct WAVFileStreamTests {
    static func ramp(_ count: Int, offset: Int = 0) -> [Int16] {
        (0..<count).map { Int16(truncatingIfNeeded: ($0 + offset) * 37 - 20_000) }
    }

    static func write(_ samples: [Int16], to sink: any AudioFrameSink, frameSize: Int) {
        var start = 0
        while start < samples.count {
            let end = min(start + frameSize, samples.count)
            samples[start..<end].withUnsafeBufferPointer { sink.write($0) }
            start = end
        }
    }

    @Test("the sink writes a file whose parse gives exactly the samples, with the header sizes right")
    func sinkRoundTrip() throws {
        let folder = TemporaryFolder()
        let path = folder.file("sink.wav")
        let sink = try WAVFileSink(path: path, sampleRate: 16_000, channels: 2)
        let samples = Self.ramp(3 * 640 + 100)
        Self.write(samples, to: sink, frameSize: 640)
        #expect(sink.frames == 4 && sink.dataSize == samples.count * 2)
        try sink.close()
        #expect(sink.isClosed)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes.count == 44 + samples.count * 2)
        #expect(Array(bytes[4..<8]) == WAVBytes.le32(36 + samples.count * 2))
        #expect(Array(bytes[40..<44]) == WAVBytes.le32(samples.count * 2))
        let file = try WAVFile.parse(bytes)
        #expect(file.format == WAVFormat(sampleRate: 16_000, channels: 2))
        #expect(file.samples == samples)
    }

    @Test("the sink patches the header every second: a file never closed is valid up to the last flush")
    func sinkPeriodicPatch() throws {
        let folder = TemporaryFolder()
        let path = folder.file("open.wav")
        let sink = try WAVFileSink(path: path, sampleRate: 8000)
        let empty = try WAVFile.read(path: path)
        #expect(empty.samples.isEmpty)
        let samples = Self.ramp(8000 * 5 / 2)
        Self.write(samples, to: sink, frameSize: 160)
        let partial = try WAVFile.read(path: path)
        #expect(partial.samples == Array(samples[0..<16_000]))
        try sink.close()
        #expect(try WAVFile.read(path: path).samples == samples)
        // Closing again is harmless; writing after close is ignored.
        try sink.close()
        samples.withUnsafeBufferPointer { sink.write($0) }
        #expect(try WAVFile.read(path: path).samples.count == samples.count)
    }

    @Test("a sink that cannot create its file throws writeFailed; bad parameters unsupportedFormat")
    func sinkErrors() {
        let path = "/nonexistent-folder-\(getpid())/x.wav"
        #expect(throws: AudioError.writeFailed(path, reason: "No such file or directory")) {
            try WAVFileSink(path: path, sampleRate: 8000)
        }
        #expect(throws: AudioError.unsupportedFormat("sample rate 0 Hz")) {
            try WAVFileSink(path: "/tmp/unused.wav", sampleRate: 0)
        }
    }

    @Test("the source plays once: full frames, the last padded with silence, then false and silence")
    func sourceOnce() throws {
        let samples = Self.ramp(2500)
        let source = WAVFileSource(file: WAVFile(format: WAVFormat(sampleRate: 8000, channels: 1), samples: samples))
        #expect(source.sampleRate == 8000 && source.channels == 1 && source.frameCount == 2500)
        let (played, results) = source.readAll(frames: 4, size: 1000)
        #expect(results == [true, true, true, false])
        #expect(Array(played[0..<2500]) == samples)
        #expect(played[2500...].allSatisfy { $0 == 0 })
        #expect(source.isFinished)
        source.rewind()
        #expect(source.readAll(frames: 1, size: 10).samples == Array(samples[0..<10]))
    }

    @Test("the looping source wraps around without a gap")
    func sourceLoop() {
        let samples = Self.ramp(2500)
        let source = WAVFileSource(file: WAVFile(format: WAVFormat(sampleRate: 8000, channels: 1), samples: samples), loop: true)
        let (played, results) = source.readAll(frames: 6, size: 1000)
        #expect(results.allSatisfy { $0 })
        #expect(played == samples + samples + Array(samples[0..<1000]))
        #expect(!source.isFinished)
    }

    @Test("stereo files are mixed down to mono by default, kept interleaved on request")
    func sourceDownmix() throws {
        let folder = TemporaryFolder()
        let path = folder.file("stereo.wav")
        let stereo: [Int16] = [1000, 3000, -1000, -3001, 32_767, 32_767, -32_768, -32_768]
        try WAVFile.write(path: path, sampleRate: 48_000, channels: 2, samples: stereo)
        let mono = try WAVFileSource(path: path)
        #expect(mono.channels == 1 && mono.fileFormat.channels == 2)
        #expect(mono.readAll(frames: 1, size: 4).samples == [2000, -2000, 32_767, -32_768])
        let kept = try WAVFileSource(path: path, downmixToMono: false)
        #expect(kept.channels == 2)
        #expect(kept.readAll(frames: 1, size: 8).samples == stereo)
        #expect(throws: AudioError.fileNotFound(folder.file("none.wav"))) { try WAVFileSource(path: folder.file("none.wav")) }
    }

    @Test("an empty file ends at once, looped or not")
    func sourceEmpty() {
        let empty = WAVFile(format: WAVFormat(sampleRate: 8000, channels: 1), samples: [])
        for loop in [false, true] {
            let source = WAVFileSource(file: empty, loop: loop)
            let (played, results) = source.readAll(frames: 2, size: 4)
            #expect(results == [false, false] && played.allSatisfy { $0 == 0 })
        }
    }

    @Test("the null sink counts frames and samples")
    func nullSink() throws {
        let sink = NullAudioSink(sampleRate: 8000, channels: 2)
        Self.write(Self.ramp(1000), to: sink, frameSize: 320)
        #expect(sink.frames == 4 && sink.samples == 1000 && sink.sampleRate == 8000 && sink.channels == 2)
        try sink.close()
        #expect(sink.isClosed)
    }
}
