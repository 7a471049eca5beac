import StackCore
import Synchronization

/// What a call hears, sent back: a sink whose frames a source reads again (an echo service).
/// The source gives silence until something was written, and keeps at most
/// ``maximumMilliseconds`` (older audio is dropped, so the echo never lags further behind).
///
/// `@unchecked Sendable`: the ring is touched only while holding ``lock``.
public final class AudioLoopback: @unchecked Sendable {
    /// Samples per second of both sides (mono).
    public let sampleRate: Int
    /// The most audio held between the two sides.
    public static let maximumMilliseconds = 200

    private let lock = Mutex(())
    private let ring: SampleRingBuffer

    /// A loopback at `sampleRate`.
    public init(sampleRate: Int) {
        self.sampleRate = max(sampleRate, 1)
        ring = SampleRingBuffer(capacity: self.sampleRate * Self.maximumMilliseconds / 1000)
    }

    /// The side that takes what the call hears.
    public func makeSink() -> any AudioFrameSink { Sink(self) }

    /// The side the call sends from.
    public func makeSource() -> any AudioFrameSource { Source(self) }

    fileprivate func write(_ frame: UnsafeBufferPointer<Int16>) {
        nonisolated(unsafe) let frame = frame
        lock.withLock { _ in _ = ring.write(frame) }
    }

    fileprivate func read(into frame: UnsafeMutableBufferPointer<Int16>) {
        nonisolated(unsafe) let frame = frame
        lock.withLock { _ in _ = ring.readPadded(into: frame) }
    }

    private final class Sink: AudioFrameSink {
        let loopback: AudioLoopback
        init(_ loopback: AudioLoopback) { self.loopback = loopback }
        var sampleRate: Int { loopback.sampleRate }
        var channels: Int { 1 }
        func write(_ frame: UnsafeBufferPointer<Int16>) { loopback.write(frame) }
        func close() throws(AudioError) {}
    }

    private final class Source: AudioFrameSource {
        let loopback: AudioLoopback
        init(_ loopback: AudioLoopback) { self.loopback = loopback }
        var sampleRate: Int { loopback.sampleRate }
        var channels: Int { 1 }
        func read(into frame: UnsafeMutableBufferPointer<Int16>) -> Bool {
            loopback.read(into: frame)
            return true
        }
    }
}
