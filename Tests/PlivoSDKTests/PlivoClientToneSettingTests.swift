import AudioPipeline
import Foundation
import PlivoSDK
import Testing

/// `setRingTone`, `setRingToneBack` and `setConnectTone` on the public client (no server
/// needed): what they accept and refuse, and that `client.audio`'s tone media follow them.
@Suite struct PlivoClientToneSettingTests {
    static func client() -> PlivoClient {
        PlivoClient(options: PlivoOptions(servers: ["ws://127.0.0.1:9/"], stunServers: []),
                    media: PlivoMediaOptions(input: .tone(440), output: .discard, soundServer: "unix:/tmp/no-such-pulse/native"))
    }

    @Test("true/false and a readable WAV are taken; a missing file or a non-WAV is refused (the default tone stays)")
    func ringToneAndRingback() async throws {
        let client = Self.client()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tones-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let wav = folder.appendingPathComponent("ring.wav").path
        try WAVFile.write(path: wav, sampleRate: 8_000, channels: 1, samples: [Int16](repeating: 1_000, count: 8_000))
        let text = folder.appendingPathComponent("ring.txt").path
        try Data("not audio".utf8).write(to: URL(fileURLWithPath: text))
        for set in [client.setRingTone(_:) as (String) async -> Bool, client.setRingToneBack(_:) as (String) async -> Bool] {
            #expect(await set("true"))
            #expect(await set("false"))
            #expect(await set(wav))
            #expect(await set(folder.appendingPathComponent("missing.wav").path) == false)
            #expect(await set(text) == false)
        }
        #expect(await client.setRingTone(false))
        #expect(await client.setRingToneBack(true))
        #expect(await client.setConnectTone(false))
        #expect(await client.setConnectTone(true))
        #expect(client.webRTC())             // DTLS-SRTP, ICE and Opus are always there
        await client.close()
    }

    @Test("a disabled ringtone or ringback plays nothing through client.audio's media")
    func disabledTonesDoNotPlay() async throws {
        let client = Self.client()
        #expect(await client.setRingToneBack(false))
        let ringback = try #require(client.audio.speakerDevices.media())
        #expect(ringback.name == "ringback")
        #expect(await ringback.play() == false)
        #expect(await client.setRingTone(false))
        let ringtone = try #require(client.audio.ringtoneDevices.media())
        #expect(await ringtone.play() == false)
        await client.close()
    }
}
