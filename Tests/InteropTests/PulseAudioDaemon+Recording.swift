import AudioPipeline
import Foundation

extension PulseAudioDaemon {
    /// Writes `count` samples of a `frequency` Hz tone (s16le, mono, 48 kHz) into the daemon's
    /// folder, for `pacat` to play into a sink in real time; returns the file's path.
    func toneFile(frequency: Double, count: Int) throws -> String {
        let path = folder.appendingPathComponent("tone-\(Int(frequency)).raw").path
        var samples = [Int16](repeating: 0, count: count)
        samples.withUnsafeMutableBufferPointer { _ = ToneSource(frequency: frequency, sampleRate: 48_000).read(into: $0) }
        try samples.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: path)) }
        return path
    }

    /// A raw s16le recording (`parec --raw`): its samples, and the offsets of those louder
    /// than 1000.
    static func recording(_ path: String) throws -> (samples: [Int16], loud: [Int]) {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let samples = bytes.withUnsafeBytes { raw in Array(raw.bindMemory(to: Int16.self)) }
        return (samples, samples.enumerated().filter { abs(Int($0.element)) > 1_000 }.map(\.offset))
    }
}
