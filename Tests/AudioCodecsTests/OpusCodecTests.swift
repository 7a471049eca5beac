import Testing
@testable import AudioCodecs

/// Opus through libopus: fidelity, configuration, FEC, PLC and bad input (RFC 6716, RFC 7587).
@Suite struct OpusCodecTests {
    /// Encodes `signal` frame by frame; returns one packet per frame.
    static func encode(_ signal: [Int16], with encoder: OpusEncoder) throws -> [[UInt8]] {
        let frame = encoder.samplesPerFrame * encoder.channels
        return try stride(from: 0, to: signal.count - frame + 1, by: frame).map { start in
            try encoder.encode(Array(signal[start..<start + frame]))
        }
    }

    @Test("a 440 Hz sine survives encode → decode: dominant 440 Hz, SNR after the codec delay (RFC 6716)")
    func sineRoundTrip() throws {
        let encoder = try OpusEncoder(.init(bitrate: 32000))
        let decoder = try OpusDecoder()
        let signal = TestSignals.sine(frequency: 440, rate: 48000, count: 48000)
        var decoded: [Int16] = []
        for packet in try Self.encode(signal, with: encoder) {
            #expect(packet.count > 10 && packet.count <= 1275)
            let pcm = try decoder.decode(packet)
            #expect(pcm.count == 960)
            decoded += pcm
        }
        #expect(decoded.count == 48000)
        let steady = 9600..<48000
        #expect(TestSignals.dominant(decoded[steady], rate: 48000, candidates: TestSignals.candidates) == 440)
        // The codec delay is 312 samples (6.5 ms); align on the sine's phase near it.
        let delay = TestSignals.bestDelay(reference: signal, decoded: decoded, in: 250..<400, range: 9600..<14400)
        let snr = TestSignals.snr(reference: signal, decoded: decoded, delay: delay, range: steady)
        #expect(snr > 20, "SNR \(snr) dB at delay \(delay)")
        #expect(decoder.lastPacketDuration == 960)
    }

    @Test("a stereo decoder turns a mono stream into two equal channels (RFC 7587 §3.4)")
    func stereoDecoderMonoStream() throws {
        let encoder = try OpusEncoder()
        let decoder = try OpusDecoder(channels: 2)
        let signal = TestSignals.sine(frequency: 440, rate: 48000, count: 9600)
        var energy = 0.0
        for packet in try Self.encode(signal, with: encoder) {
            let pcm = try decoder.decode(packet)
            #expect(pcm.count == 1920)
            for index in stride(from: 0, to: pcm.count, by: 2) {
                #expect(pcm[index] == pcm[index + 1])
                energy += Double(pcm[index]) * Double(pcm[index])
            }
        }
        #expect(energy > 0)
    }

    @Test("the bitrate setting is what OPUS_GET_BITRATE reports; nil means libopus's choice")
    func bitrate() throws {
        let encoder = try OpusEncoder(.init(bitrate: 24000))
        #expect(encoder.bitrate == 24000)
        try encoder.setBitrate(64000)
        #expect(encoder.bitrate == 64000)
        try encoder.setBitrate(nil)
        #expect(encoder.bitrate > 6000)
        #expect(throws: AudioCodecError.self) { try encoder.setBitrate(5000) }
        #expect(encoder.bitrate > 6000)
        try encoder.setExpectedPacketLoss(percent: 30)
        #expect(throws: AudioCodecError.self) { try encoder.setExpectedPacketLoss(percent: 101) }
    }

    @Test("configurations libopus cannot take are typed errors")
    func invalidConfiguration() {
        let bad: [OpusEncoderConfiguration] = [
            .init(channels: 3), .init(sampleRate: 44100), .init(channels: 0),
            .init(frameDuration: .milliseconds(15)), .init(bitrate: 600_000), .init(complexity: 11),
            .init(expectedPacketLossPercent: -1),
        ]
        for configuration in bad {
            #expect(throws: AudioCodecError.self) { _ = try OpusEncoder(configuration) }
            do {
                _ = try OpusEncoder(configuration)
            } catch {
                guard case .invalidConfiguration = error else {
                    Issue.record("expected invalidConfiguration, got \(error)")
                    continue
                }
            }
        }
        #expect(throws: AudioCodecError.self) { _ = try OpusDecoder(channels: 3) }
        #expect(throws: AudioCodecError.self) { _ = try OpusDecoder(sampleRate: 44100) }
    }

    @Test("frame sizes and the 48 kHz RTP clock at other PCM rates (RFC 7587 §4.1)")
    func frameSizes() throws {
        let wideband = try OpusEncoder(.init(sampleRate: 16000, frameDuration: .milliseconds(40)))
        #expect(wideband.samplesPerFrame == 640)
        #expect(wideband.rtpClockRate == 48000)
        #expect(wideband.rtpTimestampIncrement == 1920)
        let short = try OpusEncoder(.init(frameDuration: .microseconds(2500)))
        #expect(short.samplesPerFrame == 120)
        let stereo = try OpusEncoder(.init(channels: 2))
        let packet = try stereo.encode(TestSignals.sine(frequency: 300, rate: 48000, count: 1920))
        #expect(try OpusDecoder(channels: 2).decode(packet).count == 1920)
        #expect(throws: AudioCodecError.bufferTooSmall) { _ = try stereo.encode([Int16](repeating: 0, count: 1919)) }
        #expect(throws: AudioCodecError.bufferTooSmall) {
            _ = try stereo.encode(TestSignals.sine(frequency: 300, rate: 48000, count: 1920), maximumPayloadSize: 0)
        }
        // libopus shrinks the packet to the room it has rather than failing.
        #expect(try stereo.encode(TestSignals.sine(frequency: 300, rate: 48000, count: 1920), maximumPayloadSize: 20).count <= 20)
    }

    /// Decodes `packets`, replacing packet `lost` by FEC recovery from the next one or by PLC.
    static func decode(_ packets: [[UInt8]], losing lost: Int, useFEC: Bool) throws -> [Int16] {
        let decoder = try OpusDecoder()
        var decoded: [Int16] = []
        for (index, packet) in packets.enumerated() {
            guard index == lost else {
                decoded += try decoder.decode(packet)
                continue
            }
            var pcm = [Int16](repeating: 0, count: 960)
            let count = try packets[index + 1].withUnsafeBytes { next in
                try pcm.withUnsafeMutableBufferPointer { output in
                    useFEC ? try decoder.recover(from: next, samples: 960, into: output)
                        : try decoder.conceal(samples: 960, into: output)
                }
            }
            #expect(count == 960)
            decoded += pcm
        }
        return decoded
    }

    @Test("a lost packet is rebuilt from the next packet's in-band FEC, which PLC cannot do (RFC 6716 §2.1.7)")
    func inbandFEC() throws {
        // The tone changes from 440 Hz to 700 Hz exactly where the lost packet starts: PLC can only
        // extrapolate 440 Hz, the FEC copy in the next packet carries the 700 Hz.
        let lost = 25
        let signal = TestSignals.sine(frequency: 440, rate: 48000, count: lost * 960, amplitude: 8000)
            + TestSignals.sine(frequency: 700, rate: 48000, count: 48000 - lost * 960, amplitude: 8000, start: lost * 960)
        let encoder = try OpusEncoder(.init(bitrate: 32000, inbandFEC: true, expectedPacketLossPercent: 10))
        let packets = try Self.encode(signal, with: encoder)

        // The decoded frame lags the input by the codec delay (312 samples at 48 kHz): skip
        // its first 400 samples, which still hold 440 Hz input.
        let frame = (lost * 960 + 400)..<(lost + 1) * 960
        let recovered = try Self.decode(packets, losing: lost, useFEC: true)
        let power440 = TestSignals.goertzel(recovered[frame], frequency: 440, rate: 48000)
        let power700 = TestSignals.goertzel(recovered[frame], frequency: 700, rate: 48000)
        #expect(power700 > 20 * power440)
        #expect(TestSignals.rms(recovered[frame]) > 0.5 * TestSignals.rms(signal[frame]))
        let snr = TestSignals.snr(reference: signal, decoded: recovered, delay: 312, range: frame)
        #expect(snr > 5, "recovered frame SNR \(snr) dB")

        let concealed = try Self.decode(packets, losing: lost, useFEC: false)
        #expect(TestSignals.goertzel(concealed[frame], frequency: 440, rate: 48000)
            > TestSignals.goertzel(concealed[frame], frequency: 700, rate: 48000))
        #expect(TestSignals.snr(reference: signal, decoded: concealed, delay: 312, range: frame) < snr - 5)
    }

    @Test("concealment continues the signal; a bad PLC length is a typed error (RFC 6716 §4.4)")
    func concealment() throws {
        let encoder = try OpusEncoder()
        let decoder = try OpusDecoder()
        for packet in try Self.encode(TestSignals.sine(frequency: 440, rate: 48000, count: 9600), with: encoder) {
            _ = try decoder.decode(packet)
        }
        var pcm = [Int16](repeating: 0, count: 960)
        let count = try pcm.withUnsafeMutableBufferPointer { try decoder.conceal(samples: 960, into: $0) }
        #expect(count == 960)
        #expect(TestSignals.rms(pcm[...]) > 500)
        #expect(throws: AudioCodecError.self) {
            try pcm.withUnsafeMutableBufferPointer { try decoder.conceal(samples: 100, into: $0) }
        }
        #expect(throws: AudioCodecError.bufferTooSmall) {
            try pcm.withUnsafeMutableBufferPointer { try decoder.conceal(samples: 1920, into: $0) }
        }
    }

    @Test("garbage payloads are typed errors, never crashes (RFC 6716 §3.4)")
    func garbage() throws {
        let decoder = try OpusDecoder()
        #expect(throws: AudioCodecError.opus(call: "opus_decode", code: -4)) { _ = try decoder.decode([0xFF, 0x00]) }
        #expect(throws: AudioCodecError.self) { _ = try decoder.decode([]) }
        #expect(throws: AudioCodecError.self) { _ = try decoder.decode([0x03]) }
        // A 120 ms packet into a 20 ms buffer.
        let long = try OpusEncoder(.init(frameDuration: .milliseconds(120))).encode([Int16](repeating: 0, count: 5760))
        #expect(throws: AudioCodecError.bufferTooSmall) { _ = try decoder.decode(long, maximumSamples: 960) }
        var state: UInt64 = 0x1234_5678
        var failures = 0
        for _ in 0..<2000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let bytes = (0..<Int(state >> 56) % 200).map { UInt8(truncatingIfNeeded: (state >> UInt64($0 % 57)) &+ UInt64($0)) }
            do {
                _ = try decoder.decode(bytes)
            } catch {
                failures += 1
            }
        }
        #expect(failures > 0)
        let description = AudioCodecError.opus(call: "opus_decode", code: -4).description
        #expect(description.contains("opus_decode"))
    }
}
