import CPulseAudio

/// libpulse's threaded main loop, shared by ``PulseAudioClient`` and the streams: its thread,
/// its lock (which guards each owner's state and every libpulse call), and a stop that is done
/// at most once and never on the loop's own thread (`pa_threaded_mainloop_stop` joins it).
final class PulseAudioMainLoop: @unchecked Sendable {
    /// The `pa_threaded_mainloop`.
    let pointer: OpaquePointer
    // Guarded by the lock:
    private var started = false
    private var stopped = false

    /// Creates the loop (its thread starts with ``start()``).
    init() throws(AudioDeviceError) {
        guard let loop = pa_threaded_mainloop_new() else {
            throw .operationFailed(call: "pa_threaded_mainloop_new", reason: "returned NULL")
        }
        pointer = loop
    }

    deinit {
        pa_threaded_mainloop_free(pointer)
    }

    /// Starts the loop's thread; the typed failure when it cannot.
    func start() -> AudioDeviceError? {
        guard pa_threaded_mainloop_start(pointer) >= 0 else {
            return .operationFailed(call: "pa_threaded_mainloop_start", reason: "cannot start the thread")
        }
        withLock { started = true }
        return nil
    }

    /// The loop's main-loop API (for `pa_context_new`).
    var api: UnsafeMutablePointer<pa_mainloop_api>? { pa_threaded_mainloop_get_api(pointer) }

    /// Runs `body` with the loop's lock held.
    func withLock<T>(_ body: () -> T) -> T {
        pa_threaded_mainloop_lock(pointer)
        defer { pa_threaded_mainloop_unlock(pointer) }
        return body()
    }

    /// With the lock held: records that the loop is being stopped; true the first time, when
    /// the thread was started (the caller then calls ``stop()`` after unlocking).
    func markStopping() -> Bool {
        let due = started && !stopped
        stopped = true
        return due
    }

    /// Stops the thread, unless called from it (a callback closing its owner).
    func stop() {
        if pa_threaded_mainloop_in_thread(pointer) == 0 {
            pa_threaded_mainloop_stop(pointer)
        }
    }
}
