import Foundation
import StackCore
import Testing
@testable import AudioPipeline

/// ``CallToneLibrary``: settings, URL loading, fallback to the default tone with a clear error.
@Suite struct CallToneLibraryTests {
    /// 0.25 s of a 600 Hz tone at 8 kHz, as WAV bytes and samples.
    static let clipSamples = ToneSource(frequency: 600, sampleRate: 8000, amplitude: 0.4).readAll(frames: 1, size: 2000).samples
    static let clipBytes = (try? WAVFile.encode(sampleRate: 8000, channels: 1, samples: clipSamples)) ?? []

    /// Writes `bytes` to a file in `folder`; returns its path.
    static func write(_ bytes: [UInt8], _ name: String, in folder: TemporaryFolder) throws -> String {
        let path = folder.file(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("every tone enabled at first: the defaults play; DTMF keys always, other characters never")
    func defaults() throws {
        let library = CallToneLibrary()
        for tone in [CallTone.ringtone, .ringback, .connect] {
            #expect(library.setting(for: tone) == .enabled && library.lastError(for: tone) == nil)
            let source = try #require(library.source(for: tone, sampleRate: 8000, channels: 1) as? CadencedToneSource)
            #expect(source.frequencies == tone.defaultFrequencies && source.cadence == tone.defaultCadence)
        }
        let key = try #require(library.source(for: .dtmf("9"), sampleRate: 16_000, channels: 2) as? CadencedToneSource)
        #expect(key.frequencies == [852, 1477] && key.sampleRate == 16_000 && key.channels == 2)
        #expect(library.source(for: .dtmf("?"), sampleRate: 8000, channels: 1) == nil)
    }

    @Test("false disables a tone, true brings the default back; setConnectTone takes a boolean")
    func enableDisable() async {
        let library = CallToneLibrary()
        #expect(await library.setRingTone(.disabled).isSuccess)
        await library.setRingToneBack(CallToneSetting(false))
        library.setConnectTone(false)
        for tone in [CallTone.ringtone, .ringback, .connect] {
            #expect(library.source(for: tone, sampleRate: 8000, channels: 1) == nil)
            #expect(library.setting(for: tone) == .disabled)
        }
        await library.setRingTone(.parse("true"))
        library.setConnectTone(true)
        #expect(library.source(for: .ringtone, sampleRate: 8000, channels: 1) is CadencedToneSource)
        #expect(library.source(for: .connect, sampleRate: 8000, channels: 1) is CadencedToneSource)
        #expect(library.source(for: .ringback, sampleRate: 8000, channels: 1) == nil)
    }

    @Test("a WAV URL (file path, file://, http://) plays its samples, looped, in the asked format")
    func wavURLs() async throws {
        let folder = TemporaryFolder()
        let path = try Self.write(Self.clipBytes, "ring.wav", in: folder)
        let library = CallToneLibrary()
        #expect(await library.setRingToneBack(.url(path)).isSuccess)
        let source = try #require(library.source(for: .ringback, sampleRate: 8000, channels: 1) as? AudioClipSource)
        #expect(source.loop && source.readAll(frames: 1, size: 4000).samples == Self.clipSamples + Self.clipSamples)
        #expect(library.lastError(for: .ringback) == nil && library.setting(for: .ringback) == .url(path))

        #expect(await library.setRingTone(.url("file://" + path)).isSuccess)
        let converted = try #require(library.source(for: .ringtone, sampleRate: 48_000, channels: 2) as? AudioClipSource)
        #expect(converted.frameCount == 12_000 && converted.channels == 2)

        try await AudioURLLoaderTests.withServer { (server) async throws in
            let library = CallToneLibrary()
            #expect(await library.setRingTone(.url(server.url("/tone.wav"))).isSuccess)
            #expect(library.source(for: .ringtone, sampleRate: 8000, channels: 1) is AudioClipSource)
        }
    }

    @Test("an unreadable URL: a clear error, recorded, and the default tone plays")
    func unreadable() async throws {
        let folder = TemporaryFolder()
        let library = CallToneLibrary()
        let missing = folder.file("missing.wav")
        let result = await library.setRingTone(.url(missing))
        let expected = CallToneError.loadFailed(url: missing, .fileUnreadable(missing, reason: "no such file"))
        #expect(result.failure == expected)
        #expect(library.lastError(for: .ringtone) == expected)
        #expect(expected.description == "cannot load tone \(missing): cannot read \(missing): no such file")
        #expect(library.setting(for: .ringtone) == .url(missing))
        let source = try #require(library.source(for: .ringtone, sampleRate: 8000, channels: 1) as? CadencedToneSource)
        #expect(source.frequencies == [440, 480])

        try await AudioURLLoaderTests.withServer { (server) async throws in
            let url = server.url("/missing.wav")
            #expect(await library.setRingToneBack(.url(url)).failure == .loadFailed(url: url, .httpStatus(404, url: url)))
            #expect(library.source(for: .ringback, sampleRate: 8000, channels: 1) is CadencedToneSource)
        }
        // A new setting clears the error.
        await library.setRingTone(.enabled)
        #expect(library.lastError(for: .ringtone) == nil)
    }

    @Test("mp3 and other formats are refused naming what they are; a broken WAV names the problem")
    func formats() async throws {
        let folder = TemporaryFolder()
        let library = CallToneLibrary()
        let mp3 = try Self.write(Array("ID3".utf8) + [4, 0, 0, 0, 0, 0, 0] + [0xFF, 0xFB, 0x90, 0x00], "ring.mp3", in: folder)
        let result = await library.setRingTone(.url(mp3))
        #expect(result.failure == .unsupportedFormat(url: mp3, found: "MP3 (ID3 tag)"))
        #expect(result.failure?.description == "unsupported tone format at \(mp3): found MP3 (ID3 tag); only WAV (RIFF/WAVE) is supported")
        #expect(library.source(for: .ringtone, sampleRate: 8000, channels: 1) is CadencedToneSource)

        let truncated = try Self.write(Array(Self.clipBytes.prefix(30)), "cut.wav", in: folder)
        guard case .invalidWAV(let url, .unreadable(let where_, _)) = await library.setRingTone(.url(truncated)).failure else {
            Issue.record("a truncated WAV must be invalidWAV")
            return
        }
        #expect(url == truncated && where_ == truncated)
        let empty = try Self.write(try WAVFile.encode(sampleRate: 8000, channels: 1, samples: []), "empty.wav", in: folder)
        #expect(await library.setRingTone(.url(empty)).failure
                == .invalidWAV(url: empty, .unreadable(empty, reason: "no samples")))
        #expect(library.source(for: .ringtone, sampleRate: 8000, channels: 1) is CadencedToneSource)
    }

    @Test("what non-WAV bytes are called", arguments: [
        ([UInt8](), "an empty file"),
        (Array("ID3\u{4}".utf8), "MP3 (ID3 tag)"),
        ([0xFF, 0xFB, 0x90, 0x64], "MP3 (MPEG audio frames)"),
        ([0xFF, 0xF1, 0x50, 0x80], "AAC (ADTS)"),
        (Array("OggS\0\u{2}".utf8), "Ogg (Vorbis or Opus)"),
        (Array("fLaC".utf8), "FLAC"),
        (Array("FORM\0\0\0\0AIFF".utf8), "AIFF"),
        (Array("\0\0\0\u{20}ftypM4A ".utf8), "MP4/M4A"),
        ([0x1A, 0x45, 0xDF, 0xA3], "WebM/Matroska"),
        (Array("RIFF\0\0\0\0AVI ".utf8), "a RIFF file of form \"AVI \""),
        (Array("RF64\0\0\0\0WAVE".utf8), "a RF64 WAVE file (big-endian or 64-bit RIFF, not supported)"),
        (Array("\n  <!DOCTYPE html>".utf8), "HTML or XML text"),
        (Array("{\"error\": 1}".utf8), "JSON text"),
        ([1, 2, 0xAB], "unknown data starting with 01 02 ab"),
    ])
    func formatNames(bytes: [UInt8], name: String) {
        #expect(CallToneLibrary.nonWAVFormatName(of: bytes) == name)
    }

    @Test("WAV bytes are recognised")
    func wavRecognised() {
        #expect(CallToneLibrary.nonWAVFormatName(of: Self.clipBytes) == nil)
    }

    @Test("a setting made while a URL loads wins over the load's result")
    func newerSettingWins() async throws {
        try await AudioURLLoaderTests.withServer { (server) async throws in
            let clock = TestClock()
            let library = CallToneLibrary(loader: AudioURLLoader(clock: clock, timeout: .seconds(1)))
            let url = server.url("/hang")
            let slow = Task { await library.setRingTone(.url(url)) }
            for await uri in server.requests where uri == "/hang" { break }
            #expect(library.setting(for: .ringtone) == .url(url))
            #expect(library.source(for: .ringtone, sampleRate: 8000, channels: 1) is CadencedToneSource)
            await library.setRingTone(.disabled)
            clock.advance(by: .seconds(1))
            #expect(await slow.value.failure == .loadFailed(url: url, .timedOut(.seconds(1))))
            #expect(library.setting(for: .ringtone) == .disabled && library.lastError(for: .ringtone) == nil)
            #expect(library.source(for: .ringtone, sampleRate: 8000, channels: 1) == nil)
        }
    }
}

extension Result {
    /// Whether the result is a success.
    var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }

    /// The error of a failure, else nil.
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
