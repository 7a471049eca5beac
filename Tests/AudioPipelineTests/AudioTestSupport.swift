import Foundation
@testable import AudioPipeline

/// A fresh folder under /tmp for one test, removed with everything in it on deinit.
final class TemporaryFolder {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "audio-pipeline-tests-\(getpid())-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// A path inside the folder.
    func file(_ name: String) -> String { path + "/" + name }
}

/// Hand-made RIFF/WAVE bytes for parser tests.
enum WAVBytes {
    static func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF)] }
    static func le32(_ value: Int) -> [UInt8] { le16(value & 0xFFFF) + le16((value >> 16) & 0xFFFF) }

    /// A chunk: id, little-endian size (or `declaredSize`), body, and a pad byte for odd sizes.
    static func chunk(_ id: String, _ body: [UInt8], declaredSize: Int? = nil, pad: Bool = true) -> [UInt8] {
        Array(id.utf8) + le32(declaredSize ?? body.count) + body + (pad && body.count % 2 == 1 ? [0] : [])
    }

    /// A WAVEFORMATEX body (16 bytes, or 18 with cbSize when `extra` is given).
    static func fmt(tag: Int, channels: Int, rate: Int, bits: Int, extra: [UInt8]? = nil) -> [UInt8] {
        let align = channels * ((bits + 7) / 8)
        var body = le16(tag) + le16(channels) + le32(rate) + le32(rate * align) + le16(align) + le16(bits)
        if let extra { body += le16(extra.count) + extra }
        return body
    }

    /// A WAVE_FORMAT_EXTENSIBLE body for sub-format `subTag`.
    static func extensible(subTag: Int, channels: Int, rate: Int, bits: Int, validBits: Int? = nil,
                           guidTail: [UInt8] = WAVFormat.subFormatGUIDTail) -> [UInt8] {
        let extra = le16(validBits ?? bits) + le32(channels == 2 ? 3 : 4) + le16(subTag) + guidTail
        return fmt(tag: 0xFFFE, channels: channels, rate: rate, bits: bits, extra: extra)
    }

    /// RIFF/WAVE around `chunks`.
    static func riff(_ chunks: [[UInt8]], form: String = "WAVE") -> [UInt8] {
        let body = Array(form.utf8) + chunks.flatMap { $0 }
        return Array("RIFF".utf8) + le32(body.count) + body
    }
}

extension AudioFrameSource {
    /// Reads `frames` frames of `size` samples and concatenates them.
    func readAll(frames: Int, size: Int) -> (samples: [Int16], results: [Bool]) {
        var samples: [Int16] = []
        var results: [Bool] = []
        var frame = [Int16](repeating: 0, count: size)
        for _ in 0..<frames {
            results.append(frame.withUnsafeMutableBufferPointer { read(into: $0) })
            samples += frame
        }
        return (samples, results)
    }
}
