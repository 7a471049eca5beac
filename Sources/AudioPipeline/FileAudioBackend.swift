import AudioDevices
import Synchronization

/// Sound devices for servers without sound: WAV files as inputs (played in a loop) and outputs
/// (recorded), plus a `null` input (silence) and a `null` output (discards), behind the same
/// ``AudioDeviceBackend`` interface as PulseAudio, so an ``AudioDeviceManager`` and everything
/// above it work unchanged.
///
/// The device list is fixed (no hot-plug); the default input and output are the first ones
/// listed, and `null` when none is given.
public struct FileAudioBackend: AudioDeviceBackend {
    /// An input: a WAV file played in a loop (converted to the stream's rate and channels).
    public struct Input: Sendable, Hashable {
        /// The device id (`set(.microphone, deviceId:)`).
        public var deviceId: String
        /// The WAV file.
        public var path: String
        /// An input named `deviceId` playing `path`.
        public init(deviceId: String, path: String) {
            self.deviceId = deviceId
            self.path = path
        }
    }

    /// An output: a WAV file written while the stream is open (16-bit, the stream's format).
    public struct Output: Sendable, Hashable {
        /// The device id (`set(.speaker, deviceId:)`).
        public var deviceId: String
        /// The WAV file (replaced each time a stream opens).
        public var path: String
        /// An output named `deviceId` recording to `path`.
        public init(deviceId: String, path: String) {
            self.deviceId = deviceId
            self.path = path
        }
    }

    /// The id of the silent input and the discarding output.
    public static let nullDeviceId = "null"

    /// The file inputs.
    public let inputs: [Input]
    /// The file outputs.
    public let outputs: [Output]

    /// A backend with these files (none: only the `null` devices).
    public init(inputs: [Input] = [], outputs: [Output] = []) {
        self.inputs = inputs
        self.outputs = outputs
    }

    /// The files as devices, then the `null` pair.
    public var devices: [AudioDevice] {
        outputs.map { AudioDevice(deviceId: $0.deviceId, label: $0.path, kind: .audiooutput) }
            + [AudioDevice(deviceId: Self.nullDeviceId, label: "Null Output", kind: .audiooutput)]
            + inputs.map { AudioDevice(deviceId: $0.deviceId, label: $0.path, kind: .audioinput) }
            + [AudioDevice(deviceId: Self.nullDeviceId, label: "Null Input", kind: .audioinput)]
    }

    /// Always connects.
    public func connect() async throws(AudioDeviceError) -> any AudioDeviceConnection {
        FileAudioConnection(devices: devices)
    }

    /// Opens the file (or `null`) input `device` (nil: the first input).
    public func openInput(device: String?, sampleRate: Int, channels: Int) async throws(AudioDeviceError) -> any AudioInputStream {
        let name = device ?? inputs.first?.deviceId ?? Self.nullDeviceId
        if name == Self.nullDeviceId { return FileAudioInputStream(clip: nil, sampleRate: sampleRate, channels: channels) }
        guard let input = inputs.first(where: { $0.deviceId == name }) else { throw AudioDeviceError.noSuchDevice(name) }
        do throws(AudioError) {
            let clip = try AudioClipSource(file: try WAVFile.read(path: input.path), sampleRate: sampleRate,
                                           channels: channels, loop: true)
            return FileAudioInputStream(clip: clip, sampleRate: sampleRate, channels: channels)
        } catch {
            throw AudioDeviceError.operationFailed(call: "open \(input.path)", reason: error.description)
        }
    }

    /// Opens the file (or `null`) output `device` (nil: the first output).
    public func openOutput(device: String?, sampleRate: Int, channels: Int) async throws(AudioDeviceError) -> any AudioOutputStream {
        let name = device ?? outputs.first?.deviceId ?? Self.nullDeviceId
        if name == Self.nullDeviceId { return FileAudioOutputStream(file: nil, sampleRate: sampleRate, channels: channels) }
        guard let output = outputs.first(where: { $0.deviceId == name }) else { throw AudioDeviceError.noSuchDevice(name) }
        do throws(AudioError) {
            let file = try WAVFileSink(path: output.path, sampleRate: sampleRate, channels: channels)
            return FileAudioOutputStream(file: file, sampleRate: sampleRate, channels: channels)
        } catch {
            throw AudioDeviceError.operationFailed(call: "create \(output.path)", reason: error.description)
        }
    }
}

/// The fixed device list of a ``FileAudioBackend``; `changes` only finishes (on close).
final class FileAudioConnection: AudioDeviceConnection {
    let changes: AsyncStream<AudioDeviceChange>
    private let continuation: AsyncStream<AudioDeviceChange>.Continuation
    private let list: [AudioDevice]
    private let closed = Atomic<Bool>(false)

    init(devices: [AudioDevice]) {
        list = devices
        (changes, continuation) = AsyncStream.makeStream(of: AudioDeviceChange.self)
    }

    func devices() async throws(AudioDeviceError) -> [AudioDevice] { list }
    var terminationError: AudioDeviceError? { closed.load(ordering: .relaxed) ? .closed : nil }

    func close() {
        closed.store(true, ordering: .relaxed)
        continuation.finish()
    }
}

/// A WAV clip (or silence) as a capture stream; the clip is only touched under the lock.
final class FileAudioInputStream: AudioInputStream {
    let sampleRate: Int
    let channels: Int
    private struct State: @unchecked Sendable {   // the clip is confined to the lock
        var clip: AudioClipSource?
        var open = true
    }
    private let state: Mutex<State>

    init(clip: AudioClipSource?, sampleRate: Int, channels: Int) {
        self.sampleRate = sampleRate
        self.channels = channels
        state = Mutex(State(clip: clip))
    }

    var isHealthy: Bool { state.withLock { $0.open } }

    func read(into destination: UnsafeMutableBufferPointer<Int16>) -> Int {
        state.withLock { state in
            guard state.open, let clip = state.clip else {
                for index in destination.indices { destination[index] = 0 }
                return 0
            }
            _ = clip.read(into: destination)
            return destination.count
        }
    }

    func close() { state.withLock { $0.open = false } }
}

/// A WAV recording (or nothing) as a playback stream; the file is finished on close.
final class FileAudioOutputStream: AudioOutputStream {
    let sampleRate: Int
    let channels: Int
    private struct State: @unchecked Sendable {   // the sink is confined to the lock
        var file: WAVFileSink?
        var open = true
    }
    private let state: Mutex<State>

    init(file: WAVFileSink?, sampleRate: Int, channels: Int) {
        self.sampleRate = sampleRate
        self.channels = channels
        state = Mutex(State(file: file))
    }

    var isHealthy: Bool { state.withLock { $0.open } }

    func write(_ samples: UnsafeBufferPointer<Int16>) {
        state.withLock { state in
            guard state.open else { return }
            state.file?.write(samples)
        }
    }

    func close() {
        let file: WAVFileSink? = state.withLock { state in
            guard state.open else { return nil }
            state.open = false
            return state.file
        }
        try? file?.close()
    }
}
