import Foundation
import Testing
@testable import AudioPipeline

/// ``CallTone`` defaults and ``CallToneSetting`` parsing.
@Suite struct CallToneTests {
    @Test("ringtone and ringback: 440 + 480 Hz, on 2 s / off 4 s, looping; connect: 350 + 440 Hz continuous")
    func defaults() {
        #expect(CallTone.ringtone.defaultFrequencies == [440, 480])
        #expect(CallTone.ringback.defaultFrequencies == [440, 480])
        #expect(CallTone.connect.defaultFrequencies == [350, 440])
        #expect(CallTone.ringtone.defaultCadence == .repeating(on: .seconds(2), off: .seconds(4)))
        #expect(CallTone.ringback.defaultCadence == .repeating(on: .seconds(2), off: .seconds(4)))
        #expect(CallTone.connect.defaultCadence == .continuous)
        #expect(CallTone.dtmf("5").defaultFrequencies == [770, 1336])
        #expect(CallTone.dtmf("#").defaultCadence == .once(.milliseconds(200)))
        #expect(CallTone.dtmf("x").defaultFrequencies == nil)
        #expect(CallTone.dtmf("x").defaultSource(sampleRate: 8000, channels: 1) == nil)
        #expect(abs(CallTone.defaultComponentAmplitude - 0.2515) < 0.0005)
        #expect(CallTone.ringback.description == "ringback" && CallTone.dtmf("7").description == "dtmf 7")
    }

    @Test("the connect tone: each component at −15 dBFS, nothing between them")
    func connectLevel() throws {
        let source = try #require(CallTone.connect.defaultSource(sampleRate: 16_000, channels: 1))
        let samples = source.readAll(frames: 100, size: 320).samples
        let second = Array(samples[16_000..<32_000])
        for frequency in [350.0, 440.0] {
            let level = 10 * log10(ToneAnalyzer.goertzelPower(second, sampleRate: 16_000, frequency: frequency))
            #expect(abs(level - CallTone.defaultComponentLevel) < 0.1, "\(frequency) Hz: \(level)")
        }
        #expect(ToneAnalyzer.goertzelPower(second, sampleRate: 16_000, frequency: 395) < 1e-5)
    }

    @Test("every DTMF key's default is detected as that key, once, and lasts 200 ms",
          arguments: Array("0123456789*#ABCD"))
    func dtmf(digit: Character) throws {
        let source = try #require(CallTone.dtmf(digit).defaultSource(sampleRate: 8000, channels: 1))
        let (samples, results) = source.readAll(frames: 15, size: 160)
        #expect(results.filter { $0 }.count == 10)
        #expect(ToneAnalyzer.detectDTMF(samples, sampleRate: 8000) == String(digit))
        #expect(samples[1600...].allSatisfy { $0 == 0 })
    }

    @Test("settings from the SDK's arguments: booleans, \"true\"/\"false\", anything else a URL")
    func settings() {
        #expect(CallToneSetting(true) == .enabled)
        #expect(CallToneSetting(false) == .disabled)
        #expect(CallToneSetting.parse("true") == .enabled)
        #expect(CallToneSetting.parse(" FALSE\n") == .disabled)
        #expect(CallToneSetting.parse("https://cdn.example.com/ring.wav") == .url("https://cdn.example.com/ring.wav"))
        #expect(CallToneSetting.parse("  /tmp/ring.wav ") == .url("/tmp/ring.wav"))
        #expect(CallToneSetting.parse("") == .url(""))
        #expect(CallToneSetting.parse("truthy") == .url("truthy"))
        #expect(CallToneSetting.enabled.isEnabled && CallToneSetting.url("x").isEnabled && !CallToneSetting.disabled.isEnabled)
        for setting in [CallToneSetting.enabled, .disabled, .url("file:///tmp/a.wav")] {
            #expect(CallToneSetting.parse(setting.description) == setting)
        }
    }
}
