import Synchronization

/// What a call hears, sent back: a sink whose frames a source reads again (an echo service).
/// The source gives silence until something was written, and keeps at most
/// ``maximumMilliseconds`` (older audio is dropped, so the echo never lags further behind).
public final class AudioLoopback: Sendable {
    /// Samples per second of both sides (mono).
    public let sampleRate: Int
    /// The most audio held between the two sides.
    public static let maximumMilliseconds = 200

    private struct Ring {
        var samples: [Int16]
        var head = 0
        var count = 0
    }

    private let ring: Mutex<Ring>

    /// A loopback at `sampleRate`.
    public init(sampleRate: Int) {
        self.sampleRate = max(sampleRate, 1)
        ring = Mutex(Ring(samples: [Int16](repeating: 0, count: max(sampleRate, 1) * Self.maximumMilliseconds / 1000)))
    }

    /// The side that takes what the call hears.
    public func makeSink() -> any AudioFrameSink { Sink(self) }

    /// The side the call sends from.
    public func makeSource() -> any AudioFrameSource { Source(self) }

    fileprivate func write(_ frame: UnsafeBufferPointer<Int16>) {
        nonisolated(unsafe) let frame = frame
        ring.withLock { ring in
            let capacity = ring.samples.count
            for sample in frame {
                if ring.count == capacity {
                    ring.head = (ring.head + 1) % capacity
                    ring.count -= 1
                }
                ring.samples[(ring.head + ring.count) % capacity] = sample
                ring.count += 1
            }
        }
    }

    fileprivate func read(into frame: UnsafeMutableBufferPointer<Int16>) {
        nonisolated(unsafe) let frame = frame
        ring.withLock { ring in
            let capacity = ring.samples.count
            let available = min(ring.count, frame.count)
            for index in 0..<frame.count {
                frame[index] = index < available ? ring.samples[(ring.head + index) % capacity] : 0
            }
            ring.head = (ring.head + available) % capacity
            ring.count -= available
        }
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
