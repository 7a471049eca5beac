import AudioDevices
import StackCore

/// The seed's Audio Device API for a server: device lists, the microphone/speaker/ringtone
/// choices (`set`, `get`, `reset`), hot-plug events with `useDefaultAudioDevice`,
/// `onMediaPermission`, and streams that survive the sound server.
///
/// Streams handed out (``openMicrophone(sampleRate:channels:processor:)``, ``openSpeaker(role:sampleRate:channels:monitor:)``)
/// are ``DeviceAudioSource``/``DeviceAudioSink`` wrappers: the manager re-attaches them when a
/// choice changes, when a chosen device disappears (to the default), and when the sound server
/// comes back after dying; in between they carry silence, so a call never fails because of
/// its sound device.
///
/// ```swift
/// let audio = AudioDeviceManager(backend: PulseAudioBackend())
/// await audio.start()
/// let inputs = try await audio.availableDevices(.input)
/// _ = await audio.set(.microphone, deviceId: inputs[0].deviceId)
/// let mic = await audio.openMicrophone()          // an AudioFrameSource for the call
/// for await event in audio.events { print(event) }
/// ```
public actor AudioDeviceManager {
    /// Events in order: device changes, media permission, server loss and return, selections.
    public nonisolated let events: AsyncStream<AudioDeviceManagerEvent>
    /// The seed's `useDefaultAudioDevice`: `true` keeps following the server's default devices
    /// when one is plugged in; `false` (the default) switches to the device just added.
    public let useDefaultAudioDevice: Bool
    /// Time between reconnection attempts after the sound server went away.
    public let reconnectInterval: Duration

    let backend: any AudioDeviceBackend
    let clock: any StackClock
    let continuation: AsyncStream<AudioDeviceManagerEvent>.Continuation
    var connection: (any AudioDeviceConnection)?
    /// The device list as last seen (the seed's cache), in the server's order.
    var known: [AudioDevice] = []
    /// deviceId per role; absent = the server's default.
    var selections: [AudioDeviceRole: String] = [:]
    var inputs: [DeviceAudioSource] = []
    var outputs: [DeviceAudioSink] = []
    var supervisor: Task<Void, Never>?
    var started = false
    var stopped = false
    /// Set when the server went away, so the next connection reports devices coming back.
    var serverWasLost = false

    /// A manager over `backend`; nothing happens until ``start()``.
    public init(backend: any AudioDeviceBackend, useDefaultAudioDevice: Bool = false,
                reconnectInterval: Duration = .seconds(1), clock: any StackClock = SystemClock()) {
        self.backend = backend
        self.useDefaultAudioDevice = useDefaultAudioDevice
        self.reconnectInterval = reconnectInterval
        self.clock = clock
        (events, continuation) = AsyncStream.makeStream(of: AudioDeviceManagerEvent.self, bufferingPolicy: .unbounded)
    }

    /// Connects to the sound server and starts following its events. When no server answers,
    /// it keeps trying every ``reconnectInterval`` (streams stay silent until then); returns
    /// whether the first attempt connected.
    @discardableResult
    public func start() async -> Bool {
        guard !started, !stopped else { return connection != nil }
        started = true
        let connected = await connectOnce()
        supervisor = Task { [weak self] in await self?.supervise() }
        return connected
    }

    /// Whether the manager is connected to the sound server now.
    public var isConnected: Bool { connection != nil }

    /// The seed's `availableDevices(filter)`: the devices, freshly queried (updating the cache).
    /// Throws when the sound server cannot be reached.
    public func availableDevices(_ filter: AudioDeviceFilter = .all) async throws(AudioDeviceError) -> [AudioDevice] {
        guard let connection else { throw AudioDeviceError.connectionFailed("no sound server connection") }
        let devices = try await connection.devices()
        known = devices
        return devices.filter(filter.includes)
    }

    /// The seed's `revealAudioDevices()`: opens the chosen microphone for a moment and closes it;
    /// returns (and emits) the `onMediaPermission` result.
    @discardableResult
    public func revealAudioDevices() async -> MediaPermissionEvent {
        let result: MediaPermissionEvent
        do throws(AudioDeviceError) {
            let stream = try await backend.openInput(device: selections[.microphone], sampleRate: 48_000, channels: 1)
            stream.close()
            result = .success
        } catch {
            result = .failure(for: error)
        }
        emit(.mediaPermission(result))
        return result
    }

    /// The seed's `<role>Devices.get()`: the chosen device id, `""` when none is set (default).
    public func get(_ role: AudioDeviceRole) -> String {
        selections[role] ?? ""
    }

    /// The seed's `<role>Devices.set(deviceId)`: `deviceId` must be a device of the role's kind
    /// in the cached list (or `"default"`); open streams of that role move to it. Returns false
    /// (and changes nothing) for an unknown id or when the device cannot be opened.
    @discardableResult
    public func set(_ role: AudioDeviceRole, deviceId: String) async -> Bool {
        if deviceId == "default" {
            reset(role)
            await reattach(role: role)
            return true
        }
        guard known.contains(where: { $0.deviceId == deviceId && $0.kind == role.kind }) else { return false }
        let previous = selections[role]
        selections[role] = deviceId
        guard await reattach(role: role) else {
            selections[role] = previous
            await reattach(role: role)
            return false
        }
        emit(.deviceSelected(role: role, deviceId: deviceId))
        return true
    }

    /// The seed's `<role>Devices.reset()`: back to the server's default (streams move when
    /// next re-attached; call ``set(_:deviceId:)`` with `"default"` to move them now).
    public func reset(_ role: AudioDeviceRole) {
        guard selections.removeValue(forKey: role) != nil else { return }
        emit(.deviceSelected(role: role, deviceId: ""))
    }

    /// Opens the microphone: a source that carries the chosen (or default) input, emitting
    /// `onMediaPermission` success, or failure (then silence until the device or server returns).
    /// `processor` runs on the captured samples as the server delivers them (see
    /// ``DeviceAudioSource/processor``).
    public func openMicrophone(sampleRate: Int = 48_000, channels: Int = 1,
                               processor: (@Sendable (UnsafeMutableBufferPointer<Int16>) -> Void)? = nil)
        async -> DeviceAudioSource {
        let source = DeviceAudioSource(sampleRate: sampleRate, channels: channels, processor: processor)
        inputs.append(source)
        if let failure = await attach(source) {
            emit(.mediaPermission(.failure(for: failure)))
        } else {
            emit(.mediaPermission(.success))
        }
        return source
    }

    /// Opens an output for `role` (`.speaker` or `.ringtone`): a sink on the chosen (or
    /// default) output, dropping audio while none can be opened.
    public func openSpeaker(role: AudioDeviceRole = .speaker, sampleRate: Int = 48_000, channels: Int = 1,
                            monitor: (@Sendable (UnsafeBufferPointer<Int16>) -> Void)? = nil) async -> DeviceAudioSink {
        let sink = DeviceAudioSink(role: role == .microphone ? .speaker : role, sampleRate: sampleRate, channels: channels,
                                   monitor: monitor)
        outputs.append(sink)
        _ = await attach(sink)
        return sink
    }

    /// Stops following the server, closes every stream handed out and finishes ``events``.
    public func close() {
        guard !stopped else { return }
        stopped = true
        supervisor?.cancel()
        connection?.close()
        connection = nil
        for source in inputs { source.close() }
        for sink in outputs { try? sink.close() }
        inputs.removeAll()
        outputs.removeAll()
        continuation.finish()
    }

    func emit(_ event: AudioDeviceManagerEvent) {
        continuation.yield(event)
    }
}
