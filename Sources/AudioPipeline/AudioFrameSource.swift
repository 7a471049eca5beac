/// A source of 16-bit interleaved PCM frames: our outgoing audio (a file, a tone, a microphone).
///
/// The pipeline calls ``read(into:)`` once per frame (every 20 ms) on its own thread or event
/// loop; implementations must not allocate there.
public protocol AudioFrameSource: AnyObject {
    /// Samples per second per channel.
    var sampleRate: Int { get }
    /// Interleaved channels per frame (1 mono, 2 stereo).
    var channels: Int { get }
    /// Fills `frame` completely (samples per channel = `frame.count / channels`); returns false
    /// once the source has ended, and `frame` then holds silence.
    func read(into frame: UnsafeMutableBufferPointer<Int16>) -> Bool
}
