import Foundation
import Testing
@testable import AudioPipeline

/// WAVE reading and writing (RIFF/WAVE, WAVEFORMATEX, WAVE_FORMAT_EXTENSIBLE).
@Suite struct WAVFileTests {
    static let pattern: [Int16] = [0, 1, -1, 32_767, -32_768, 12_345, -12_345, 256]

    @Test("write → read round trip", arguments: [(8000, 1), (16_000, 1), (48_000, 1), (48_000, 2), (16_000, 2)])
    func roundTrip(rate: Int, channels: Int) throws {
        let folder = TemporaryFolder()
        let path = folder.file("round-trip.wav")
        let samples = (0..<(rate / 10 * channels)).map { Self.pattern[$0 % Self.pattern.count] &+ Int16($0 % 1000) }
        try WAVFile.write(path: path, sampleRate: rate, channels: channels, samples: samples)
        let file = try WAVFile.read(path: path)
        #expect(file.format == WAVFormat(sampleRate: rate, channels: channels, bitsPerSample: 16, isFloat: false))
        #expect(file.samples == samples)
        #expect(file.frameCount == rate / 10)
        #expect(abs(file.duration - 0.1) < 1e-9)
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
        #expect(size == 44 + 2 * samples.count)
    }

    @Test("the canonical header: sizes, rates and block alignment")
    func header() throws {
        let bytes = try WAVFile.encode(sampleRate: 8000, channels: 2, samples: [1, -2, 3, -4])
        #expect(bytes.count == 52)
        #expect(Array(bytes[0..<4]) == Array("RIFF".utf8) && bytes[4] == 44 && Array(bytes[8..<16]) == Array("WAVEfmt ".utf8))
        #expect(Array(bytes[20..<36]) == WAVBytes.le16(1) + WAVBytes.le16(2) + WAVBytes.le32(8000) + WAVBytes.le32(32_000)
                + WAVBytes.le16(4) + WAVBytes.le16(16))
        #expect(Array(bytes[36..<44]) == Array("data".utf8) + WAVBytes.le32(8))
        #expect(Array(bytes[44...]) == [1, 0, 0xFE, 0xFF, 3, 0, 0xFC, 0xFF])
    }

    @Test("8-bit unsigned PCM is re-centred and scaled")
    func eightBit() throws {
        let file = try WAVFile.parse(WAVBytes.riff([
            WAVBytes.chunk("fmt ", WAVBytes.fmt(tag: 1, channels: 1, rate: 8000, bits: 8)),
            WAVBytes.chunk("data", [0, 128, 255, 64]),
        ]))
        #expect(file.format == WAVFormat(sampleRate: 8000, channels: 1, bitsPerSample: 8))
        #expect(file.samples == [-32_768, 0, 32_512, -16_384])
    }

    @Test("24- and 32-bit PCM keep their top 16 bits")
    func wideIntegers() throws {
        let pcm24 = try WAVFile.parse(WAVBytes.riff([
            WAVBytes.chunk("fmt ", WAVBytes.fmt(tag: 1, channels: 2, rate: 48_000, bits: 24)),
            WAVBytes.chunk("data", [0xFF, 0xFF, 0x7F, 0x00, 0x00, 0x80, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xFF]),
        ]))
        #expect(pcm24.format.bitsPerSample == 24 && pcm24.format.channels == 2)
        #expect(pcm24.samples == [32_767, -32_768, 1, -1])
        let pcm32 = try WAVFile.parse(WAVBytes.riff([
            WAVBytes.chunk("fmt ", WAVBytes.fmt(tag: 1, channels: 1, rate: 16_000, bits: 32)),
            WAVBytes.chunk("data", WAVBytes.le32(0x7FFF_FFFF) + WAVBytes.le32(0x0001_0000) + WAVBytes.le32(0x8000_0000)),
        ]))
        #expect(pcm32.samples == [32_767, 1, -32_768])
    }

    @Test("IEEE float 32 and 64 are scaled by 32768 and clamped")
    func floats() throws {
        let values: [Float] = [0.5, -1.0, 1.5, 0, -0.25]
        let float32 = try WAVFile.parse(WAVBytes.riff([
            WAVBytes.chunk("fmt ", WAVBytes.fmt(tag: 3, channels: 1, rate: 48_000, bits: 32, extra: [])),
            WAVBytes.chunk("fact", WAVBytes.le32(values.count)),
            WAVBytes.chunk("data", values.flatMap { WAVBytes.le32(Int($0.bitPattern)) }),
        ]))
        #expect(float32.format == WAVFormat(sampleRate: 48_000, channels: 1, bitsPerSample: 32, isFloat: true))
        #expect(float32.samples == [16_384, -32_768, 32_767, 0, -8192])
        let bits = Double(0.25).bitPattern
        let float64 = try WAVFile.parse(WAVBytes.riff([
            WAVBytes.chunk("fmt ", WAVBytes.fmt(tag: 3, channels: 1, rate: 8000, bits: 64)),
            WAVBytes.chunk("data", WAVBytes.le32(Int(bits & 0xFFFF_FFFF)) + WAVBytes.le32(Int(bits >> 32))),
        ]))
        #expect(float64.samples == [8192])
    }

    @Test("WAVE_FORMAT_EXTENSIBLE with PCM and float sub-formats")
    func extensible() throws {
        let pcm = try WAVFile.parse(WAVBytes.riff([
            WAVBytes.chunk("fmt ", WAVBytes.extensible(subTag: 1, channels: 2, rate: 44_100, bits: 16)),
            WAVBytes.chunk("data", WAVBytes.le16(100) + WAVBytes.le16(0xFF9C)),
        ]))
        #expect(pcm.format == WAVFormat(sampleRate: 44_100, channels: 2, bitsPerSample: 16))
        #expect(pcm.samples == [100, -100])
        let float = try WAVFile.parse(WAVBytes.riff([
            WAVBytes.chunk("fmt ", WAVBytes.extensible(subTag: 3, channels: 1, rate: 48_000, bits: 32)),
            WAVBytes.chunk("data", WAVBytes.le32(Int(Float(-0.5).bitPattern))),
        ]))
        #expect(float.format.isFloat && float.samples == [-16_384])
        let packed24 = try WAVFile.parse(WAVBytes.riff([
            WAVBytes.chunk("fmt ", WAVBytes.extensible(subTag: 1, channels: 1, rate: 48_000, bits: 32, validBits: 24)),
            WAVBytes.chunk("data", WAVBytes.le32(0x1234_5600)),
        ]))
        #expect(packed24.samples == [0x1234])
    }

    @Test("unknown chunks (LIST, odd-sized with padding) are skipped")
    func unknownChunks() throws {
        let file = try WAVFile.parse(WAVBytes.riff([
            WAVBytes.chunk("junk", [1, 2, 3]),
            WAVBytes.chunk("fmt ", WAVBytes.fmt(tag: 1, channels: 1, rate: 16_000, bits: 16)),
            WAVBytes.chunk("LIST", Array("INFOISFT".utf8) + WAVBytes.le32(5) + Array("test".utf8) + [0, 0]),
            WAVBytes.chunk("data", WAVBytes.le16(7) + WAVBytes.le16(8)),
            WAVBytes.chunk("id3 ", [9]),
        ]))
        #expect(file.samples == [7, 8])
    }

    @Test("data size 0xFFFFFFFF or 0 (streamed) reads to the end; a partial last frame is dropped")
    func streamedDataSize() throws {
        let fmt = WAVBytes.chunk("fmt ", WAVBytes.fmt(tag: 1, channels: 2, rate: 8000, bits: 16))
        let body = WAVBytes.le16(1) + WAVBytes.le16(2) + WAVBytes.le16(3) + WAVBytes.le16(4) + [5]
        for declared in [0xFFFF_FFFF, 0] {
            let file = try WAVFile.parse(WAVBytes.riff([fmt, WAVBytes.chunk("data", body, declaredSize: declared, pad: false)]))
            #expect(file.samples == [1, 2, 3, 4])
        }
    }

    @Test("compressed and odd formats are unsupportedFormat")
    func unsupported() {
        func parse(_ fmt: [UInt8]) throws(AudioError) -> WAVFile {
            try WAVFile.parse(WAVBytes.riff([WAVBytes.chunk("fmt ", fmt), WAVBytes.chunk("data", [0, 0, 0, 0])]))
        }
        #expect(throws: AudioError.unsupportedFormat("format tag 0x0002 (Microsoft ADPCM)")) {
            try parse(WAVBytes.fmt(tag: 2, channels: 1, rate: 8000, bits: 4, extra: [0xF4, 0x01]))
        }
        #expect(throws: AudioError.unsupportedFormat("format tag 0x0055 (MPEG layer 3)")) {
            try parse(WAVBytes.fmt(tag: 0x55, channels: 1, rate: 8000, bits: 0))
        }
        #expect(throws: AudioError.unsupportedFormat("12-bit PCM")) { try parse(WAVBytes.fmt(tag: 1, channels: 1, rate: 8000, bits: 12)) }
        #expect(throws: AudioError.unsupportedFormat("16-bit IEEE float")) { try parse(WAVBytes.fmt(tag: 3, channels: 1, rate: 8000, bits: 16)) }
        #expect(throws: AudioError.unsupportedFormat("no channels")) { try parse(WAVBytes.fmt(tag: 1, channels: 0, rate: 8000, bits: 16)) }
        #expect(throws: AudioError.self) { try parse(WAVBytes.extensible(subTag: 1, channels: 1, rate: 8000, bits: 16, guidTail: Array(repeating: 7, count: 14))) }
        #expect(throws: AudioError.unsupportedFormat("RF64 (64-bit RIFF)")) { try WAVFile.parse(Array("RF64".utf8) + [0xFF, 0xFF, 0xFF, 0xFF] + Array("WAVE".utf8)) }
    }

    @Test("truncated, garbage and structurally wrong files are unreadable")
    func unreadable() {
        let fmt = WAVBytes.chunk("fmt ", WAVBytes.fmt(tag: 1, channels: 1, rate: 8000, bits: 16))
        let cases: [([UInt8], String)] = [
            ([], "truncated RIFF header (0 bytes)"),
            (Array("garbage, not audio at all".utf8), "not a RIFF file"),
            (WAVBytes.riff([fmt], form: "AVI "), "RIFF form type is not WAVE"),
            (WAVBytes.riff([]), "no fmt chunk"),
            (WAVBytes.riff([fmt]), "no data chunk"),
            (WAVBytes.riff([WAVBytes.chunk("data", [0, 0]), fmt]), "data chunk before the fmt chunk"),
            (WAVBytes.riff([fmt, WAVBytes.chunk("data", [0, 0], declaredSize: 100)]), "data chunk truncated: 100 bytes declared, 2 present"),
            (Array(WAVBytes.riff([fmt])[0..<30]), "'fmt ' chunk truncated at offset 12"),
            (WAVBytes.riff([fmt]) + [0x64, 0x61], "truncated chunk header at offset 36"),
            (WAVBytes.riff([WAVBytes.chunk("fmt ", Array(repeating: 0, count: 12))]), "fmt chunk of 12 bytes, at least 16 needed"),
        ]
        for (bytes, reason) in cases {
            #expect(throws: AudioError.unreadable(WAVFile.memoryPath, reason: reason)) { try WAVFile.parse(bytes) }
        }
    }

    @Test("file errors name the path: not found, unreadable, write failures")
    func fileErrors() throws {
        let folder = TemporaryFolder()
        let missing = folder.file("missing.wav")
        #expect(throws: AudioError.fileNotFound(missing)) { try WAVFile.read(path: missing) }
        let garbage = folder.file("garbage.wav")
        try Data("not a wave file".utf8).write(to: URL(fileURLWithPath: garbage))
        #expect(throws: AudioError.unreadable(garbage, reason: "not a RIFF file")) { try WAVFile.read(path: garbage) }
        let nowhere = folder.file("no/such/folder.wav")
        #expect(throws: AudioError.writeFailed(nowhere, reason: "No such file or directory")) {
            try WAVFile.write(path: nowhere, sampleRate: 8000, channels: 1, samples: [1])
        }
        #expect(throws: AudioError.unsupportedFormat("0 channels")) { try WAVFile.encode(sampleRate: 8000, channels: 0, samples: []) }
        #expect(AudioError.fileNotFound("a.wav").description == "audio file not found: a.wav")
        #expect(AudioError.unreadable("a.wav", reason: "x").description == "cannot read audio file a.wav: x")
    }
}
