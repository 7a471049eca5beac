import CPulseAudio

/// A connection to a PulseAudio server through libpulse's asynchronous API, run on its own
/// threaded main loop.
///
/// Every libpulse call happens with the main loop's lock held (`pa_threaded_mainloop_lock`),
/// and every callback runs on the main-loop thread with that lock held, so the lock guards all
/// of this object's mutable state. Callbacks never block; they resume `CheckedContinuation`s
/// (each exactly once) or yield to `changes`.
///
/// ```swift
/// let client = try await PulseAudioClient.connect(server: "unix:/tmp/pa/native")
/// for device in try await client.devices() { print(device) }
/// for await change in client.changes { print(change) }   // ends when the server goes away
/// ```
public final class PulseAudioClient: @unchecked Sendable {
    /// The server this client connected to (nil: libpulse's default, e.g. `PULSE_SERVER`).
    public let server: String?
    /// Hot-plug events for sinks and sources (`pa_context_subscribe`). Finishes when the
    /// server goes away or `close()` is called; `terminationError` then says why. One consumer.
    public let changes: AsyncStream<AudioDeviceChange>

    private let loop: PulseAudioMainLoop
    private let changeContinuation: AsyncStream<AudioDeviceChange>.Continuation
    // Guarded by the main-loop lock:
    private var context: OpaquePointer?
    private var connectContinuation: CheckedContinuation<Result<Void, AudioDeviceError>, Never>?
    private var ready = false
    private var failure: AudioDeviceError?
    private var pending: [ObjectIdentifier: PulseAudioListRequest] = [:]
    private var sinks: [UInt32: AudioDevice] = [:]
    private var sources: [UInt32: AudioDevice] = [:]

    private init(loop: PulseAudioMainLoop, server: String?) {
        self.loop = loop
        self.server = server
        (changes, changeContinuation) = AsyncStream.makeStream(of: AudioDeviceChange.self,
                                                                bufferingPolicy: .unbounded)
    }

    deinit {
        close()
    }

    /// Connects to `server` (a PulseAudio server string such as `unix:/run/user/0/pulse/native`;
    /// nil uses libpulse's default), never autospawning a daemon, then subscribes to sink and
    /// source events and takes the first device snapshot.
    public static func connect(server: String? = nil, applicationName: String = "plivo-phone")
        async throws(AudioDeviceError) -> PulseAudioClient {
        let client = PulseAudioClient(loop: try PulseAudioMainLoop(), server: server)
        try await client.open(applicationName: applicationName)
        return client
    }

    /// Why the connection ended (`.serverGone`, `.closed`), or nil while it is up.
    public var terminationError: AudioDeviceError? {
        withLock { failure }
    }

    /// `true` while the context is READY and not closed.
    public var isConnected: Bool {
        withLock { ready && failure == nil }
    }

    /// The server's sinks (`audiooutput`) then its sources (`audioinput`, monitors flagged),
    /// each in the server's index order, freshly queried.
    public func devices() async throws(AudioDeviceError) -> [AudioDevice] {
        let outputs = try await list(.audiooutput)
        let inputs = try await list(.audioinput)
        return outputs + inputs
    }

    /// Disconnects, finishes `changes`, fails pending requests with `.closed` and stops the
    /// main-loop thread. Idempotent; also done by deinit.
    public func close() {
        let stop: Bool = withLock {
            if let context {
                pa_context_set_state_callback(context, nil, nil)
                pa_context_set_subscribe_callback(context, nil, nil)
                pa_context_disconnect(context)
                pa_context_unref(context)
                self.context = nil
            }
            fail(failure ?? .closed)
            return loop.markStopping()
        }
        if stop { loop.stop() }
    }

    // MARK: - Connecting

    private func open(applicationName: String) async throws(AudioDeviceError) {
        let result: Result<Void, AudioDeviceError> = await withCheckedContinuation { continuation in
            if let failure = loop.start() {
                continuation.resume(returning: .failure(failure))
                return
            }
            withLock {
                guard let api = loop.api,
                      let context = pa_context_new(api, applicationName) else {
                    continuation.resume(returning: .failure(
                        .operationFailed(call: "pa_context_new", reason: "returned NULL")))
                    return
                }
                self.context = context
                connectContinuation = continuation
                pa_context_set_state_callback(context, { _, userdata in
                    guard let userdata else { return }
                    Unmanaged<PulseAudioClient>.fromOpaque(userdata)._withUnsafeGuaranteedRef {
                        $0.contextStateChanged()
                    }
                }, Unmanaged.passUnretained(self).toOpaque())
                if pa_context_connect(context, server, PA_CONTEXT_NOAUTOSPAWN, nil) < 0 {
                    let reason = PulseAudioDeviceInfo.errorText(context)
                    failure = .connectionFailed(reason)
                    resumeConnect(.failure(.connectionFailed(reason)))
                }
            }
        }
        try result.get()
        try subscribe()
        _ = try await devices()
    }

    /// On the loop thread, lock held: READY resumes `connect`; FAILED/TERMINATED fails it, or,
    /// once connected, ends `changes` with `.serverGone`.
    private func contextStateChanged() {
        guard let context else { return }
        let state = pa_context_get_state(context)
        if state == PA_CONTEXT_READY {
            ready = true
            resumeConnect(.success(()))
        } else if state == PA_CONTEXT_FAILED || state == PA_CONTEXT_TERMINATED {
            let reason = PulseAudioDeviceInfo.errorText(context)
            if connectContinuation != nil {
                failure = .connectionFailed(reason)
                resumeConnect(.failure(.connectionFailed(reason)))
            }
            fail(failure ?? .serverGone(reason))
        }
    }

    private func resumeConnect(_ result: Result<Void, AudioDeviceError>) {
        guard let continuation = connectContinuation else { return }
        connectContinuation = nil
        continuation.resume(returning: result)
    }

    /// Lock held: records `error` (keeping an earlier one), fails every pending request and the
    /// connect, and finishes `changes`.
    private func fail(_ error: AudioDeviceError) {
        if failure == nil { failure = error }
        resumeConnect(.failure(error))
        let requests = pending.values
        pending.removeAll()
        for request in requests { request.resume(.failure(error)) }
        changeContinuation.finish()
    }

    // MARK: - Subscription

    private func subscribe() throws(AudioDeviceError) {
        let error: AudioDeviceError? = withLock {
            guard let context, failure == nil else { return failure ?? .closed }
            pa_context_set_subscribe_callback(context, { _, event, index, userdata in
                guard let userdata else { return }
                Unmanaged<PulseAudioClient>.fromOpaque(userdata)._withUnsafeGuaranteedRef {
                    $0.subscriptionEvent(event.rawValue, index: index)
                }
            }, Unmanaged.passUnretained(self).toOpaque())
            let mask = pa_subscription_mask_t(
                rawValue: PA_SUBSCRIPTION_MASK_SINK.rawValue | PA_SUBSCRIPTION_MASK_SOURCE.rawValue)
            guard let operation = pa_context_subscribe(context, mask, nil, nil) else {
                return .operationFailed(call: "pa_context_subscribe",
                                        reason: PulseAudioDeviceInfo.errorText(context))
            }
            pa_operation_unref(operation)
            return nil
        }
        if let error { throw error }
    }

    /// On the loop thread, lock held: NEW asks for the device's record (announced as `.added`
    /// when it arrives); REMOVE announces the device last seen under that index.
    private func subscriptionEvent(_ event: UInt32, index: UInt32) {
        guard let context else { return }
        let facility = event & PA_SUBSCRIPTION_EVENT_FACILITY_MASK.rawValue
        let type = event & PA_SUBSCRIPTION_EVENT_TYPE_MASK.rawValue
        let userdata = Unmanaged.passUnretained(self).toOpaque()
        let isSink = facility == PA_SUBSCRIPTION_EVENT_SINK.rawValue
        guard isSink || facility == PA_SUBSCRIPTION_EVENT_SOURCE.rawValue else { return }
        if type == PA_SUBSCRIPTION_EVENT_NEW.rawValue {
            let operation: OpaquePointer?
            if isSink {
                operation = pa_context_get_sink_info_by_index(context, index, { _, info, eol, userdata in
                    guard eol == 0, let info, let userdata,
                          let device = PulseAudioDeviceInfo.device(sink: info.pointee) else { return }
                    Unmanaged<PulseAudioClient>.fromOpaque(userdata)._withUnsafeGuaranteedRef {
                        $0.deviceAppeared(device, index: info.pointee.index)
                    }
                }, userdata)
            } else {
                operation = pa_context_get_source_info_by_index(context, index, { _, info, eol, userdata in
                    guard eol == 0, let info, let userdata,
                          let device = PulseAudioDeviceInfo.device(source: info.pointee) else { return }
                    Unmanaged<PulseAudioClient>.fromOpaque(userdata)._withUnsafeGuaranteedRef {
                        $0.deviceAppeared(device, index: info.pointee.index)
                    }
                }, userdata)
            }
            if let operation { pa_operation_unref(operation) }
        } else if type == PA_SUBSCRIPTION_EVENT_REMOVE.rawValue {
            let removed = isSink ? sinks.removeValue(forKey: index) : sources.removeValue(forKey: index)
            if let removed { changeContinuation.yield(AudioDeviceChange(change: .removed, device: removed)) }
        }
    }

    /// Lock held: remembers a new device under its index and announces it.
    private func deviceAppeared(_ device: AudioDevice, index: UInt32) {
        switch device.kind {
        case .audiooutput: sinks[index] = device
        case .audioinput: sources[index] = device
        }
        changeContinuation.yield(AudioDeviceChange(change: .added, device: device))
    }

    // MARK: - Listing

    private func list(_ kind: AudioDeviceKind) async throws(AudioDeviceError) -> [AudioDevice] {
        let request = PulseAudioListRequest(kind: kind, client: Unmanaged.passUnretained(self))
        let result: Result<[AudioDevice], AudioDeviceError> = await withCheckedContinuation { continuation in
            withLock {
                guard let context, ready, failure == nil else {
                    continuation.resume(returning: .failure(failure ?? .closed))
                    return
                }
                request.continuation = continuation
                pending[ObjectIdentifier(request)] = request
                let userdata = Unmanaged.passUnretained(request).toOpaque()
                let operation: OpaquePointer?
                switch kind {
                case .audiooutput:
                    operation = pa_context_get_sink_info_list(context, { _, info, eol, userdata in
                        guard let userdata else { return }
                        let request = Unmanaged<PulseAudioListRequest>.fromOpaque(userdata).takeUnretainedValue()
                        if eol == 0, let info, let device = PulseAudioDeviceInfo.device(sink: info.pointee) {
                            request.items.append((info.pointee.index, device))
                        } else if eol != 0 {
                            request.client._withUnsafeGuaranteedRef { $0.listEnded(request, eol: eol) }
                        }
                    }, userdata)
                case .audioinput:
                    operation = pa_context_get_source_info_list(context, { _, info, eol, userdata in
                        guard let userdata else { return }
                        let request = Unmanaged<PulseAudioListRequest>.fromOpaque(userdata).takeUnretainedValue()
                        if eol == 0, let info, let device = PulseAudioDeviceInfo.device(source: info.pointee) {
                            request.items.append((info.pointee.index, device))
                        } else if eol != 0 {
                            request.client._withUnsafeGuaranteedRef { $0.listEnded(request, eol: eol) }
                        }
                    }, userdata)
                }
                if let operation {
                    pa_operation_unref(operation)
                } else {
                    pending[ObjectIdentifier(request)] = nil
                    let call = kind == .audiooutput ? "pa_context_get_sink_info_list" : "pa_context_get_source_info_list"
                    request.resume(.failure(.operationFailed(call: call,
                                                             reason: PulseAudioDeviceInfo.errorText(context))))
                }
            }
        }
        return try result.get()
    }

    /// On the loop thread, lock held: the list is complete (`eol > 0`) or failed (`eol < 0`).
    /// A complete list replaces the index table for its kind: replies and events arrive in the
    /// server's order, so the snapshot is exact at this point of the event stream.
    private func listEnded(_ request: PulseAudioListRequest, eol: Int32) {
        guard pending.removeValue(forKey: ObjectIdentifier(request)) != nil else { return }
        if eol < 0 {
            let call = request.kind == .audiooutput ? "pa_context_get_sink_info_list" : "pa_context_get_source_info_list"
            request.resume(.failure(.operationFailed(call: call, reason: PulseAudioDeviceInfo.errorText(context))))
            return
        }
        let table = Dictionary(request.items.map { ($0.index, $0.device) }, uniquingKeysWith: { _, last in last })
        switch request.kind {
        case .audiooutput: sinks = table
        case .audioinput: sources = table
        }
        request.resume(.success(request.items.map(\.device)))
    }

    // MARK: - Lock

    private func withLock<T>(_ body: () -> T) -> T {
        loop.withLock(body)
    }
}
