/// A G.711 decoder (PCMU / PCMA, RFC 3551 §4.5.14) with G.711 Appendix I–style concealment.
///
/// Pure Swift. Every decoded frame also feeds the concealment history; the first frame after
/// a loss is cross-faded from the synthetic signal, so a concealed tone does not click. Not
/// `Sendable`. No method allocates.
public final class G711Decoder: AudioDecoder {
    /// The companding law.
    public let law: G711Law
    /// Always 8000 Hz.
    public var sampleRate: Int { 8000 }
    /// Always mono.
    public var channels: Int { 1 }

    private var concealment = G711Concealment()
    private let table: [Int16]

    /// Creates a decoder.
    public init(law: G711Law) {
        self.law = law
        table = law == .muLaw ? G711.muLawTable : G711.aLawTable
    }

    /// Decodes every byte of `payload` into one sample (G.711 §2); returns `payload.count`.
    ///
    /// - Throws: `.bufferTooSmall` when `pcm` has fewer samples than `payload` has bytes.
    public func decode(_ payload: UnsafeRawBufferPointer,
                       into pcm: UnsafeMutableBufferPointer<Int16>) throws(AudioCodecError) -> Int {
        let count = payload.count
        guard pcm.count >= count else { throw .bufferTooSmall }
        table.withUnsafeBufferPointer { table in
            for index in 0..<count { pcm[index] = table[Int(payload[index])] }
        }
        concealment.received(pcm, count: count)
        return count
    }

    /// Synthesises `samples` for a lost frame (G.711 Appendix I): repeats the last pitch period
    /// found by autocorrelation, at full level for 10 ms, then fading by 20 % per 10 ms, silent
    /// from 60 ms.
    ///
    /// - Throws: `.bufferTooSmall` when `pcm` cannot hold `samples`.
    public func conceal(samples: Int, into pcm: UnsafeMutableBufferPointer<Int16>) throws(AudioCodecError) -> Int {
        guard samples >= 0, pcm.count >= samples else { throw .bufferTooSmall }
        concealment.conceal(into: pcm, count: samples)
        return samples
    }

    /// G.711 has no FEC: conceals `samples` instead (the next payload is not used).
    public func recover(from nextPayload: UnsafeRawBufferPointer, samples: Int,
                        into pcm: UnsafeMutableBufferPointer<Int16>) throws(AudioCodecError) -> Int {
        try conceal(samples: samples, into: pcm)
    }
}
