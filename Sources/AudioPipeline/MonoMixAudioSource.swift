/// A multichannel source mixed down to mono (the mean of each frame's channels), so that the
/// capture processing (echo cancellation, noise suppression, gain control), which works on one
/// channel, also applies to a microphone opened in stereo (`audioConstraints.channelCount: 2`).
/// Non-Sendable: read on the media thread only.
public final class MonoMixAudioSource: AudioFrameSource {
    /// The wrapped source.
    public let source: any AudioFrameSource
    private var scratch: [Int16] = []

    /// Mixes `source`'s channels into one.
    public init(_ source: any AudioFrameSource) { self.source = source }

    /// The wrapped source's rate.
    public var sampleRate: Int { source.sampleRate }
    /// One.
    public var channels: Int { 1 }

    /// Reads `frame.count` samples per channel from the wrapped source and writes their means.
    public func read(into frame: UnsafeMutableBufferPointer<Int16>) -> Bool {
        let width = max(1, source.channels)
        let needed = frame.count * width
        if scratch.count != needed { scratch = [Int16](repeating: 0, count: needed) }
        let more = scratch.withUnsafeMutableBufferPointer { source.read(into: $0) }
        for index in frame.indices {
            var sum = 0
            for channel in 0..<width { sum += Int(scratch[index * width + channel]) }
            frame[index] = Int16(sum / width)
        }
        return more
    }
}
