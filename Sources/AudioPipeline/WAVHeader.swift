/// The canonical 44-byte header of a 16-bit PCM WAVE file: RIFF, `fmt ` (16 bytes,
/// WAVE_FORMAT_PCM) and the `data` chunk header (Microsoft Multimedia Programming Interface 1.0
/// §3), with the two size fields the writers patch.
enum WAVHeader {
    /// Header bytes before the samples.
    static let size = 44
    /// Offset of the RIFF chunk size (file size − 8).
    static let riffSizeOffset = 4
    /// Offset of the `data` chunk size.
    static let dataSizeOffset = 40
    /// The most sample bytes a RIFF file can describe.
    static let maximumDataSize = Int(UInt32.max) - (size - 8)

    /// Checks what a 16-bit PCM header can say.
    static func validate(sampleRate: Int, channels: Int) throws(AudioError) {
        guard (1...Int(UInt16.max)).contains(channels) else {
            throw .unsupportedFormat("\(channels) channels")
        }
        guard sampleRate >= 1, sampleRate * channels * 2 <= Int(UInt32.max) else {
            throw .unsupportedFormat("sample rate \(sampleRate) Hz")
        }
    }

    /// The header for `dataSize` bytes of 16-bit samples; call ``validate(sampleRate:channels:)`` first.
    static func bytes(sampleRate: Int, channels: Int, dataSize: Int) -> [UInt8] {
        var header: [UInt8] = []
        header.reserveCapacity(size)
        header += Array("RIFF".utf8)
        append(UInt32(truncatingIfNeeded: size - 8 + dataSize), to: &header)
        header += Array("WAVEfmt ".utf8)
        append(UInt32(16), to: &header)
        append(UInt16(WAVFormat.pcmTag), to: &header)
        append(UInt16(truncatingIfNeeded: channels), to: &header)
        append(UInt32(truncatingIfNeeded: sampleRate), to: &header)
        append(UInt32(truncatingIfNeeded: sampleRate * channels * 2), to: &header)
        append(UInt16(truncatingIfNeeded: channels * 2), to: &header)
        append(UInt16(16), to: &header)
        header += Array("data".utf8)
        append(UInt32(truncatingIfNeeded: dataSize), to: &header)
        return header
    }

    /// Appends `value` little-endian.
    static func append<Value: FixedWidthInteger>(_ value: Value, to bytes: inout [UInt8]) {
        for shift in stride(from: 0, to: Value.bitWidth, by: 8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> shift))
        }
    }
}
