import CSpeexDSP

/// A sample-rate converter for interleaved 16-bit PCM (libspeexdsp resampler), e.g. 48 kHz
/// device audio to 8 kHz G.711 and back.
///
/// Owns one `SpeexResamplerState`, freed in `deinit`; keeps filter state between calls, so feed
/// one continuous stream. Not `Sendable`. `process` does not allocate.
public final class AudioResampler {
    /// Input rate in Hz.
    public let inputRate: Int
    /// Output rate in Hz.
    public let outputRate: Int
    /// Interleaved channels, the same on both sides.
    public let channels: Int
    /// Filter quality 0 (fastest) ... 10 (best); 3 is speex's VoIP setting, 5 the desktop one.
    public let quality: Int

    private let state: OpaquePointer

    /// Creates a resampler.
    ///
    /// - Throws: `.invalidConfiguration` for a non-positive rate, channel count outside 1...8 or
    ///   quality outside 0...10; `.resampler` when `speex_resampler_init` fails.
    public init(inputRate: Int, outputRate: Int, channels: Int = 1, quality: Int = 5) throws(AudioCodecError) {
        guard inputRate > 0, outputRate > 0, inputRate <= 768_000, outputRate <= 768_000 else {
            throw .invalidConfiguration("resampler rates \(inputRate) → \(outputRate) Hz")
        }
        guard (1...8).contains(channels) else { throw .invalidConfiguration("resampler channels \(channels) (1...8)") }
        guard (0...10).contains(quality) else { throw .invalidConfiguration("resampler quality \(quality) (0...10)") }
        var error: Int32 = 0
        guard let created = speex_resampler_init(UInt32(channels), UInt32(inputRate), UInt32(outputRate),
                                                 Int32(quality), &error) else {
            throw .resampler(call: "speex_resampler_init", code: error)
        }
        state = created
        self.inputRate = inputRate
        self.outputRate = outputRate
        self.channels = channels
        self.quality = quality
        try Self.check(error, "speex_resampler_init")
    }

    deinit {
        speex_resampler_destroy(state)
    }

    /// Resamples as much of `input` as fits into `output`.
    ///
    /// Both buffers are interleaved; the counts returned are **per channel**: `consumed` input
    /// frames read and `produced` output frames written. Input not consumed must be offered
    /// again. Output lags input by `inputLatency` input frames (filter delay).
    ///
    /// - Throws: `.bufferTooSmall` when a buffer's length is not a multiple of `channels`,
    ///   `.resampler` when libspeexdsp reports an error.
    public func process(_ input: UnsafeBufferPointer<Int16>,
                        into output: UnsafeMutableBufferPointer<Int16>) throws(AudioCodecError) -> (consumed: Int, produced: Int) {
        guard input.count % channels == 0, output.count % channels == 0 else { throw .bufferTooSmall }
        guard let source = input.baseAddress, let destination = output.baseAddress else { return (0, 0) }
        var inputFrames = UInt32(clamping: input.count / channels)
        var outputFrames = UInt32(clamping: output.count / channels)
        let result = speex_resampler_process_interleaved_int(state, source, &inputFrames, destination, &outputFrames)
        try Self.check(result, "speex_resampler_process_interleaved_int")
        return (Int(inputFrames), Int(outputFrames))
    }

    /// Filter delay in input frames (`speex_resampler_get_input_latency`).
    public var inputLatency: Int { Int(speex_resampler_get_input_latency(state)) }

    /// Filter delay in output frames (`speex_resampler_get_output_latency`).
    public var outputLatency: Int { Int(speex_resampler_get_output_latency(state)) }

    /// Clears the filter history, e.g. between unrelated streams (`speex_resampler_reset_mem`).
    public func reset() throws(AudioCodecError) {
        try Self.check(speex_resampler_reset_mem(state), "speex_resampler_reset_mem")
    }

    /// The one place libspeexdsp resampler codes become `AudioCodecError`s (`RESAMPLER_ERR_*`).
    @inline(__always)
    static func check(_ code: Int32, _ call: StaticString) throws(AudioCodecError) {
        if code == Int32(RESAMPLER_ERR_SUCCESS) { return }
        throw .resampler(call: call.description, code: code)
    }
}
