/// A PulseAudio playback stream (s16le, interleaved) to a sink, on a threaded main loop of its
/// own: ``write(_:)`` copies into a preallocated ring buffer which the stream's write callback
/// drains about every 10 ms, keeping ~40 ms queued at the server.
///
/// Never blocks the caller on the server: an empty ring plays silence (counted in
/// ``underruns``); a full one drops its oldest samples (counted in ``overflows``). When the
/// server dies, ``state`` becomes `.failed(.serverGone)` and writes are dropped.
///
/// ```swift
/// let speaker = try await PulseAudioPlayback.open(server: nil, device: "nullsink", sampleRate: 48_000)
/// speaker.write(frame)          // every 20 ms
/// speaker.close()
/// ```
public final class PulseAudioPlayback: Sendable {
    private let stream: PulseAudioStream

    private init(stream: PulseAudioStream) {
        self.stream = stream
    }

    /// Connects a playback stream to `device` (a sink name; nil: the server's default) on
    /// `server` (nil: libpulse's default; never autospawns). `bufferMilliseconds` sizes the
    /// ring. Throws `.noSuchDevice` for an unknown sink, `.connectionFailed` when no server answers.
    public static func open(server: String? = nil, device: String? = nil, sampleRate: Int = 48_000,
                            channels: Int = 1, bufferMilliseconds: Int = 300,
                            name: String = "plivo-phone playback") async throws(AudioDeviceError) -> PulseAudioPlayback {
        let stream = try await PulseAudioStream.open(direction: .playback, server: server, device: device,
                                                     sampleRate: sampleRate, channels: channels,
                                                     bufferMilliseconds: bufferMilliseconds,
                                                     frameMilliseconds: 20, name: name)
        return PulseAudioPlayback(stream: stream)
    }

    /// Samples per second per channel.
    public var sampleRate: Int { stream.sampleRate }
    /// Interleaved channels.
    public var channels: Int { stream.channels }
    /// `.ready`, `.failed(…)` after the server or stream broke, or `.closed`.
    public var state: PulseAudioStreamState { stream.state }
    /// How often the server asked for more than the ring held (silence was played).
    public var underruns: Int { stream.underruns }
    /// How often a write found the ring full (its oldest samples were dropped).
    public var overflows: Int { stream.overflows }
    /// Samples dropped by overflows.
    public var droppedSamples: Int { stream.droppedSamples }
    /// Samples waiting in the ring (interleaved, all channels).
    public var bufferedSamples: Int { stream.bufferedSamples }

    /// Hands `monitor` every block of samples the server takes for playing (silence included
    /// when the queue ran dry), on the stream's loop thread: the reference an echo canceller
    /// needs. Nil removes it. It must be quick and must not call back into the stream.
    public func setMonitor(_ monitor: (@Sendable (UnsafeBufferPointer<Int16>) -> Void)?) {
        guard let monitor else {
            stream.setTap(nil)
            return
        }
        stream.setTap { samples in monitor(UnsafeBufferPointer(samples)) }
    }

    /// Queues interleaved samples for playback; never waits for the server.
    public func write(_ samples: UnsafeBufferPointer<Int16>) {
        stream.write(samples)
    }

    /// Disconnects and unrefs the stream and stops its main loop. Idempotent.
    public func close() {
        stream.close()
    }
}
