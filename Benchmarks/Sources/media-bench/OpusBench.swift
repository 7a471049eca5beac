// opus-encode+decode: one 20 ms frame of a 440 Hz tone (48 kHz mono) encoded and decoded.
//   ours: OpusEncoder(OpusEncoderConfiguration(...)).encode + OpusDecoder(48000, 1).decode
//   peer: opus_encode + opus_decode on an encoder set with the same ctls (bitrate, complexity,
//         in-band FEC, expected loss, DTX) through COpusBench's wrappers.
import AudioCodecs
import AudioPipeline
import BenchSupport
import COpusBench

/// A raw libopus encoder/decoder pair, configured like `OpusEncoder(configuration)`.
final class RawOpusPair {
    let encoder: OpaquePointer, decoder: OpaquePointer

    init(_ configuration: OpusEncoderConfiguration) {
        var error: Int32 = 0
        guard let encoder = opus_encoder_create(48000, 1, OPUS_APPLICATION_VOIP, &error), error == OPUS_OK,
              let decoder = opus_decoder_create(48000, 1, &error), error == OPUS_OK else {
            fail("media-bench", "opus_encoder_create/opus_decoder_create: \(error)")
        }
        self.encoder = encoder
        self.decoder = decoder
        let results = [
            copusbench_set_bitrate(encoder, Int32(configuration.bitrate ?? Int(OPUS_AUTO))),
            copusbench_set_complexity(encoder, Int32(configuration.complexity)),
            copusbench_set_inband_fec(encoder, configuration.inbandFEC ? 1 : 0),
            copusbench_set_packet_loss_perc(encoder, Int32(configuration.expectedPacketLossPercent)),
            copusbench_set_dtx(encoder, configuration.dtx ? 1 : 0),
        ]
        guard results.allSatisfy({ $0 == OPUS_OK }) else { fail("media-bench", "opus_encoder_ctl: \(results)") }
    }

    deinit {
        opus_encoder_destroy(encoder)
        opus_decoder_destroy(decoder)
    }
}

/// One second of the tone, 50 frames of 960 samples, made by the stack's ToneSource.
func toneFrames(sampleRate: Int = 48_000, frames: Int = 50) -> [Int16] {
    let source = ToneSource(frequency: 440, sampleRate: sampleRate)
    var pcm = [Int16](repeating: 0, count: sampleRate / 50 * frames)
    _ = pcm.withUnsafeMutableBufferPointer { source.read(into: $0) }
    return pcm
}

func opusBench(name: String, complexity: Int, bitrate: Int, options: BenchOptions) {
    var configuration = OpusEncoderConfiguration()  // 48 kHz mono 20 ms VoIP, FEC on at 10 % loss, no DTX
    configuration.bitrate = bitrate
    configuration.complexity = complexity
    let pcm = toneFrames()
    let frameCount = pcm.count / 960
    func ours() -> (OpusEncoder, OpusDecoder) {
        do {
            return (try OpusEncoder(configuration), try OpusDecoder(sampleRate: 48_000, channels: 1))
        } catch {
            fail("media-bench", "OpusEncoder/OpusDecoder: \(error)")
        }
    }
    var payload = [UInt8](repeating: 0, count: 1500)
    var decoded = [Int16](repeating: 0, count: 5760)

    // Cross-check: fresh encoders on both sides give the same bytes for every frame (so the
    // settings are the same), and both decoders give 960 samples.
    var totalBytes = 0
    do {
        let (encoder, decoder) = ours()
        let raw = RawOpusPair(configuration)
        var rawPayload = [UInt8](repeating: 0, count: 1500)
        for frame in 0..<frameCount {
            let ourLength = pcm.withUnsafeBufferPointer { all in
                payload.withUnsafeMutableBytes { out in
                    (try? encoder.encode(UnsafeBufferPointer(rebasing: all[frame * 960..<(frame + 1) * 960]), into: out)) ?? -1
                }
            }
            let rawLength = pcm.withUnsafeBufferPointer { all in
                opus_encode(raw.encoder, all.baseAddress! + frame * 960, 960, &rawPayload, 1500)
            }
            guard ourLength > 0, Int(rawLength) == ourLength, payload[0..<ourLength] == rawPayload[0..<ourLength] else {
                fail("media-bench", "\(name): frame \(frame): ours \(ourLength) bytes, libopus \(rawLength) bytes, or different bytes")
            }
            totalBytes += ourLength
            let ourSamples = payload.withUnsafeBytes { bytes in
                decoded.withUnsafeMutableBufferPointer { out in
                    (try? decoder.decode(UnsafeRawBufferPointer(rebasing: bytes[0..<ourLength]), into: out)) ?? -1
                }
            }
            let rawSamples = opus_decode(raw.decoder, &rawPayload, rawLength, &decoded, 5760, 0)
            guard ourSamples == 960, rawSamples == 960 else {
                fail("media-bench", "\(name): decoded \(ourSamples) / \(rawSamples) samples")
            }
        }
    }

    let (encoder, decoder) = ours()
    let raw = RawOpusPair(configuration)
    var ourFrame = 0, rawFrame = 0, failures = 0
    let result = pcm.withUnsafeBufferPointer { all in
        payload.withUnsafeMutableBytes { out in
            decoded.withUnsafeMutableBufferPointer { samples in
                measurePair(options, ours: { count in
                    for _ in 0..<count {
                        let input = UnsafeBufferPointer(rebasing: all[ourFrame * 960..<(ourFrame + 1) * 960])
                        ourFrame = ourFrame + 1 == frameCount ? 0 : ourFrame + 1
                        do {
                            let length = try encoder.encode(input, into: out)
                            let produced = try decoder.decode(UnsafeRawBufferPointer(rebasing: out[0..<length]), into: samples)
                            if produced != 960 { failures += 1 }
                        } catch {
                            failures += 1
                        }
                    }
                }, peer: { count in
                    let bytes = out.baseAddress!.assumingMemoryBound(to: UInt8.self)
                    for _ in 0..<count {
                        let input = all.baseAddress! + rawFrame * 960
                        rawFrame = rawFrame + 1 == frameCount ? 0 : rawFrame + 1
                        let length = opus_encode(raw.encoder, input, 960, bytes, 1500)
                        if length <= 0 || opus_decode(raw.decoder, bytes, length, samples.baseAddress!, 5760, 0) != 960 {
                            failures += 1
                        }
                    }
                })
            }
        }
    }
    guard failures == 0 else { fail("media-bench", "\(name): \(failures) failures during timing") }
    print("# \(name): complexity \(complexity), \(bitrate / 1000) kbit/s, FEC on (10 % loss), VoIP, no DTX; identical packets both sides, mean \(totalBytes / frameCount) B; \(result.oursCount)/\(result.peerCount) frames per round, spread ours \(format(result.oursSpread))% libopus \(format(result.peerSpread))%")
    print("\(name): ours \(format(result.ours / 1000, decimals: 2)) us/frame, peer \(format(result.peer / 1000, decimals: 2)) us/frame (libopus direct), ratio \(format(result.ratio, decimals: 2))")
}
