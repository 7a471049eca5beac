// libFuzzer target for what a tone URL can hand us (setRingTone / setRingToneBack with a file or
// an http(s) URL): the WAV parser (RIFF chunks, fmt/extensible, PCM 8–32 bit and float data),
// then the clip conversion to a device format and a few frames of playback, and the Plivo INFO
// body classifier (remote-audio / no-remote-audio / remote-party-ringing).
//
// Input: the whole buffer is the file. The first byte also picks the target format (48 kHz mono,
// 16 kHz stereo, 8 kHz mono, 44.1 kHz stereo).
//
// Oracle: no trap, no ASan finding; a parsed file has samples = frames × channels and the clip
// produces full frames.
//
// This file must not be called main.swift: libFuzzer provides main().
import AudioPipeline
import FuzzSupport
import SIPUserAgent

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWAV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    _ = SIPPlivoInfoSignal(body: bytes)
    guard let selector = bytes.first else { return 0 }
    guard let file = try? WAVFile.parse(bytes) else { return 0 }
    if file.samples.count != file.frameCount * max(file.format.channels, 1) {
        fatalError("samples \(file.samples.count) != frames \(file.frameCount) × channels \(file.format.channels)")
    }
    let (rate, channels) = [(48_000, 1), (16_000, 2), (8_000, 1), (44_100, 2)][Int(selector & 3)]
    guard let clip = try? AudioClipSource(file: file, sampleRate: rate, channels: channels, loop: selector & 4 != 0) else { return 0 }
    var frame = [Int16](repeating: 0, count: rate / 50 * channels)
    for _ in 0..<3 {
        _ = frame.withUnsafeMutableBufferPointer { clip.read(into: $0) }
    }
    return 0
}
