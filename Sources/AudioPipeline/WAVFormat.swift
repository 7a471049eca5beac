/// The sample format of a WAVE file: what its `fmt ` chunk says (Microsoft Multimedia
/// Programming Interface 1.0 §3 "WAVE Form", RFC 2361 format tags, WAVE_FORMAT_EXTENSIBLE).
public struct WAVFormat: Sendable, Hashable, CustomStringConvertible {
    /// Samples per second per channel (nSamplesPerSec).
    public var sampleRate: Int
    /// Interleaved channels (nChannels).
    public var channels: Int
    /// Bits of one sample's container (wBitsPerSample): 8, 16, 24 or 32 for PCM, 32 or 64 for
    /// IEEE float.
    public var bitsPerSample: Int
    /// Whether samples are IEEE floats (WAVE_FORMAT_IEEE_FLOAT, 0x0003) rather than integer PCM
    /// (WAVE_FORMAT_PCM, 0x0001; 8-bit is unsigned, wider is signed little-endian).
    public var isFloat: Bool

    /// A format with the given fields.
    public init(sampleRate: Int, channels: Int, bitsPerSample: Int = 16, isFloat: Bool = false) {
        self.sampleRate = sampleRate
        self.channels = channels
        self.bitsPerSample = bitsPerSample
        self.isFloat = isFloat
    }

    /// Bytes of one sample's container.
    public var bytesPerSample: Int { (bitsPerSample + 7) / 8 }
    /// Bytes of one frame: a sample for every channel (nBlockAlign).
    public var bytesPerFrame: Int { bytesPerSample * channels }

    /// For example `48000 Hz, 2 ch, 16-bit PCM`.
    public var description: String {
        "\(sampleRate) Hz, \(channels) ch, \(bitsPerSample)-bit \(isFloat ? "float" : "PCM")"
    }

    /// WAVE_FORMAT_PCM.
    static let pcmTag: UInt16 = 0x0001
    /// WAVE_FORMAT_IEEE_FLOAT.
    static let floatTag: UInt16 = 0x0003
    /// WAVE_FORMAT_EXTENSIBLE: the real tag is the first two bytes of the sub-format GUID.
    static let extensibleTag: UInt16 = 0xFFFE
    /// Bytes 2–15 of every KSDATAFORMAT_SUBTYPE GUID built from a format tag
    /// (`xxxxxxxx-0000-0010-8000-00AA00389B71`, little-endian fields).
    static let subFormatGUIDTail: [UInt8] = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00,
                                             0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]

    /// The name of a compressed format tag, for error messages (RFC 2361 §A).
    static func tagName(_ tag: UInt16) -> String {
        let hex = String(tag, radix: 16, uppercase: true)
        let code = "0x" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        switch tag {
        case 0x0002: return "\(code) (Microsoft ADPCM)"
        case 0x0006: return "\(code) (A-law)"
        case 0x0007: return "\(code) (µ-law)"
        case 0x0011: return "\(code) (IMA ADPCM)"
        case 0x0031: return "\(code) (GSM 6.10)"
        case 0x0050: return "\(code) (MPEG)"
        case 0x0055: return "\(code) (MPEG layer 3)"
        default: return code
        }
    }
}
