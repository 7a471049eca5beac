import AudioCodecs

/// Our outgoing audio, one frame per call: a source read at its own rate, converted to the
/// encoder's rate and channels (``AudioRateConverter``), encoded into an RTP payload.
///
/// Buffers are made once; ``encodeFrame(into:)`` allocates nothing. While ``isMuted`` the
/// source keeps being read (so a file plays on in real time) but silence is encoded.
/// Non-Sendable: the owner (a media engine on its event loop) confines it.
public final class AudioSendChain {
    /// The source.
    public let source: any AudioFrameSource
    /// The encoder.
    public let encoder: any AudioEncoder
    private let converter: AudioRateConverter
    private var sourceFrame: [Int16]
    private var encoderFrame: [Int16]
    /// Whether silence is sent instead of the source (the seed's `mute`).
    public var isMuted = false
    /// Whether the source has ended (a file played to its end); silence is sent after that.
    public private(set) var sourceEnded = false
    /// Frames encoded.
    public private(set) var framesEncoded = 0
    /// The peak absolute sample of the last source frame (for level meters), 0…32767.
    public private(set) var lastPeak: Int16 = 0

    /// Creates the chain for 20 ms frames (the encoder's `samplesPerFrame`).
    public init(source: any AudioFrameSource, encoder: any AudioEncoder) throws(AudioCodecError) {
        self.source = source
        self.encoder = encoder
        let frameDuration = Double(encoder.samplesPerFrame) / Double(encoder.sampleRate)
        let sourceSamples = max(1, Int((Double(source.sampleRate) * frameDuration).rounded()))
        sourceFrame = [Int16](repeating: 0, count: sourceSamples * source.channels)
        encoderFrame = [Int16](repeating: 0, count: encoder.samplesPerFrame * encoder.channels)
        converter = try AudioRateConverter(inputRate: source.sampleRate, inputChannels: source.channels,
                                           outputRate: encoder.sampleRate, outputChannels: encoder.channels,
                                           maximumFrameSamples: sourceSamples)
    }

    /// RTP timestamp units per frame (the encoder's frame at its RTP clock rate).
    public var timestampIncrement: UInt32 {
        UInt32(encoder.samplesPerFrame * encoder.rtpClockRate / encoder.sampleRate)
    }

    /// Reads the next source frame without encoding it (while an RFC 4733 event replaces the
    /// audio), so a file or device stays in real time.
    public func skipFrame() {
        readSource()
    }

    private func readSource() {
        let more = sourceFrame.withUnsafeMutableBufferPointer { source.read(into: $0) }
        if !more { sourceEnded = true }
        var peak: Int16 = 0
        for sample in sourceFrame { peak = max(peak, sample == .min ? .max : abs(sample)) }
        lastPeak = peak
    }

    /// Reads the next source frame and encodes it into `payload`; returns the payload size.
    public func encodeFrame(into payload: UnsafeMutableRawBufferPointer) throws(AudioCodecError) -> Int {
        readSource()
        if isMuted {
            for index in encoderFrame.indices { encoderFrame[index] = 0 }
        } else {
            sourceFrame.withUnsafeBufferPointer { input in
                encoderFrame.withUnsafeMutableBufferPointer { output in converter.convert(input, into: output) }
            }
        }
        framesEncoded += 1
        let encoder = self.encoder
        return try encoderFrame.withUnsafeBufferPointer { pcm throws(AudioCodecError) in
            try encoder.encode(pcm, into: payload)
        }
    }
}
