/// Records incoming audio to a 16-bit PCM WAVE file as it arrives (Microsoft Multimedia
/// Programming Interface 1.0 §3).
///
/// Samples go through a fixed buffer (allocated in `init`, so ``write(_:)`` never allocates)
/// to POSIX `write`. The header's two size fields are patched at every flush (about once a
/// second of audio) and on ``close()``, so a recording cut short by a crash is still a valid
/// file holding everything up to the last flush. A write error stops the recording; ``close()``
/// throws it.
public final class WAVFileSink: AudioFrameSink {
    /// Samples per second per channel.
    public let sampleRate: Int
    /// Interleaved channels.
    public let channels: Int
    /// The file written.
    public let path: String
    /// Sample bytes written to the file or waiting in the buffer.
    public private(set) var dataSize = 0
    /// Frames written (calls to ``write(_:)``).
    public private(set) var frames = 0

    /// The open file, or -1 once closed.
    private var descriptor: Int32
    /// Bytes waiting to be written: one second of audio.
    private let buffer: UnsafeMutableRawBufferPointer
    /// Bytes used in ``buffer``.
    private var buffered = 0
    /// The first write error, kept for ``close()``.
    private var failure: AudioError?

    /// Creates (or truncates) the file at `path` and writes a header for an empty recording.
    public init(path: String, sampleRate: Int, channels: Int = 1) throws(AudioError) {
        try WAVHeader.validate(sampleRate: sampleRate, channels: channels)
        self.path = path
        self.sampleRate = sampleRate
        self.channels = channels
        descriptor = try WAVFileIO.create(path: path)
        buffer = .allocate(byteCount: max(sampleRate * channels * 2, 4096), alignment: 16)
        let header = WAVHeader.bytes(sampleRate: sampleRate, channels: channels, dataSize: 0)
        if let reason = header.withUnsafeBytes({ WAVFileIO.writeAll(descriptor, $0) }) {
            // Fully initialized: deinit runs and frees the buffer.
            _ = WAVFileIO.closeFile(descriptor)
            descriptor = -1
            throw .writeFailed(path, reason: reason)
        }
    }

    deinit {
        finish()
        buffer.deallocate()
    }

    /// Whether ``close()`` was called (or a write error ended the recording).
    public var isClosed: Bool { descriptor < 0 }

    /// Appends the frame's samples, little-endian; flushes when a second of audio is buffered.
    public func write(_ frame: UnsafeBufferPointer<Int16>) {
        guard descriptor >= 0 else { return }
        frames += 1
        var index = 0
        while index < frame.count {
            if buffered + 2 > buffer.count {
                flush()
                guard descriptor >= 0 else { return }
            }
            guard dataSize + 2 <= WAVHeader.maximumDataSize else {
                stop(.writeFailed(path, reason: "the recording is larger than a RIFF file can hold"))
                return
            }
            let count = min(frame.count - index, (buffer.count - buffered) / 2)
            for offset in 0..<count {
                let value = UInt16(bitPattern: frame[index + offset])
                buffer[buffered] = UInt8(truncatingIfNeeded: value)
                buffer[buffered + 1] = UInt8(truncatingIfNeeded: value >> 8)
                buffered += 2
            }
            index += count
            dataSize += count * 2
        }
        if buffered == buffer.count { flush() }
    }

    /// Writes what is buffered and patches the header sizes, then closes the file; throws the
    /// first error met since the file was created. Calling it again only repeats that error.
    public func close() throws(AudioError) {
        finish()
        if let failure { throw failure }
    }

    /// Flushes and closes, keeping any error.
    private func finish() {
        guard descriptor >= 0 else { return }
        flush()
        guard descriptor >= 0 else { return }
        if let reason = WAVFileIO.closeFile(descriptor), failure == nil {
            failure = .writeFailed(path, reason: reason)
        }
        descriptor = -1
    }

    /// Writes the buffer at the end of the file and patches the RIFF and data sizes.
    private func flush() {
        if buffered > 0 {
            let reason = WAVFileIO.writeAll(descriptor, UnsafeRawBufferPointer(rebasing: buffer[0..<buffered]))
            buffered = 0
            if let reason { return stop(.writeFailed(path, reason: reason)) }
        }
        let riffSize = UInt32(truncatingIfNeeded: WAVHeader.size - 8 + dataSize).littleEndian
        let dataSizeField = UInt32(truncatingIfNeeded: dataSize).littleEndian
        let reason = withUnsafeBytes(of: riffSize) { WAVFileIO.writeAll(descriptor, $0, at: WAVHeader.riffSizeOffset) }
            ?? withUnsafeBytes(of: dataSizeField) { WAVFileIO.writeAll(descriptor, $0, at: WAVHeader.dataSizeOffset) }
        if let reason { stop(.writeFailed(path, reason: reason)) }
    }

    /// Ends the recording after an error.
    private func stop(_ error: AudioError) {
        if failure == nil { failure = error }
        if descriptor >= 0 { _ = WAVFileIO.closeFile(descriptor) }
        descriptor = -1
    }
}
