/// A PulseAudio record stream (s16le, interleaved) from a source, on a threaded main loop of
/// its own: the stream's read callback (`pa_stream_peek`/`pa_stream_drop`) fills a
/// preallocated ring buffer in ~20 ms fragments, and ``read(into:)`` takes what is there.
///
/// Never blocks the caller on the server: a short ring leaves the rest of the frame silent
/// (counted in ``underruns``); a full one drops its oldest samples (``overflows``). When the
/// server dies, ``state`` becomes `.failed(.serverGone)` and reads give silence.
public final class PulseAudioCapture: Sendable {
    private let stream: PulseAudioStream

    private init(stream: PulseAudioStream) {
        self.stream = stream
    }

    /// Connects a record stream to `device` (a source name, e.g. `nullsink.monitor`; nil: the
    /// server's default) on `server` (nil: libpulse's default; never autospawns).
    /// `bufferMilliseconds` sizes the ring. Throws `.noSuchDevice` for an unknown source,
    /// `.connectionFailed` when no server answers.
    public static func open(server: String? = nil, device: String? = nil, sampleRate: Int = 48_000,
                            channels: Int = 1, bufferMilliseconds: Int = 500,
                            name: String = "plivo-phone capture") async throws(AudioDeviceError) -> PulseAudioCapture {
        let stream = try await PulseAudioStream.open(direction: .record, server: server, device: device,
                                                     sampleRate: sampleRate, channels: channels,
                                                     bufferMilliseconds: bufferMilliseconds,
                                                     frameMilliseconds: 20, name: name)
        return PulseAudioCapture(stream: stream)
    }

    /// Samples per second per channel.
    public var sampleRate: Int { stream.sampleRate }
    /// Interleaved channels.
    public var channels: Int { stream.channels }
    /// `.ready`, `.failed(…)` after the server or stream broke, or `.closed`.
    public var state: PulseAudioStreamState { stream.state }
    /// How often a read found fewer samples than it asked for.
    public var underruns: Int { stream.underruns }
    /// How often the ring was full when audio arrived (its oldest samples were dropped).
    public var overflows: Int { stream.overflows }
    /// Samples dropped by overflows.
    public var droppedSamples: Int { stream.droppedSamples }
    /// Samples waiting in the ring (interleaved, all channels).
    public var availableSamples: Int { stream.bufferedSamples }

    /// Runs `processor` on every captured fragment, in place, on the stream's loop thread
    /// before the fragment is buffered for ``read(into:)`` (an echo canceller, say); nil
    /// removes it. It must be quick and must not call back into the stream.
    public func setProcessor(_ processor: (@Sendable (UnsafeMutableBufferPointer<Int16>) -> Void)?) {
        stream.setTap(processor)
    }

    /// Moves up to `destination.count` captured samples into `destination`, zeroing the rest;
    /// how many were captured. Never waits for the server.
    public func read(into destination: UnsafeMutableBufferPointer<Int16>) -> Int {
        stream.read(into: destination)
    }

    /// Disconnects and unrefs the stream and stops its main loop. Idempotent.
    public func close() {
        stream.close()
    }
}
