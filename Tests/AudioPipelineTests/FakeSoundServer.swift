import AudioDevices
import AudioPipeline
import Synchronization

/// An in-memory sound server for ``AudioDeviceManager`` tests: devices can be plugged and
/// unplugged, the server killed and revived; every stream opened is recorded.
final class FakeSoundServer: AudioDeviceBackend, Sendable {
    struct Opened: Hashable, Sendable {
        var direction: String
        var device: String?
    }

    private struct State {
        var running = true
        var devices: [AudioDevice] = []
        var connections: [FakeConnection] = []
        var opened: [Opened] = []
        var streams: [FakeStream] = []
    }

    private let state = Mutex(State())

    init(devices: [AudioDevice]) {
        state.withLock { $0.devices = devices }
    }

    var opened: [Opened] { state.withLock { $0.opened } }
    var liveStreams: [FakeStream] { state.withLock { $0.streams.filter { $0.isHealthy } } }

    func connect() async throws(AudioDeviceError) -> any AudioDeviceConnection {
        try state.withLock { state throws(AudioDeviceError) in
            guard state.running else { throw AudioDeviceError.connectionFailed("Connection refused") }
            let connection = FakeConnection(server: self)
            state.connections.append(connection)
            return connection
        }
    }

    func openInput(device: String?, sampleRate: Int, channels: Int) async throws(AudioDeviceError) -> any AudioInputStream {
        try open("input", device: device, kind: .audioinput, sampleRate: sampleRate, channels: channels)
    }

    func openOutput(device: String?, sampleRate: Int, channels: Int) async throws(AudioDeviceError) -> any AudioOutputStream {
        try open("output", device: device, kind: .audiooutput, sampleRate: sampleRate, channels: channels)
    }

    private func open(_ direction: String, device: String?, kind: AudioDeviceKind, sampleRate: Int, channels: Int) throws(AudioDeviceError) -> FakeStream {
        try state.withLock { state throws(AudioDeviceError) in
            guard state.running else { throw AudioDeviceError.connectionFailed("Connection refused") }
            if let device, !state.devices.contains(where: { $0.deviceId == device && $0.kind == kind }) {
                throw AudioDeviceError.noSuchDevice(device)
            }
            state.opened.append(Opened(direction: direction, device: device))
            let stream = FakeStream(device: device, sampleRate: sampleRate, channels: channels)
            state.streams.append(stream)
            return stream
        }
    }

    func devices() throws(AudioDeviceError) -> [AudioDevice] {
        try state.withLock { state throws(AudioDeviceError) in
            guard state.running else { throw AudioDeviceError.serverGone("killed") }
            return state.devices
        }
    }

    func plug(_ device: AudioDevice) {
        let connections = state.withLock { state in
            state.devices.append(device)
            return state.connections
        }
        for connection in connections { connection.yield(AudioDeviceChange(change: .added, device: device)) }
    }

    func unplug(_ deviceId: String) {
        let (removed, connections) = state.withLock { state in
            let removed = state.devices.filter { $0.deviceId == deviceId }
            state.devices.removeAll { $0.deviceId == deviceId }
            return (removed, state.connections)
        }
        for device in removed {
            for connection in connections { connection.yield(AudioDeviceChange(change: .removed, device: device)) }
        }
    }

    func kill() {
        let (connections, streams) = state.withLock { state in
            state.running = false
            defer { state.connections = [] }
            return (state.connections, state.streams)
        }
        for stream in streams { stream.fail() }
        for connection in connections { connection.end(.serverGone("Connection terminated")) }
    }

    func revive() {
        state.withLock { $0.running = true }
    }
}

final class FakeConnection: AudioDeviceConnection, Sendable {
    let changes: AsyncStream<AudioDeviceChange>
    private let continuation: AsyncStream<AudioDeviceChange>.Continuation
    private let server: FakeSoundServer
    private let failure = Mutex<AudioDeviceError?>(nil)

    init(server: FakeSoundServer) {
        self.server = server
        (changes, continuation) = AsyncStream.makeStream(of: AudioDeviceChange.self)
    }

    func devices() async throws(AudioDeviceError) -> [AudioDevice] { try server.devices() }
    var terminationError: AudioDeviceError? { failure.withLock { $0 } }
    func yield(_ change: AudioDeviceChange) { continuation.yield(change) }

    func end(_ error: AudioDeviceError) {
        failure.withLock { $0 = error }
        continuation.finish()
    }

    func close() { end(failure.withLock { $0 } ?? .closed) }
}

final class FakeStream: AudioInputStream, AudioOutputStream, Sendable {
    let device: String?
    let sampleRate: Int
    let channels: Int
    private let state = Mutex<(healthy: Bool, written: Int)>((true, 0))

    init(device: String?, sampleRate: Int, channels: Int) {
        self.device = device
        self.sampleRate = sampleRate
        self.channels = channels
    }

    var isHealthy: Bool { state.withLock { $0.healthy } }
    var samplesWritten: Int { state.withLock { $0.written } }

    func read(into destination: UnsafeMutableBufferPointer<Int16>) -> Int {
        for index in destination.indices { destination[index] = 1000 }
        return destination.count
    }

    func write(_ samples: UnsafeBufferPointer<Int16>) {
        state.withLock { $0.written += samples.count }
    }

    func fail() { state.withLock { $0.healthy = false } }
    func close() { state.withLock { $0.healthy = false } }
}
