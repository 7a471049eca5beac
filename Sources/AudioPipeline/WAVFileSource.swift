/// Plays a WAVE file as outgoing audio, once or looped, at the file's sample rate
/// (Microsoft Multimedia Programming Interface 1.0 §3).
///
/// The whole file is read and converted in `init` (mixed down to mono unless told otherwise);
/// ``read(into:)`` only copies, so it never allocates.
public final class WAVFileSource: AudioFrameSource {
    /// The file's sample rate.
    public let sampleRate: Int
    /// 1 when mixing down, else the file's channel count.
    public let channels: Int
    /// The format found in the file.
    public let fileFormat: WAVFormat
    /// Whether playback starts over at the end.
    public let loop: Bool
    /// The samples played, interleaved with ``channels``.
    let samples: [Int16]
    /// The next sample to play.
    private(set) var position = 0

    /// Opens the file at `path`; `downmixToMono` mixes a multi-channel file down to one channel.
    public convenience init(path: String, loop: Bool = false, downmixToMono: Bool = true) throws(AudioError) {
        self.init(file: try WAVFile.read(path: path), loop: loop, downmixToMono: downmixToMono)
    }

    /// Plays a file already in memory.
    public init(file: WAVFile, loop: Bool = false, downmixToMono: Bool = true) {
        let mixDown = downmixToMono && file.format.channels > 1
        fileFormat = file.format
        sampleRate = file.format.sampleRate
        channels = mixDown ? 1 : max(file.format.channels, 1)
        samples = mixDown ? file.monoSamples() : file.samples
        self.loop = loop
    }

    /// Frames (samples per channel) in one pass of the file.
    public var frameCount: Int { samples.count / channels }

    /// Whether a non-looping source has played everything.
    public var isFinished: Bool { !loop && position >= samples.count }

    /// Copies the next `frame.count` samples; past the end it loops, or pads with silence.
    /// Returns false when the file had already ended (or is empty): `frame` is then silence.
    public func read(into frame: UnsafeMutableBufferPointer<Int16>) -> Bool {
        guard !samples.isEmpty, loop || position < samples.count else {
            frame.update(repeating: 0)
            return false
        }
        var filled = 0
        samples.withUnsafeBufferPointer { source in
            while filled < frame.count {
                if position >= source.count {
                    guard loop else { break }
                    position = 0
                }
                let count = min(frame.count - filled, source.count - position)
                for index in 0..<count { frame[filled + index] = source[position + index] }
                filled += count
                position += count
            }
        }
        for index in filled..<frame.count { frame[index] = 0 }
        return true
    }

    /// Starts again from the beginning of the file.
    public func rewind() {
        position = 0
    }
}
