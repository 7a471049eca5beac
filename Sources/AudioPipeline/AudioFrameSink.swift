/// A sink of 16-bit interleaved PCM frames: what we hear (a file, a speaker, a test recorder).
///
/// The pipeline calls ``write(_:)`` once per decoded frame; implementations must not allocate
/// there. Errors during writing are kept and reported by ``close()``.
public protocol AudioFrameSink: AnyObject {
    /// Samples per second per channel.
    var sampleRate: Int { get }
    /// Interleaved channels per frame (1 mono, 2 stereo).
    var channels: Int { get }
    /// Takes one frame of interleaved samples (samples per channel = `frame.count / channels`).
    func write(_ frame: UnsafeBufferPointer<Int16>)
    /// Finishes the output (flushes, fixes up headers); throws the first error met since the
    /// sink was opened. Calling it again does nothing.
    func close() throws(AudioError)
}
