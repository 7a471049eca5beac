/// `onConnectionChange`: `{state: connected}` or `{state: disconnected, eventCode, eventReason}`.
public struct PlivoConnectionChange: Sendable, Hashable, Codable {
    /// `connected` or `disconnected`.
    public var state: String
    /// The RFC 6455 close code (1000 normal, 1006 abnormal, …) of a disconnection.
    public var eventCode: Int?
    /// Its reason (`Ping Timed Out`, the close code's meaning, …).
    public var eventReason: String?

    /// A change.
    public init(state: String, eventCode: Int? = nil, eventReason: String? = nil) {
        self.state = state
        self.eventCode = eventCode
        self.eventReason = eventReason
    }
}

/// `onDtmfReceived`: `{tone, duration}` (ms).
public struct PlivoDTMFData: Sendable, Hashable, Codable {
    /// The digit: 0-9, *, #.
    public var tone: String
    /// Its duration in milliseconds.
    public var duration: Int

    /// A received digit.
    public init(tone: String, duration: Int) {
        self.tone = tone
        self.duration = duration
    }
}

/// `mediaMetrics`: `{group, level, type, value, active, desc, stream}`.
public struct PlivoMediaMetric: Sendable, Hashable, Codable {
    /// `audio` or `network`.
    public var group: String
    /// `warning`.
    public var level: String
    /// `high_jitter`, `high_rtt`, `high_packetloss`, `low_mos`, `no_audio_received`, `ice_timeout`,
    /// `ice_connection`, `speaking_on_mute`.
    public var type: String
    /// The measured value, as the SDK's string.
    public var value: String
    /// `true` while the condition holds; `false` once when it clears.
    public var active: Bool
    /// The SDK's description.
    public var desc: String
    /// `None`, `local` or `remote`.
    public var stream: String

    /// A metric event.
    public init(group: String, level: String, type: String, value: String, active: Bool, desc: String, stream: String) {
        self.group = group
        self.level = level
        self.type = type
        self.value = value
        self.active = active
        self.desc = desc
        self.stream = stream
    }
}

/// `volume`: `{inputVolume, outputVolume}`, strings with three decimals in 0…1, as the SDK.
public struct PlivoVolume: Sendable, Hashable, Codable {
    /// The microphone's level.
    public var inputVolume: String
    /// The speaker's level.
    public var outputVolume: String

    /// Levels.
    public init(inputVolume: String, outputVolume: String) {
        self.inputVolume = inputVolume
        self.outputVolume = outputVolume
    }
}

/// One sound device: `{deviceId, label, kind}` (kind `audioinput` or `audiooutput`).
public struct PlivoAudioDevice: Sendable, Hashable, Codable {
    /// The id `set(deviceId)` takes.
    public var deviceId: String
    /// Its label.
    public var label: String
    /// `audioinput` or `audiooutput`.
    public var kind: String

    /// A device.
    public init(deviceId: String, label: String, kind: String) {
        self.deviceId = deviceId
        self.label = label
        self.kind = kind
    }
}

/// `audioDeviceChange`: `{change: added|removed, device}`.
public struct PlivoAudioDeviceChange: Sendable, Hashable, Codable {
    /// `added` or `removed`.
    public var change: String
    /// The device.
    public var device: PlivoAudioDevice

    /// A change.
    public init(change: String, device: PlivoAudioDevice) {
        self.change = change
        self.device = device
    }
}

/// `onMediaPermission`: `{status: success, stream: true}` or `{status: failure, error: NAME}`.
public struct PlivoMediaPermission: Sendable, Hashable, Codable {
    /// `success` or `failure`.
    public var status: String
    /// `true` on success.
    public var stream: Bool?
    /// The error name on failure (`NotFoundError`, `NotReadableError`).
    public var error: String?

    /// A permission result.
    public init(status: String, stream: Bool? = nil, error: String? = nil) {
        self.status = status
        self.stream = stream
        self.error = error
    }
}
