import CPulseAudio

/// One outstanding `pa_context_get_{sink,source}_info_list` call: the devices seen so far and
/// the continuation to resume, exactly once, at the end of the list (or when the connection
/// dies and libpulse cancels the operation without calling back).
///
/// Owned by the client's `pending` table and touched only with the threaded main loop's lock
/// held; libpulse gets an unretained pointer to it as userdata.
final class PulseAudioListRequest: @unchecked Sendable {
    /// Sinks (`audiooutput`) or sources (`audioinput`).
    let kind: AudioDeviceKind
    /// The client, unretained so that no reference taken on the main-loop thread can be the
    /// last one (the client's deinit must not run on that thread).
    let client: Unmanaged<PulseAudioClient>
    /// Devices by PulseAudio index, in the order the server listed them.
    var items: [(index: UInt32, device: AudioDevice)] = []
    /// Resumed once, then set to nil.
    var continuation: CheckedContinuation<Result<[AudioDevice], AudioDeviceError>, Never>?

    init(kind: AudioDeviceKind, client: Unmanaged<PulseAudioClient>) {
        self.kind = kind
        self.client = client
    }

    /// Resumes the waiting task if it was not resumed yet.
    func resume(_ result: Result<[AudioDevice], AudioDeviceError>) {
        guard let continuation else { return }
        self.continuation = nil
        continuation.resume(returning: result)
    }
}
