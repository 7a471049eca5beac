/// Decodes RTP payloads into interleaved 16-bit PCM, with packet loss concealment
/// (RFC 3551 §4, RFC 7587 §4; G.711 Appendix I, RFC 6716 §4.4).
///
/// Implementations own C state and are not `Sendable`: confine one to its owner. Every
/// method works on caller-provided buffers and does not allocate.
public protocol AudioDecoder: AnyObject {
    /// PCM sample rate the decoder produces, in Hz.
    var sampleRate: Int { get }
    /// Interleaved channels in the PCM it produces.
    var channels: Int { get }

    /// Decodes one payload; returns the samples per channel written to `pcm`.
    func decode(_ payload: UnsafeRawBufferPointer,
                into pcm: UnsafeMutableBufferPointer<Int16>) throws(AudioCodecError) -> Int
    /// Packet loss concealment for one missing frame of `samples` per channel.
    func conceal(samples: Int, into pcm: UnsafeMutableBufferPointer<Int16>) throws(AudioCodecError) -> Int
    /// Recovers the missing frame BEFORE `nextPayload` from its in-band FEC (Opus,
    /// RFC 6716 §2.1.7); codecs without FEC conceal instead. `nextPayload` must still be
    /// decoded normally afterwards.
    func recover(from nextPayload: UnsafeRawBufferPointer, samples: Int,
                 into pcm: UnsafeMutableBufferPointer<Int16>) throws(AudioCodecError) -> Int
}

extension AudioDecoder {
    /// Decodes one payload from an array; allocates the PCM. For tests and cold paths.
    public func decode(_ payload: [UInt8], maximumSamples: Int = 5760) throws(AudioCodecError) -> [Int16] {
        var pcm = [Int16](repeating: 0, count: maximumSamples * channels)
        // Array's closure-taking methods rethrow untyped errors: carry the typed one out.
        let result = payload.withUnsafeBytes { bytes in
            pcm.withUnsafeMutableBufferPointer { out in
                Result { () throws(AudioCodecError) -> Int in try decode(bytes, into: out) }
            }
        }
        let samples = try result.get()
        pcm.removeSubrange((samples * channels)...)
        return pcm
    }
}
