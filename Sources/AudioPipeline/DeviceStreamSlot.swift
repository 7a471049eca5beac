import Synchronization

/// The swappable stream behind a ``DeviceAudioSource`` or ``DeviceAudioSink``: attach, detach,
/// close, and a locked use on the media thread that counts the frames no healthy stream took.
final class DeviceStreamSlot<Stream: Sendable>: Sendable {
    private struct State: Sendable {
        var stream: Stream?
        var closed = false
        var misses = 0
    }

    private let state = Mutex(State())
    private let healthy: @Sendable (Stream) -> Bool
    private let closing: @Sendable (Stream) -> Void

    /// A slot for streams that `isHealthy` judges and `close` closes.
    init(isHealthy: @escaping @Sendable (Stream) -> Bool, close: @escaping @Sendable (Stream) -> Void) {
        healthy = isHealthy
        closing = close
    }

    /// Runs `body` with the stream when a healthy one is attached and the slot is open, else
    /// with nil (counted as a miss), and whether the slot is closed; under the lock, so a swap
    /// waits for the frame.
    func use<Result>(_ body: (_ stream: Stream?, _ closed: Bool) -> Result) -> Result {
        state.withLock { state in
            if let stream = state.stream, !state.closed, healthy(stream) { return body(stream, false) }
            state.misses += 1
            return body(nil, state.closed)
        }
    }

    /// Whether a healthy stream is attached.
    var isAttached: Bool { state.withLock { state in state.stream.map(healthy) ?? false } }
    /// Frames that found no healthy stream.
    var misses: Int { state.withLock { $0.misses } }
    /// Whether ``close()`` was called.
    var isClosed: Bool { state.withLock { $0.closed } }

    /// Replaces the stream, closing the old one; a closed slot closes the new one at once.
    func attach(_ stream: Stream?) {
        let (old, rejected): (Stream?, Stream?) = state.withLock { state in
            if state.closed { return (nil, stream) }
            defer { state.stream = stream }
            return (state.stream, nil)
        }
        old.map(closing)
        rejected.map(closing)
    }

    /// Closes the slot and its stream. Idempotent.
    func close() {
        let old: Stream? = state.withLock { state in
            state.closed = true
            defer { state.stream = nil }
            return state.stream
        }
        old.map(closing)
    }
}
