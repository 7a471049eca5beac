/// A G.711 encoder (PCMU / PCMA, RFC 3551 §4.5.14): one byte per 8 kHz mono sample.
///
/// Pure Swift, no C state. Not `Sendable` (an `AudioEncoder` is confined to its owner, like the
/// Opus one). `encode` does not allocate.
public final class G711Encoder: AudioEncoder {
    /// The companding law.
    public let law: G711Law
    /// Always 8000 Hz (RFC 3551 §4.5.14).
    public var sampleRate: Int { 8000 }
    /// Always mono.
    public var channels: Int { 1 }
    /// Samples in one frame: 160 for 20 ms (RFC 3551 §4.5: ptime 20 by default).
    public let samplesPerFrame: Int
    /// Always 8000: the RTP clock is the sampling clock (RFC 3551 §4.5.14).
    public var rtpClockRate: Int { 8000 }

    /// Creates an encoder; `samplesPerFrame` below 1 is taken as 1.
    public init(law: G711Law, samplesPerFrame: Int = 160) {
        self.law = law
        self.samplesPerFrame = max(1, samplesPerFrame)
    }

    /// Encodes the first `samplesPerFrame` samples of `pcm`, one byte each (G.711 §2).
    ///
    /// - Throws: `.bufferTooSmall` when `pcm` holds less than a frame or `payload` has fewer
    ///   than `samplesPerFrame` bytes.
    public func encode(_ pcm: UnsafeBufferPointer<Int16>,
                       into payload: UnsafeMutableRawBufferPointer) throws(AudioCodecError) -> Int {
        guard pcm.count >= samplesPerFrame, payload.count >= samplesPerFrame else { throw .bufferTooSmall }
        switch law {
        case .muLaw:
            for index in 0..<samplesPerFrame { payload[index] = G711.muLawEncode(pcm[index]) }
        case .aLaw:
            for index in 0..<samplesPerFrame { payload[index] = G711.aLawEncode(pcm[index]) }
        }
        return samplesPerFrame
    }
}
