/// The client-to-mixer audio level of an RTP packet: a voice-activity flag and the level in
/// −dBov, 0 (loudest) to 127 (silence) (RFC 6464 §3).
public struct RTPAudioLevel: Sendable, Hashable {
    /// The V flag: the sender's voice activity detector heard speech.
    public var voiceActivity: Bool
    /// The level in −dBov, 0–127; 127 also stands for anything quieter (RFC 6464 §3).
    public var level: UInt8

    /// Creates a level; values above 127 are clamped to 127.
    @inlinable
    public init(voiceActivity: Bool, level: UInt8) {
        self.voiceActivity = voiceActivity
        self.level = min(level, 127)
    }

    /// Reads the one data byte of the extension element (RFC 6464 §3).
    @inlinable
    public init(byte: UInt8) {
        self.voiceActivity = byte & 0x80 != 0
        self.level = byte & 0x7F
    }

    /// Reads the element's value: the first byte; `nil` when the value is empty.
    @inlinable
    public init?(extensionValue value: some Collection<UInt8>) {
        guard let byte = value.first else { return nil }
        self.init(byte: byte)
    }

    /// The data byte: V in the top bit, the level below.
    @inlinable
    public var byte: UInt8 {
        (voiceActivity ? 0x80 : 0) | min(level, 127)
    }
}
