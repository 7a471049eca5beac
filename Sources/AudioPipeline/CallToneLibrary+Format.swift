/// Recognising what a loaded tone is, so that anything but WAV gets an error that names it.
extension CallToneLibrary {
    /// nil when `bytes` start like a RIFF/WAVE file; otherwise a short name of what they look
    /// like (`MP3 (ID3 tag)`, `Ogg (Vorbis or Opus)`, `HTML or XML text`, …), from the first
    /// bytes alone.
    static func nonWAVFormatName(of bytes: [UInt8]) -> String? {
        func ascii(_ range: Range<Int>) -> String? {
            guard bytes.count >= range.upperBound else { return nil }
            return String(decoding: bytes[range], as: UTF8.self)
        }
        guard !bytes.isEmpty else { return "an empty file" }
        let magic = ascii(0..<4)
        let form = ascii(8..<12)
        switch magic {
        case "RIFF": return form == "WAVE" ? nil : "a RIFF file of form \(form.map { "\"\($0)\"" } ?? "(truncated)")"
        case "RIFX", "RF64": return "a \(magic ?? "") WAVE file (big-endian or 64-bit RIFF, not supported)"
        case "OggS": return "Ogg (Vorbis or Opus)"
        case "fLaC": return "FLAC"
        case "FORM": return form == "AIFF" || form == "AIFC" ? "AIFF" : "an IFF file"
        default: break
        }
        if ascii(0..<3) == "ID3" { return "MP3 (ID3 tag)" }
        if ascii(4..<8) == "ftyp" { return "MP4/M4A" }
        if bytes.starts(with: [0x1A, 0x45, 0xDF, 0xA3]) { return "WebM/Matroska" }
        if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] & 0xE0 == 0xE0 {
            return bytes[1] & 0x06 == 0 ? "AAC (ADTS)" : "MP3 (MPEG audio frames)"
        }
        let text = bytes.prefix(64).drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF }
        if text.first == UInt8(ascii: "<") { return "HTML or XML text" }
        if text.first == UInt8(ascii: "{") || text.first == UInt8(ascii: "[") { return "JSON text" }
        let hex = bytes.prefix(4).map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }
        return "unknown data starting with \(hex.joined(separator: " "))"
    }
}
