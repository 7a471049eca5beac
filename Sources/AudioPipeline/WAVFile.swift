/// A whole WAVE file in memory: its format and its samples as 16-bit interleaved PCM
/// (Microsoft Multimedia Programming Interface 1.0 §3 "WAVE Form"; RFC 2361).
///
/// Reading accepts RIFF/WAVE with integer PCM of 8 (unsigned), 16, 24 or 32 bits, IEEE float of
/// 32 or 64 bits, and WAVE_FORMAT_EXTENSIBLE wrapping either; unknown chunks (`LIST`, `fact`,
/// `bext`, …) are skipped with their pad byte, and a `data` size of 0 or 0xFFFFFFFF (a file
/// written while streaming) means "to the end of the file". Everything else is a typed
/// ``AudioError``. Writing produces canonical 16-bit PCM.
public struct WAVFile: Sendable, Hashable {
    /// The format found in the file (the samples are converted to 16-bit regardless).
    public var format: WAVFormat
    /// The samples, 16-bit interleaved: wider samples keep their top 16 bits, 8-bit samples
    /// are re-centred and scaled, floats are scaled by 32768 and clamped.
    public var samples: [Int16]

    /// A file with the given format and samples.
    public init(format: WAVFormat, samples: [Int16]) {
        self.format = format
        self.samples = samples
    }

    /// Frames: samples per channel.
    public var frameCount: Int { samples.count / max(format.channels, 1) }
    /// Length in seconds.
    public var duration: Double { Double(frameCount) / Double(max(format.sampleRate, 1)) }

    /// The path used in errors from ``parse(_:)``.
    public static let memoryPath = "(memory)"

    /// Reads and parses the file at `path`.
    public static func read(path: String) throws(AudioError) -> WAVFile {
        let bytes = try WAVFileIO.readAll(path: path)
        do throws(AudioError) {
            return try parse(bytes)
        } catch {
            throw error.about(path: path)
        }
    }

    /// Parses the bytes of a whole WAVE file.
    public static func parse(_ bytes: [UInt8]) throws(AudioError) -> WAVFile {
        let parsed = bytes.withUnsafeBytes { buffer in
            Result { () throws(AudioError) in
                var parser = WAVParser(buffer)
                return try parser.parse()
            }
        }
        return try parsed.get()
    }

    /// The bytes of a 16-bit PCM WAVE file holding `samples` (interleaved).
    public static func encode(sampleRate: Int, channels: Int, samples: [Int16]) throws(AudioError) -> [UInt8] {
        try WAVHeader.validate(sampleRate: sampleRate, channels: channels)
        let dataSize = samples.count * 2
        guard dataSize <= WAVHeader.maximumDataSize else {
            throw .unsupportedFormat("\(dataSize) bytes of samples do not fit a RIFF file")
        }
        var bytes = WAVHeader.bytes(sampleRate: sampleRate, channels: channels, dataSize: dataSize)
        bytes.reserveCapacity(WAVHeader.size + dataSize)
        for sample in samples {
            let value = UInt16(bitPattern: sample)
            bytes.append(UInt8(truncatingIfNeeded: value))
            bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        }
        return bytes
    }

    /// Writes `samples` (interleaved) to `path` as a 16-bit PCM WAVE file, replacing any file there.
    public static func write(path: String, sampleRate: Int, channels: Int, samples: [Int16]) throws(AudioError) {
        let bytes = try encode(sampleRate: sampleRate, channels: channels, samples: samples)
        try WAVFileIO.writeFile(path: path, bytes: bytes)
    }

    /// Writes this file's samples to `path` as 16-bit PCM at its sample rate and channel count.
    public func write(path: String) throws(AudioError) {
        try Self.write(path: path, sampleRate: format.sampleRate, channels: format.channels, samples: samples)
    }

    /// The samples mixed down to one channel (the mean of each frame's channels).
    public func monoSamples() -> [Int16] {
        let channels = max(format.channels, 1)
        guard channels > 1 else { return samples }
        return (0..<frameCount).map { frame in
            var sum = 0
            for channel in 0..<channels { sum += Int(samples[frame * channels + channel]) }
            return Int16(sum / channels)
        }
    }
}
