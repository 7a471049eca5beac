import AudioDevices

/// Where an ``AudioDeviceManager`` gets its devices and streams: PulseAudio in production
/// (``PulseAudioBackend``), an in-memory fake in unit tests.
public protocol AudioDeviceBackend: Sendable {
    /// Connects to the sound server (never starting one).
    func connect() async throws(AudioDeviceError) -> any AudioDeviceConnection
    /// Opens a capture stream on `device` (nil: the server's default input).
    func openInput(device: String?, sampleRate: Int, channels: Int) async throws(AudioDeviceError) -> any AudioInputStream
    /// Opens a playback stream on `device` (nil: the server's default output).
    func openOutput(device: String?, sampleRate: Int, channels: Int) async throws(AudioDeviceError) -> any AudioOutputStream
}

/// One connection to the sound server: its device list and hot-plug events.
public protocol AudioDeviceConnection: Sendable {
    /// Every sink and source, freshly queried.
    func devices() async throws(AudioDeviceError) -> [AudioDevice]
    /// Added/removed events; finishes when the server goes away or the connection is closed.
    var changes: AsyncStream<AudioDeviceChange> { get }
    /// Why the connection ended (nil while it is up).
    var terminationError: AudioDeviceError? { get }
    /// Disconnects; finishes `changes`. Idempotent.
    func close()
}

/// A capture stream that never blocks: reads take what arrived and fill the rest with silence.
public protocol AudioInputStream: Sendable {
    /// Samples per second per channel.
    var sampleRate: Int { get }
    /// Interleaved channels.
    var channels: Int { get }
    /// `false` once the stream failed (its server died) or was closed.
    var isHealthy: Bool { get }
    /// Copies captured samples into `destination`, silence for what is missing; returns the
    /// number of captured (not silent) samples.
    func read(into destination: UnsafeMutableBufferPointer<Int16>) -> Int
    /// Runs `processor` on the captured samples in place as the server delivers them, before
    /// they are buffered for reading (nil removes it). Streams without a server-side clock
    /// ignore it.
    func setProcessor(_ processor: (@Sendable (UnsafeMutableBufferPointer<Int16>) -> Void)?)
    /// Closes the stream. Idempotent.
    func close()
}

/// A playback stream that never blocks: writes are queued and dropped when the stream failed.
public protocol AudioOutputStream: Sendable {
    /// Samples per second per channel.
    var sampleRate: Int { get }
    /// Interleaved channels.
    var channels: Int { get }
    /// `false` once the stream failed (its server died) or was closed.
    var isHealthy: Bool { get }
    /// Queues interleaved samples for playback.
    func write(_ samples: UnsafeBufferPointer<Int16>)
    /// Hands `monitor` the samples as the server takes them for playing (nil removes it).
    /// Streams without a server-side clock ignore it.
    func setMonitor(_ monitor: (@Sendable (UnsafeBufferPointer<Int16>) -> Void)?)
    /// Closes the stream. Idempotent.
    func close()
}

/// The PulseAudio backend: a ``PulseAudioClient`` for devices and events, one
/// ``PulseAudioCapture``/``PulseAudioPlayback`` per stream.
public struct PulseAudioBackend: AudioDeviceBackend {
    /// The server (`unix:/path/native`), nil for libpulse's default (`PULSE_SERVER`, the user's).
    public let server: String?
    /// The client name the server shows.
    public let applicationName: String

    /// A backend for `server`.
    public init(server: String? = nil, applicationName: String = "plivo-phone") {
        self.server = server
        self.applicationName = applicationName
    }

    /// Connects a ``PulseAudioClient``.
    public func connect() async throws(AudioDeviceError) -> any AudioDeviceConnection {
        try await PulseAudioClient.connect(server: server, applicationName: applicationName)
    }

    /// Opens a ``PulseAudioCapture``.
    public func openInput(device: String?, sampleRate: Int, channels: Int) async throws(AudioDeviceError) -> any AudioInputStream {
        try await PulseAudioCapture.open(server: server, device: device, sampleRate: sampleRate, channels: channels,
                                         name: "\(applicationName) microphone")
    }

    /// Opens a ``PulseAudioPlayback``.
    public func openOutput(device: String?, sampleRate: Int, channels: Int) async throws(AudioDeviceError) -> any AudioOutputStream {
        try await PulseAudioPlayback.open(server: server, device: device, sampleRate: sampleRate, channels: channels,
                                          name: "\(applicationName) speaker")
    }
}

extension PulseAudioClient: AudioDeviceConnection {}

extension PulseAudioCapture: AudioInputStream {
    /// `true` while the stream is ready.
    public var isHealthy: Bool { state == .ready }
}

extension PulseAudioPlayback: AudioOutputStream {
    /// `true` while the stream is ready.
    public var isHealthy: Bool { state == .ready }
}

extension AudioInputStream {
    /// Ignores the processor (no server-side clock to run it on).
    public func setProcessor(_ processor: (@Sendable (UnsafeMutableBufferPointer<Int16>) -> Void)?) {}
}

extension AudioOutputStream {
    /// Ignores the monitor (no server-side clock to report from).
    public func setMonitor(_ monitor: (@Sendable (UnsafeBufferPointer<Int16>) -> Void)?) {}
}
