/// One pass over the bytes of a WAVE file: the RIFF header, the chunk list, `fmt ` and `data`
/// (Microsoft Multimedia Programming Interface 1.0 §2 RIFF chunks, §3 WAVE form).
///
/// Never traps: every read is bounds-checked and a problem is an ``AudioError`` about
/// ``WAVFile/memoryPath`` (``WAVFile/read(path:)`` puts the real path in).
struct WAVParser {
    /// The whole file.
    let bytes: UnsafeRawBufferPointer

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Parses the file.
    mutating func parse() throws(AudioError) -> WAVFile {
        guard bytes.count >= 12 else { throw failure("truncated RIFF header (\(bytes.count) bytes)") }
        if isTag("RF64", at: 0) { throw .unsupportedFormat("RF64 (64-bit RIFF)") }
        guard isTag("RIFF", at: 0) else { throw failure("not a RIFF file") }
        guard isTag("WAVE", at: 8) else { throw failure("RIFF form type is not WAVE") }
        var offset = 12
        var format: WAVFormat?
        while offset < bytes.count {
            guard offset + 8 <= bytes.count else { throw failure("truncated chunk header at offset \(offset)") }
            let size = Int(uint32(at: offset + 4))
            let body = offset + 8
            let available = bytes.count - body
            if isTag("data", at: offset) {
                guard let format else { throw failure("data chunk before the fmt chunk") }
                let streamed = size == 0 || size == Int(UInt32.max)
                guard streamed || size <= available else {
                    throw failure("data chunk truncated: \(size) bytes declared, \(available) present")
                }
                return WAVFile(format: format, samples: convert(body..<(body + (streamed ? available : size)), format))
            }
            guard size <= available else { throw failure("\(tagText(at: offset)) chunk truncated at offset \(offset)") }
            if isTag("fmt ", at: offset) { format = try parseFormat(at: body, size: size) }
            // Chunks are padded to an even size (RIFF §2); a missing final pad byte is harmless.
            offset = body + size + (size & 1)
        }
        throw failure(format == nil ? "no fmt chunk" : "no data chunk")
    }

    /// Reads a `fmt ` chunk body (WAVEFORMATEX, WAVEFORMATEXTENSIBLE).
    private func parseFormat(at body: Int, size: Int) throws(AudioError) -> WAVFormat {
        guard size >= 16 else { throw failure("fmt chunk of \(size) bytes, at least 16 needed") }
        var tag = uint16(at: body)
        let channels = Int(uint16(at: body + 2))
        let sampleRate = Int(uint32(at: body + 4))
        let bits = Int(uint16(at: body + 14))
        if tag == WAVFormat.extensibleTag {
            guard size >= 40, uint16(at: body + 16) >= 22 else { throw failure("truncated WAVE_FORMAT_EXTENSIBLE fmt chunk") }
            let guidTail = UnsafeRawBufferPointer(rebasing: bytes[(body + 26)..<(body + 40)])
            guard guidTail.elementsEqual(WAVFormat.subFormatGUIDTail) else {
                throw .unsupportedFormat("WAVE_FORMAT_EXTENSIBLE with a sub-format GUID that is not a format tag")
            }
            tag = uint16(at: body + 24)
        }
        let isFloat: Bool
        switch tag {
        case WAVFormat.pcmTag:
            guard [8, 16, 24, 32].contains(bits) else { throw .unsupportedFormat("\(bits)-bit PCM") }
            isFloat = false
        case WAVFormat.floatTag:
            guard bits == 32 || bits == 64 else { throw .unsupportedFormat("\(bits)-bit IEEE float") }
            isFloat = true
        default:
            throw .unsupportedFormat("format tag \(WAVFormat.tagName(tag))")
        }
        guard channels >= 1 else { throw .unsupportedFormat("no channels") }
        guard sampleRate >= 1 else { throw .unsupportedFormat("sample rate 0") }
        return WAVFormat(sampleRate: sampleRate, channels: channels, bitsPerSample: bits, isFloat: isFloat)
    }

    /// The samples of `range` (whole frames only) converted to 16-bit.
    private func convert(_ range: Range<Int>, _ format: WAVFormat) -> [Int16] {
        let width = format.bytesPerSample
        let count = range.count / format.bytesPerFrame * format.channels
        let start = range.lowerBound
        return [Int16](unsafeUninitializedCapacity: count) { samples, initialized in
            for index in 0..<count {
                let at = start + index * width
                let value: Int16
                switch (format.isFloat, width) {
                case (false, 1): value = (Int16(bytes[at]) - 128) << 8
                case (false, _): value = Int16(bitPattern: uint16(at: at + width - 2))
                case (true, 4): value = Self.scaled(Double(Float(bitPattern: uint32(at: at))))
                case (true, _): value = Self.scaled(Double(bitPattern: UInt64(uint32(at: at)) | UInt64(uint32(at: at + 4)) << 32))
                }
                samples.initializeElement(at: index, to: value)
            }
            initialized = count
        }
    }

    /// A float sample (full scale ±1) as 16-bit: × 32768, rounded, clamped; NaN is 0.
    static func scaled(_ value: Double) -> Int16 {
        guard !value.isNaN else { return 0 }
        return Int16(max(-32_768, min(32_767, (value * 32_768).rounded())))
    }

    /// The error for bytes that cannot be read as WAVE.
    private func failure(_ reason: String) -> AudioError {
        .unreadable(WAVFile.memoryPath, reason: reason)
    }

    /// Whether the four bytes at `offset` spell `tag`.
    private func isTag(_ tag: StaticString, at offset: Int) -> Bool {
        guard offset + 4 <= bytes.count else { return false }
        return tag.withUTF8Buffer { UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + 4)]).elementsEqual($0) }
    }

    /// The four bytes at `offset` as text, for messages.
    private func tagText(at offset: Int) -> String {
        let tag = bytes[offset..<(offset + 4)].map { $0 >= 0x20 && $0 < 0x7F ? Character(Unicode.Scalar($0)) : "?" }
        return "'" + String(tag) + "'"
    }

    /// Little-endian reads; callers check the bounds.
    private func uint16(at offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    private func uint32(at offset: Int) -> UInt32 {
        UInt32(uint16(at: offset)) | UInt32(uint16(at: offset + 2)) << 16
    }
}
