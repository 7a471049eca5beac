import Foundation

/// Why a fixture WAV could not be read.
enum WAVFixtureError: Error, CustomStringConvertible {
    case unreadable(path: String)
    case malformed(path: String, reason: String)

    var description: String {
        switch self {
        case .unreadable(let path): "cannot read \(path)"
        case .malformed(let path, let reason): "\(path): \(reason)"
        }
    }
}

/// A 16-bit PCM RIFF/WAVE file from `Fixtures/audio/`, read whole (mono or interleaved stereo).
struct WAVFixture {
    let sampleRate: Int
    let channels: Int
    let samples: [Int16]

    /// Frames (samples per channel).
    var frameCount: Int { samples.count / channels }

    /// The samples as Double in −1…1 (Int16 / 32768), channel 0.
    var normalised: [Double] {
        stride(from: 0, to: samples.count, by: channels).map { Double(samples[$0]) / 32768 }
    }

    /// Reads `Fixtures/audio/<name>` of this package.
    static func load(_ name: String, filePath: String = #filePath) throws(WAVFixtureError) -> WAVFixture {
        let root = URL(fileURLWithPath: filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent("Fixtures/audio/\(name)").path
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path) }
        return try parse([UInt8](data), path: path)
    }

    /// Parses RIFF/WAVE bytes: a `fmt ` chunk (PCM or extensible PCM, 16-bit) and a `data` chunk;
    /// other chunks are skipped.
    static func parse(_ bytes: [UInt8], path: String) throws(WAVFixtureError) -> WAVFixture {
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        func tag(_ at: Int) -> String { String(decoding: bytes[at..<at + 4], as: UTF8.self) }
        guard bytes.count >= 12, tag(0) == "RIFF", tag(8) == "WAVE" else {
            throw .malformed(path: path, reason: "not RIFF/WAVE")
        }
        var offset = 12
        var format: (channels: Int, rate: Int)?
        while offset + 8 <= bytes.count {
            let id = tag(offset)
            let size = u32(offset + 4)
            let body = offset + 8
            guard body + size <= bytes.count else { throw .malformed(path: path, reason: "chunk \(id) truncated") }
            switch id {
            case "fmt ":
                guard size >= 16 else { throw .malformed(path: path, reason: "fmt chunk of \(size) bytes") }
                let formatTag = u16(body)
                let pcm = formatTag == 1 || (formatTag == 0xFFFE && size >= 26 && u16(body + 24) == 1)
                let channels = u16(body + 2)
                guard pcm, u16(body + 14) == 16, (1...2).contains(channels) else {
                    throw .malformed(path: path, reason: "not 16-bit PCM mono/stereo")
                }
                format = (channels, u32(body + 4))
            case "data":
                guard let format else { throw .malformed(path: path, reason: "data before fmt") }
                let samples = (0..<size / 2).map { Int16(bitPattern: UInt16(u16(body + 2 * $0))) }
                return WAVFixture(sampleRate: format.rate, channels: format.channels, samples: samples)
            default:
                break
            }
            offset = body + size + (size & 1)
        }
        throw .malformed(path: path, reason: "no data chunk")
    }
}
