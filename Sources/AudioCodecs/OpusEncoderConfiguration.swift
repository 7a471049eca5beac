/// Settings for an `OpusEncoder` (RFC 7587 §6.1 parameters, libopus encoder CTLs).
public struct OpusEncoderConfiguration: Sendable, Hashable {
    /// PCM input rate: 8000, 12000, 16000, 24000 or 48000 Hz. The RTP clock stays 48000.
    public var sampleRate: Int
    /// 1 (mono) or 2 (stereo, interleaved).
    public var channels: Int
    /// Frame length: 2.5, 5, 10, 20, 40, 60, 80, 100 or 120 ms (RFC 6716 §2.1.4; `ptime`).
    public var frameDuration: Duration
    /// Target bitrate in bit/s, 6000...510000; `nil` lets libopus choose
    /// (the SDK's `maxAverageBitrate`, RFC 7587 §6.1 `maxaveragebitrate`).
    public var bitrate: Int?
    /// In-band forward error correction (RFC 7587 §6.1 `useinbandfec`, RFC 6716 §2.1.7).
    public var inbandFEC: Bool
    /// Expected packet loss, 0...100 %: how much bitrate FEC may take (`OPUS_SET_PACKET_LOSS_PERC`).
    public var expectedPacketLossPercent: Int
    /// Discontinuous transmission (RFC 7587 §6.1 `usedtx`): silence becomes 1–2 byte packets.
    public var dtx: Bool
    /// Encoder complexity 0...10 (`OPUS_SET_COMPLEXITY`).
    public var complexity: Int
    /// The coding mode hint.
    public var application: OpusApplication

    /// Creates a configuration; the defaults are 48 kHz mono 20 ms VoIP with FEC at 10 % loss.
    public init(sampleRate: Int = 48000, channels: Int = 1, frameDuration: Duration = .milliseconds(20),
                bitrate: Int? = nil, inbandFEC: Bool = true, expectedPacketLossPercent: Int = 10,
                dtx: Bool = false, complexity: Int = 10, application: OpusApplication = .voip) {
        self.sampleRate = sampleRate
        self.channels = channels
        self.frameDuration = frameDuration
        self.bitrate = bitrate
        self.inbandFEC = inbandFEC
        self.expectedPacketLossPercent = expectedPacketLossPercent
        self.dtx = dtx
        self.complexity = complexity
        self.application = application
    }

    /// Bitrates libopus accepts (`OPUS_SET_BITRATE`).
    public static let bitrateRange = 6000...510_000

    /// Frame lengths libopus encodes, in microseconds.
    static let frameMicroseconds: Set<Int64> = [2500, 5000, 10000, 20000, 40000, 60000, 80000, 100_000, 120_000]

    /// Checks every field and returns samples per channel in one frame.
    func validatedSamplesPerFrame() throws(AudioCodecError) -> Int {
        guard OpusLibrary.sampleRates.contains(sampleRate) else {
            throw .invalidConfiguration("Opus sample rate \(sampleRate) Hz (8000, 12000, 16000, 24000 or 48000)")
        }
        guard channels == 1 || channels == 2 else {
            throw .invalidConfiguration("Opus channels \(channels) (1 or 2)")
        }
        let (seconds, attoseconds) = frameDuration.components
        let microseconds = seconds &* 1_000_000 &+ attoseconds / 1_000_000_000_000
        guard attoseconds % 1_000_000_000_000 == 0, Self.frameMicroseconds.contains(microseconds) else {
            throw .invalidConfiguration("Opus frame duration \(frameDuration) (2.5 to 120 ms)")
        }
        if let bitrate, !Self.bitrateRange.contains(bitrate) {
            throw .invalidConfiguration("Opus bitrate \(bitrate) (6000...510000)")
        }
        guard (0...100).contains(expectedPacketLossPercent) else {
            throw .invalidConfiguration("expected packet loss \(expectedPacketLossPercent) % (0...100)")
        }
        guard (0...10).contains(complexity) else {
            throw .invalidConfiguration("Opus complexity \(complexity) (0...10)")
        }
        return sampleRate * Int(microseconds) / 1_000_000
    }
}
