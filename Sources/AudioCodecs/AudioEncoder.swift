/// Encodes one frame of interleaved 16-bit PCM into one RTP payload (RFC 3551 §4, RFC 7587 §4).
///
/// Implementations own C state and are not `Sendable`: confine one to its owner. `encode`
/// works on caller-provided buffers and does not allocate.
public protocol AudioEncoder: AnyObject {
    /// PCM sample rate the encoder takes, in Hz (Opus: 8000, 12000, 16000, 24000 or 48000;
    /// G.711: 8000).
    var sampleRate: Int { get }
    /// Interleaved channels in the PCM.
    var channels: Int { get }
    /// Samples per channel in one frame (20 ms: 960 for Opus at 48 kHz, 160 for G.711).
    var samplesPerFrame: Int { get }
    /// RTP timestamp rate: 48000 for Opus whatever the PCM rate (RFC 7587 §4.1), 8000 for
    /// G.711 (RFC 3551 §4.5.14).
    var rtpClockRate: Int { get }

    /// Encodes the first `samplesPerFrame × channels` samples of `pcm` into `payload` and
    /// returns the bytes written.
    func encode(_ pcm: UnsafeBufferPointer<Int16>,
                into payload: UnsafeMutableRawBufferPointer) throws(AudioCodecError) -> Int
}

extension AudioEncoder {
    /// Encodes one frame from an array; allocates the payload. For tests and cold paths.
    public func encode(_ pcm: [Int16], maximumPayloadSize: Int = 1500) throws(AudioCodecError) -> [UInt8] {
        var payload = [UInt8](repeating: 0, count: maximumPayloadSize)
        // Array's closure-taking methods rethrow untyped errors: carry the typed one out.
        let result = pcm.withUnsafeBufferPointer { samples in
            payload.withUnsafeMutableBytes { bytes in
                Result { () throws(AudioCodecError) -> Int in try encode(samples, into: bytes) }
            }
        }
        let written = try result.get()
        payload.removeSubrange(written...)
        return payload
    }
}
