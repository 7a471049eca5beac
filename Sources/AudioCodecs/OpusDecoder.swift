import COpus

/// An Opus decoder (RFC 6716 §4) with packet loss concealment and in-band FEC recovery.
///
/// Decodes any Opus stream, mono or stereo, into the rate and channel count chosen here
/// (a stereo decoder turns a mono stream into two equal channels, RFC 7587 §3.4). Owns one
/// libopus `OpusDecoder`, freed in `deinit`. Not `Sendable`. No method allocates.
public final class OpusDecoder: AudioDecoder {
    /// Output PCM rate in Hz (8000, 12000, 16000, 24000 or 48000).
    public let sampleRate: Int
    /// Interleaved output channels (1 or 2).
    public let channels: Int
    /// Longest frame one packet can hold (120 ms), in samples per channel: size `pcm` for it.
    public var maximumSamplesPerPacket: Int { sampleRate * 120 / 1000 }

    private let decoder: OpaquePointer

    /// Creates a libopus decoder.
    ///
    /// - Throws: `.invalidConfiguration` for a rate or channel count libopus does not support,
    ///   `.opus` when `opus_decoder_create` fails.
    public init(sampleRate: Int = 48000, channels: Int = 1) throws(AudioCodecError) {
        guard OpusLibrary.sampleRates.contains(sampleRate) else {
            throw .invalidConfiguration("Opus sample rate \(sampleRate) Hz (8000, 12000, 16000, 24000 or 48000)")
        }
        guard channels == 1 || channels == 2 else {
            throw .invalidConfiguration("Opus channels \(channels) (1 or 2)")
        }
        var error: Int32 = OPUS_OK
        guard let created = opus_decoder_create(Int32(sampleRate), Int32(channels), &error) else {
            throw .opus(call: "opus_decoder_create", code: error == OPUS_OK ? OPUS_ALLOC_FAIL : error)
        }
        decoder = created
        self.sampleRate = sampleRate
        self.channels = channels
    }

    deinit {
        opus_decoder_destroy(decoder)
    }

    /// Decodes one Opus packet (RFC 6716 §3) into `pcm`; returns samples per channel.
    ///
    /// - Throws: `.bufferTooSmall` when `pcm` cannot hold the packet's duration,
    ///   `.opus(call:code:)` (typically `OPUS_INVALID_PACKET`) for a malformed or empty payload.
    public func decode(_ payload: UnsafeRawBufferPointer,
                       into pcm: UnsafeMutableBufferPointer<Int16>) throws(AudioCodecError) -> Int {
        guard let data = payload.baseAddress, !payload.isEmpty else {
            throw .opus(call: "opus_decode", code: OPUS_INVALID_PACKET)
        }
        let bytes = data.assumingMemoryBound(to: UInt8.self)
        let length = Int32(clamping: payload.count)
        let samples = try OpusLibrary.check(opus_decoder_get_nb_samples(decoder, bytes, length),
                                            "opus_decoder_get_nb_samples")
        // A code-3 packet may declare zero frames (RFC 6716 §3.2.5, R5): nothing to decode.
        guard samples > 0 else { throw .opus(call: "opus_decode", code: OPUS_INVALID_PACKET) }
        guard let output = pcm.baseAddress, pcm.count >= samples * channels else { throw .bufferTooSmall }
        return try OpusLibrary.check(opus_decode(decoder, bytes, length, output, Int32(samples), 0), "opus_decode")
    }

    /// Conceals one lost frame of `samples` per channel (RFC 6716 §4.4; libopus PLC).
    /// `samples` must be a multiple of 2.5 ms (120 at 48 kHz).
    public func conceal(samples: Int, into pcm: UnsafeMutableBufferPointer<Int16>) throws(AudioCodecError) -> Int {
        guard samples > 0, let output = pcm.baseAddress, pcm.count >= samples * channels else {
            throw .bufferTooSmall
        }
        return try OpusLibrary.check(opus_decode(decoder, nil, 0, output, Int32(clamping: samples), 0),
                                     "opus_decode(PLC)")
    }

    /// Rebuilds the lost frame before `nextPayload` from the LBRR (FEC) data it carries
    /// (RFC 6716 §2.1.7, §4.2.4); without FEC data libopus conceals instead. `samples` is the
    /// lost duration per channel (a multiple of 2.5 ms). Decode `nextPayload` normally afterwards.
    public func recover(from nextPayload: UnsafeRawBufferPointer, samples: Int,
                        into pcm: UnsafeMutableBufferPointer<Int16>) throws(AudioCodecError) -> Int {
        guard let data = nextPayload.baseAddress, !nextPayload.isEmpty else {
            return try conceal(samples: samples, into: pcm)
        }
        guard samples > 0, let output = pcm.baseAddress, pcm.count >= samples * channels else {
            throw .bufferTooSmall
        }
        return try OpusLibrary.check(
            opus_decode(decoder, data.assumingMemoryBound(to: UInt8.self), Int32(clamping: nextPayload.count),
                        output, Int32(clamping: samples), 1),
            "opus_decode(FEC)")
    }

    /// Forgets the decoder state, e.g. after an SSRC change (`OPUS_RESET_STATE`).
    public func reset() throws(AudioCodecError) {
        try OpusLibrary.check(copus_decoder_reset(decoder), "opus_decoder_ctl(OPUS_RESET_STATE)")
    }

    /// Duration of the last packet decoded or concealed, in samples per channel
    /// (`OPUS_GET_LAST_PACKET_DURATION`); 0 before the first.
    public var lastPacketDuration: Int {
        var value: Int32 = 0
        guard copus_decoder_get_last_packet_duration(decoder, &value) == OPUS_OK else { return 0 }
        return Int(value)
    }
}
