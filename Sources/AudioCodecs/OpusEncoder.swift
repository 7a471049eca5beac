import COpus

/// An Opus encoder (RFC 6716) producing one RTP payload per frame (RFC 7587 §4.2).
///
/// Owns one libopus `OpusEncoder`, freed in `deinit`. Not `Sendable`: confine it to its owner.
/// `encode` does not allocate.
public final class OpusEncoder: AudioEncoder {
    /// The configuration it was created with (the bitrate as requested; see `bitrate`).
    public let configuration: OpusEncoderConfiguration
    /// PCM input rate in Hz.
    public let sampleRate: Int
    /// Interleaved input channels (1 or 2).
    public let channels: Int
    /// Samples per channel in one frame (960 for 20 ms at 48 kHz).
    public let samplesPerFrame: Int
    /// Always 48000: Opus RTP timestamps count 48 kHz samples whatever the PCM rate (RFC 7587 §4.1).
    public var rtpClockRate: Int { 48000 }
    /// RTP timestamp increment per frame (RFC 7587 §4.1): `samplesPerFrame × 48000 / sampleRate`.
    public var rtpTimestampIncrement: Int { samplesPerFrame * 48000 / sampleRate }

    private let encoder: OpaquePointer

    /// Creates and configures a libopus encoder.
    ///
    /// - Throws: `.invalidConfiguration` for a field outside what libopus supports (for example
    ///   3 channels or 44100 Hz), `.opus` when `opus_encoder_create` or a CTL fails.
    public init(_ configuration: OpusEncoderConfiguration = .init()) throws(AudioCodecError) {
        samplesPerFrame = try configuration.validatedSamplesPerFrame()
        self.configuration = configuration
        sampleRate = configuration.sampleRate
        channels = configuration.channels
        var error: Int32 = OPUS_OK
        guard let created = opus_encoder_create(Int32(sampleRate), Int32(channels),
                                                configuration.application.code, &error) else {
            throw .opus(call: "opus_encoder_create", code: error == OPUS_OK ? OPUS_ALLOC_FAIL : error)
        }
        encoder = created
        try OpusLibrary.check(copus_set_bitrate(created, Int32(configuration.bitrate ?? Int(OPUS_AUTO))),
                              "opus_encoder_ctl(OPUS_SET_BITRATE)")
        try OpusLibrary.check(copus_set_complexity(created, Int32(configuration.complexity)),
                              "opus_encoder_ctl(OPUS_SET_COMPLEXITY)")
        try OpusLibrary.check(copus_set_inband_fec(created, configuration.inbandFEC ? 1 : 0),
                              "opus_encoder_ctl(OPUS_SET_INBAND_FEC)")
        try OpusLibrary.check(copus_set_packet_loss_perc(created, Int32(configuration.expectedPacketLossPercent)),
                              "opus_encoder_ctl(OPUS_SET_PACKET_LOSS_PERC)")
        try OpusLibrary.check(copus_set_dtx(created, configuration.dtx ? 1 : 0), "opus_encoder_ctl(OPUS_SET_DTX)")
    }

    deinit {
        opus_encoder_destroy(encoder)
    }

    /// The bitrate the encoder uses now, in bit/s (`OPUS_GET_BITRATE`; with `bitrate: nil` the
    /// value libopus chose). 0 if libopus refuses the query, which it does not for a live encoder.
    public var bitrate: Int {
        var value: Int32 = 0
        guard copus_get_bitrate(encoder, &value) == OPUS_OK else { return 0 }
        return Int(value)
    }

    /// Changes the target bitrate (`OPUS_SET_BITRATE`); `nil` returns to libopus's choice.
    /// Takes effect from the next frame, so a call can follow REMB/TMMBR or an SDP change.
    public func setBitrate(_ bitrate: Int?) throws(AudioCodecError) {
        if let bitrate, !OpusEncoderConfiguration.bitrateRange.contains(bitrate) {
            throw .invalidConfiguration("Opus bitrate \(bitrate) (6000...510000)")
        }
        try OpusLibrary.check(copus_set_bitrate(encoder, Int32(bitrate ?? Int(OPUS_AUTO))),
                              "opus_encoder_ctl(OPUS_SET_BITRATE)")
    }

    /// Changes the expected loss that sizes in-band FEC (`OPUS_SET_PACKET_LOSS_PERC`), e.g. from
    /// RTCP receiver reports (RFC 3550 §6.4.1 fraction lost).
    public func setExpectedPacketLoss(percent: Int) throws(AudioCodecError) {
        guard (0...100).contains(percent) else {
            throw .invalidConfiguration("expected packet loss \(percent) % (0...100)")
        }
        try OpusLibrary.check(copus_set_packet_loss_perc(encoder, Int32(percent)),
                              "opus_encoder_ctl(OPUS_SET_PACKET_LOSS_PERC)")
    }

    /// Encodes the first `samplesPerFrame × channels` samples of `pcm` into one Opus packet
    /// (RFC 6716 §3) and returns its length. With DTX a packet of 2 bytes or less need not be
    /// sent. libopus shrinks the packet to fit `payload` (lower quality) rather than failing;
    /// 1275 bytes always suffice for one 20 ms frame.
    ///
    /// - Throws: `.bufferTooSmall` when `pcm` is shorter than a frame or `payload` is empty;
    ///   `.opus` for a libopus error.
    public func encode(_ pcm: UnsafeBufferPointer<Int16>,
                       into payload: UnsafeMutableRawBufferPointer) throws(AudioCodecError) -> Int {
        guard pcm.count >= samplesPerFrame * channels, let input = pcm.baseAddress,
              let output = payload.baseAddress, !payload.isEmpty else {
            throw .bufferTooSmall
        }
        let written = opus_encode(encoder, input, Int32(samplesPerFrame),
                                  output.assumingMemoryBound(to: UInt8.self), Int32(clamping: payload.count))
        return try OpusLibrary.check(written, "opus_encode")
    }
}
