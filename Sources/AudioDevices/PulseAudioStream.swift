import CPulseAudio
import StackCore

/// One `pa_stream` (s16le, playback or record) on a context and threaded main loop of its own,
/// with a ring buffer between the caller and libpulse's callbacks. The engine behind
/// ``PulseAudioPlayback`` and ``PulseAudioCapture``.
///
/// All libpulse calls and all callbacks run with the main-loop lock held, which guards the
/// mutable state and the ring; the caller's `write`/`read` only take that lock for a copy, never
/// wait for the server.
final class PulseAudioStream: @unchecked Sendable {
    /// Which way audio flows.
    enum Direction: Sendable {
        case playback
        case record
    }

    let direction: Direction
    let sampleRate: Int
    let channels: Int
    let device: String?

    private let loop: PulseAudioMainLoop
    private let server: String?
    private let frameMilliseconds: Int
    // Guarded by the main-loop lock:
    private let ring: SampleRingBuffer
    private var context: OpaquePointer?
    private var stream: OpaquePointer?
    private var openContinuation: CheckedContinuation<Result<Void, AudioDeviceError>, Never>?
    private var currentState: PulseAudioStreamState?   // nil while connecting
    private var underrunCount = 0
    /// Called on the loop thread with the samples as they pass between the server and the
    /// ring: for playback what the server takes (read only), for record what it delivered
    /// (changed in place before the ring gets it). Nil: none.
    private var tap: Tap?
    private var scratch: [Int16] = []
    private var overflowCount = 0
    private var droppedCount = 0

    init(direction: Direction, server: String?, device: String?, sampleRate: Int, channels: Int,
         bufferMilliseconds: Int, frameMilliseconds: Int, loop: PulseAudioMainLoop) {
        self.direction = direction
        self.server = server
        self.device = device
        self.sampleRate = sampleRate
        self.channels = channels
        self.frameMilliseconds = frameMilliseconds
        self.loop = loop
        ring = SampleRingBuffer(capacity: sampleRate * channels * bufferMilliseconds / 1000)
    }

    deinit {
        close()
    }

    /// Creates the main loop and connects the stream; throws `.noSuchDevice` when `device`
    /// names nothing, `.connectionFailed` when the server cannot be reached.
    static func open(direction: Direction, server: String?, device: String?, sampleRate: Int,
                     channels: Int, bufferMilliseconds: Int, frameMilliseconds: Int,
                     name: String) async throws(AudioDeviceError) -> PulseAudioStream {
        guard sampleRate > 0, sampleRate <= 384_000, channels > 0, channels <= 32 else {
            throw .operationFailed(call: "pa_stream_new", reason: "unsupported format \(sampleRate) Hz \(channels) ch")
        }
        let loop = try PulseAudioMainLoop()
        let stream = PulseAudioStream(direction: direction, server: server, device: device,
                                      sampleRate: sampleRate, channels: channels,
                                      bufferMilliseconds: bufferMilliseconds,
                                      frameMilliseconds: frameMilliseconds, loop: loop)
        do {
            try await stream.connect(name: name)
        } catch {
            stream.close()
            throw error
        }
        return stream
    }

    var state: PulseAudioStreamState {
        withLock { currentState ?? .closed }
    }

    var underruns: Int { withLock { underrunCount } }
    var overflows: Int { withLock { overflowCount } }
    var droppedSamples: Int { withLock { droppedCount } }
    var bufferedSamples: Int { withLock { ring.count } }

    /// What the stream hands a tap: samples as they pass the server's side of the ring.
    typealias Tap = @Sendable (UnsafeMutableBufferPointer<Int16>) -> Void

    /// Sets (or, with nil, removes) the tap; it runs on the loop thread with the lock held, so
    /// it must be quick and must not call back into the stream.
    func setTap(_ tap: Tap?) { withLock { self.tap = tap } }

    /// Playback: queues `samples` (dropping the oldest when the ring is full).
    func write(_ samples: UnsafeBufferPointer<Int16>) {
        withLock {
            guard currentState == .ready else { return }
            let dropped = ring.write(samples)
            if dropped > 0 {
                overflowCount += 1
                droppedCount += dropped
            }
        }
    }

    /// Record: takes what is buffered, up to `destination.count`, zeroing the rest.
    func read(into destination: UnsafeMutableBufferPointer<Int16>) -> Int {
        let taken = withLock {
            let taken = ring.read(into: destination)
            if taken < destination.count { underrunCount += 1 }
            return taken
        }
        if taken < destination.count {
            UnsafeMutableBufferPointer(rebasing: destination[taken...]).update(repeating: 0)
        }
        return taken
    }

    /// Disconnects and unrefs the stream and context, stops the loop. Idempotent.
    func close() {
        let stop: Bool = withLock {
            tearDown()
            if currentState == .ready || currentState == nil { currentState = .closed }
            resumeOpen(.failure(.closed))
            ring.removeAll()
            return loop.markStopping()
        }
        if stop { loop.stop() }
    }

    // MARK: - Connecting

    private func connect(name: String) async throws(AudioDeviceError) {
        let result: Result<Void, AudioDeviceError> = await withCheckedContinuation { continuation in
            if let failure = loop.start() {
                continuation.resume(returning: .failure(failure))
                return
            }
            withLock {
                openContinuation = continuation
                guard let api = loop.api,
                      let context = pa_context_new(api, name) else {
                    resumeOpen(.failure(.operationFailed(call: "pa_context_new", reason: "returned NULL")))
                    return
                }
                self.context = context
                pa_context_set_state_callback(context, { _, userdata in
                    guard let userdata else { return }
                    Unmanaged<PulseAudioStream>.fromOpaque(userdata)._withUnsafeGuaranteedRef {
                        $0.contextStateChanged()
                    }
                }, Unmanaged.passUnretained(self).toOpaque())
                if pa_context_connect(context, server, PA_CONTEXT_NOAUTOSPAWN, nil) < 0 {
                    resumeOpen(.failure(.connectionFailed(PulseAudioDeviceInfo.errorText(context))))
                }
            }
        }
        try result.get()
    }

    /// Loop thread, lock held.
    private func contextStateChanged() {
        guard let context else { return }
        let state = pa_context_get_state(context)
        if state == PA_CONTEXT_READY {
            if stream == nil { createStream(context) }
        } else if state == PA_CONTEXT_FAILED || state == PA_CONTEXT_TERMINATED {
            let reason = PulseAudioDeviceInfo.errorText(context)
            if openContinuation != nil {
                resumeOpen(.failure(.connectionFailed(reason)))
            } else {
                failAfterReady(.serverGone(reason))
            }
        }
    }

    /// Loop thread, lock held: creates and connects the stream.
    private func createStream(_ context: OpaquePointer) {
        var spec = pa_sample_spec(format: PA_SAMPLE_S16LE, rate: UInt32(sampleRate), channels: UInt8(channels))
        let call = direction == .playback ? "pa_stream_connect_playback" : "pa_stream_connect_record"
        guard let stream = pa_stream_new(context, direction == .playback ? "playback" : "record", &spec, nil) else {
            resumeOpen(.failure(.operationFailed(call: "pa_stream_new",
                                                 reason: PulseAudioDeviceInfo.errorText(context))))
            return
        }
        self.stream = stream
        let userdata = Unmanaged.passUnretained(self).toOpaque()
        pa_stream_set_state_callback(stream, { _, userdata in
            guard let userdata else { return }
            Unmanaged<PulseAudioStream>.fromOpaque(userdata)._withUnsafeGuaranteedRef { $0.streamStateChanged() }
        }, userdata)
        let frameBytes = UInt32(sampleRate * channels * 2 * frameMilliseconds / 1000)
        let unset = UInt32.max   // (uint32_t) -1: the server's default
        var attributes = pa_buffer_attr(maxlength: unset, tlength: unset, prebuf: unset,
                                        minreq: unset, fragsize: unset)
        let flags = pa_stream_flags_t(rawValue: PA_STREAM_ADJUST_LATENCY.rawValue)
        let result: Int32
        switch direction {
        case .playback:
            attributes.tlength = frameBytes * 2
            attributes.minreq = frameBytes / 2
            pa_stream_set_write_callback(stream, { _, bytes, userdata in
                guard let userdata else { return }
                Unmanaged<PulseAudioStream>.fromOpaque(userdata)._withUnsafeGuaranteedRef { $0.writable(bytes) }
            }, userdata)
            result = pa_stream_connect_playback(stream, device, &attributes, flags, nil, nil)
        case .record:
            attributes.fragsize = frameBytes
            pa_stream_set_read_callback(stream, { _, _, userdata in
                guard let userdata else { return }
                Unmanaged<PulseAudioStream>.fromOpaque(userdata)._withUnsafeGuaranteedRef { $0.readable() }
            }, userdata)
            result = pa_stream_connect_record(stream, device, &attributes, flags)
        }
        if result < 0 {
            resumeOpen(.failure(.operationFailed(call: call, reason: PulseAudioDeviceInfo.errorText(context))))
        }
    }

    /// Loop thread, lock held.
    private func streamStateChanged() {
        guard let stream else { return }
        let state = pa_stream_get_state(stream)
        if state == PA_STREAM_READY {
            if openContinuation != nil {
                currentState = .ready
                resumeOpen(.success(()))
            }
        } else if state == PA_STREAM_FAILED || state == PA_STREAM_TERMINATED {
            let code = context.map { pa_context_errno($0) } ?? 0
            let reason = PulseAudioDeviceInfo.errorText(code: code)
            if openContinuation != nil {
                if code == Int32(PA_ERR_NOENTITY.rawValue) {
                    resumeOpen(.failure(.noSuchDevice(device ?? "(default)")))
                } else if let context, pa_context_get_state(context) != PA_CONTEXT_READY {
                    resumeOpen(.failure(.connectionFailed(reason)))
                } else {
                    let call = direction == .playback ? "pa_stream_connect_playback" : "pa_stream_connect_record"
                    resumeOpen(.failure(.operationFailed(call: call, reason: reason)))
                }
            } else if let context, pa_context_get_state(context) == PA_CONTEXT_READY {
                failAfterReady(.operationFailed(call: "pa_stream", reason: reason))
            } else {
                failAfterReady(.serverGone(reason))
            }
        }
    }

    /// Lock held: a ready stream broke; tear down (keeping the loop) and remember why.
    private func failAfterReady(_ error: AudioDeviceError) {
        guard currentState == .ready else { return }
        currentState = .failed(error)
        ring.removeAll()
        tearDown()
    }

    /// Lock held: clears callbacks, disconnects and unrefs the stream and the context.
    private func tearDown() {
        if let stream {
            pa_stream_set_state_callback(stream, nil, nil)
            pa_stream_set_write_callback(stream, nil, nil)
            pa_stream_set_read_callback(stream, nil, nil)
            pa_stream_disconnect(stream)
            pa_stream_unref(stream)
            self.stream = nil
        }
        if let context {
            pa_context_set_state_callback(context, nil, nil)
            pa_context_disconnect(context)
            pa_context_unref(context)
            self.context = nil
        }
    }

    private func resumeOpen(_ result: Result<Void, AudioDeviceError>) {
        guard let continuation = openContinuation else { return }
        openContinuation = nil
        continuation.resume(returning: result)
    }

    // MARK: - Data

    /// Loop thread, lock held: the server wants up to `bytes` more; give the ring, then silence.
    private func writable(_ bytes: Int) {
        guard let stream else { return }
        let frameSize = channels * 2
        var size = bytes - bytes % frameSize
        guard size > 0 else { return }
        var data: UnsafeMutableRawPointer?
        guard pa_stream_begin_write(stream, &data, &size) == 0, let data else { return }
        size -= size % frameSize
        guard size > 0 else {
            pa_stream_cancel_write(stream)
            return
        }
        let samples = UnsafeMutableBufferPointer(start: data.bindMemory(to: Int16.self, capacity: size / 2),
                                                 count: size / 2)
        let taken = ring.read(into: samples)
        if taken < samples.count {
            underrunCount += 1
            UnsafeMutableBufferPointer(rebasing: samples[taken...]).update(repeating: 0)
        }
        tap?(samples)
        pa_stream_write(stream, data, size, nil, 0, PA_SEEK_RELATIVE)
    }

    /// Loop thread, lock held: moves every readable fragment into the ring.
    private func readable() {
        guard let stream else { return }
        while pa_stream_readable_size(stream) > 0 {
            var data: UnsafeRawPointer?
            var size = 0
            guard pa_stream_peek(stream, &data, &size) == 0 else { return }
            if size == 0 { return }
            if let data {
                let samples = UnsafeBufferPointer(start: data.assumingMemoryBound(to: Int16.self), count: size / 2)
                let dropped: Int
                if let tap {
                    // The server's fragment is read only: the tap works on a copy.
                    if scratch.count < samples.count { scratch = [Int16](repeating: 0, count: samples.count) }
                    dropped = scratch.withUnsafeMutableBufferPointer { copy in
                        let part = UnsafeMutableBufferPointer(rebasing: copy[..<samples.count])
                        _ = part.initialize(from: samples)
                        tap(part)
                        return ring.write(UnsafeBufferPointer(part))
                    }
                } else {
                    dropped = ring.write(samples)
                }
                if dropped > 0 {
                    overflowCount += 1
                    droppedCount += dropped
                }
            }
            pa_stream_drop(stream)
        }
    }

    // MARK: - Lock

    private func withLock<T>(_ body: () -> T) -> T {
        loop.withLock(body)
    }
}
