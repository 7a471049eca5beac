import AudioDevices
import AudioPipeline
import Foundation
import StackCore
import Testing

@Suite struct FileAudioBackendTests {
    @Test func wavFilesAndNullDevicesWorkThroughTheManager() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fab-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // A 440 Hz input file at 16 kHz stereo: converted to the stream's 48 kHz mono.
        let tone = ToneSource(frequency: 440, sampleRate: 16_000, amplitude: 0.5, channels: 2)
        var samples = [Int16](repeating: 0, count: 16_000)
        samples.withUnsafeMutableBufferPointer { _ = tone.read(into: $0) }
        let inputPath = folder.appendingPathComponent("in.wav").path
        let outputPath = folder.appendingPathComponent("out.wav").path
        try Data(WAVFile.encode(sampleRate: 16_000, channels: 2, samples: samples)).write(to: URL(fileURLWithPath: inputPath))
        let backend = FileAudioBackend(inputs: [.init(deviceId: "mic-file", path: inputPath)],
                                       outputs: [.init(deviceId: "speaker-file", path: outputPath)])
        let manager = AudioDeviceManager(backend: backend, clock: TestClock())
        #expect(await manager.start())
        #expect(try await manager.availableDevices(.input).map(\.deviceId) == ["mic-file", "null"])
        #expect(try await manager.availableDevices(.output).map(\.deviceId) == ["speaker-file", "null"])
        let microphone = await manager.openMicrophone()
        let speaker = await manager.openSpeaker()
        var frame = [Int16](repeating: 0, count: 960)
        var heard: [Int16] = []
        for _ in 0..<50 {   // 1 s: the 0.5 s file twice (it loops)
            _ = frame.withUnsafeMutableBufferPointer { microphone.read(into: $0) }
            heard += frame
            frame.withUnsafeBufferPointer { speaker.write($0) }
        }
        let analysis = ToneAnalyzer.analyze(heard, sampleRate: 48_000)
        #expect(abs(analysis.dominantFrequency - 440) < 2, "\(analysis)")
        #expect(await manager.set(.microphone, deviceId: "null"))
        _ = frame.withUnsafeMutableBufferPointer { microphone.read(into: $0) }
        #expect(frame.allSatisfy { $0 == 0 })
        #expect(await manager.set(.microphone, deviceId: "nope") == false)
        await manager.close()
        let recorded = try WAVFile.read(path: outputPath)
        #expect(recorded.format.sampleRate == 48_000 && recorded.samples == heard)
    }
}

@Suite struct AudioClipBoundTests {
    @Test func aTinyFileDeclaringOneHertzIsRefusedInsteadOfExpanding() throws {
        let file = WAVFile(format: WAVFormat(sampleRate: 1, channels: 1), samples: [Int16](repeating: 100, count: 2_000))
        #expect(throws: AudioError.unsupportedFormat("a clip of 2000 s (at most 600 s)")) {
            _ = try AudioClipSource(file: file, sampleRate: 48_000, channels: 1)
        }
    }
}
