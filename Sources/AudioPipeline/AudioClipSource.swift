import AudioCodecs

/// Plays a decoded clip (a ``WAVFile``) at a chosen sample rate and channel count, once or
/// looped: a ringtone or ringback loaded from a URL, played into a device of another format.
///
/// The whole clip is converted once, in `init`: channels first (kept when the counts match,
/// otherwise mixed down to mono and copied to every output channel), then the rate with the
/// libspeexdsp resampler (``AudioResampler``, quality 5), its filter delay removed so the
/// converted clip starts with the clip's first sound and has `round(frames · rate / fileRate)`
/// frames. ``read(into:)`` only copies (it is a ``WAVFileSource`` over the converted samples),
/// so it never allocates. Non-Sendable; confine it to one thread.
public final class AudioClipSource: AudioFrameSource {
    /// The output rate.
    public let sampleRate: Int
    /// The output channels.
    public let channels: Int
    /// The format of the clip as given.
    public let clipFormat: WAVFormat
    /// Whether playback starts over at the end.
    public let loop: Bool
    /// The converted clip.
    private let player: WAVFileSource

    /// Converts `file` to `sampleRate` and `channels` and plays it, looping when `loop`.
    ///
    /// - Throws: ``AudioError/unsupportedFormat(_:)`` for a non-positive rate or channel count,
    ///   rates the resampler does not take (above 768 kHz), or a clip longer than
    ///   ``maximumDuration`` once converted (a tiny file declaring 1 Hz would otherwise expand
    ///   to gigabytes).
    public init(file: WAVFile, sampleRate: Int, channels: Int, loop: Bool = false) throws(AudioError) {
        guard sampleRate > 0, channels > 0 else {
            throw .unsupportedFormat("cannot play a clip at \(sampleRate) Hz with \(channels) channels")
        }
        let seconds = Double(file.frameCount) / Double(max(file.format.sampleRate, 1))
        guard seconds <= Self.maximumDuration else {
            throw .unsupportedFormat("a clip of \(Int(seconds)) s (at most \(Int(Self.maximumDuration)) s)")
        }
        let fileChannels = max(file.format.channels, 1)
        var samples = file.samples
        var working = fileChannels
        if fileChannels != channels {
            samples = file.monoSamples()
            working = 1
        }
        if file.format.sampleRate != sampleRate, !samples.isEmpty {
            do throws(AudioCodecError) {
                samples = try Self.resample(samples, channels: working, from: file.format.sampleRate, to: sampleRate)
            } catch {
                throw .unsupportedFormat("cannot convert \(file.format.sampleRate) Hz to \(sampleRate) Hz: \(error)")
            }
        }
        if working != channels {
            samples = Self.spread(samples, to: channels)
        }
        let converted = WAVFile(format: WAVFormat(sampleRate: sampleRate, channels: channels), samples: samples)
        self.sampleRate = sampleRate
        self.channels = channels
        clipFormat = file.format
        self.loop = loop
        player = WAVFileSource(file: converted, loop: loop, downmixToMono: false)
    }

    /// The longest clip accepted, in seconds (10 minutes).
    public static let maximumDuration: Double = 600

    /// Frames (samples per channel) in one pass of the converted clip.
    public var frameCount: Int { player.frameCount }

    /// Whether a clip played once has ended.
    public var isFinished: Bool { player.isFinished }

    /// Copies the next samples of the clip; past the end it loops, or pads with silence.
    /// Returns false when the clip had already ended (or is empty): `frame` is then silence.
    public func read(into frame: UnsafeMutableBufferPointer<Int16>) -> Bool {
        player.read(into: frame)
    }

    /// Starts again from the beginning of the clip.
    public func rewind() {
        player.rewind()
    }

    /// `samples` (interleaved, `channels`) resampled from `inputRate` to `outputRate`, aligned:
    /// the input is followed by the filter's delay in zeros, and the output's first
    /// `outputLatency` frames (the delay) are dropped.
    static func resample(_ samples: [Int16], channels: Int, from inputRate: Int, to outputRate: Int) throws(AudioCodecError) -> [Int16] {
        let resampler = try AudioResampler(inputRate: inputRate, outputRate: outputRate, channels: channels)
        let inputFrames = samples.count / channels
        let wanted = Int((Double(inputFrames) * Double(outputRate) / Double(inputRate)).rounded())
        let skip = resampler.outputLatency
        let padded = Array(samples[0..<(inputFrames * channels)])
            + [Int16](repeating: 0, count: (resampler.inputLatency + 1) * channels)
        var output = [Int16](repeating: 0, count: (wanted + skip + 64) * channels)
        var consumed = 0, produced = 0
        try padded.withUnsafeBufferPointer { (input) throws(AudioCodecError) in
            try output.withUnsafeMutableBufferPointer { (target) throws(AudioCodecError) in
                while consumed < input.count, produced < target.count {
                    let (used, made) = try resampler.process(
                        UnsafeBufferPointer(rebasing: input[consumed...]),
                        into: UnsafeMutableBufferPointer(rebasing: target[produced...]))
                    if used == 0 && made == 0 { break }
                    consumed += used * channels
                    produced += made * channels
                }
            }
        }
        let start = min(skip * channels, produced)
        let end = min(start + wanted * channels, produced)
        var result = Array(output[start..<end])
        if result.count < wanted * channels {
            result += [Int16](repeating: 0, count: wanted * channels - result.count)
        }
        return result
    }

    /// Mono `samples` copied to each of `channels` interleaved channels.
    static func spread(_ samples: [Int16], to channels: Int) -> [Int16] {
        guard channels > 1 else { return samples }
        var result = [Int16]()
        result.reserveCapacity(samples.count * channels)
        for sample in samples {
            for _ in 0..<channels { result.append(sample) }
        }
        return result
    }
}
