import Foundation
import PlivoSDK
import Testing

/// `client.audio` (the seed's Audio Device API) on a real PulseAudio daemon.
@Suite(.serialized, .timeLimit(.minutes(1)),
       .enabled(if: PulseAudioDaemon.isAvailable, "pulseaudio not installed (make peer-deps)"))
struct PlivoClientAudioDeviceTests {
    @Test("availableDevices, the three choices, revealAudioDevices, and audioDeviceChange on the client")
    func deviceAPI() async throws {
        let daemon = try await PulseAudioDaemon.start()
        let client = PlivoClient(media: PlivoMediaOptions(soundServer: daemon.server))
        let outputs = await client.audio.availableDevices("output")
        #expect(outputs == [PlivoAudioDevice(deviceId: "nullsink", label: "NullSink", kind: "audiooutput")])
        #expect(await client.audio.availableDevices("input").map(\.deviceId) == ["nullsink.monitor"])
        #expect(await client.audio.availableDevices().count == 2)
        #expect(await client.audio.speakerDevices.set("nullsink"))
        #expect(await client.audio.speakerDevices.get() == "nullsink")
        #expect(await client.audio.microphoneDevices.set("nullsink") == false)   // a sink is no microphone
        #expect(await client.audio.microphoneDevices.set("nullsink.monitor"))
        #expect(await client.audio.microphoneDevices.get() == "nullsink.monitor")
        await client.audio.microphoneDevices.reset()
        #expect(await client.audio.microphoneDevices.get() == "")
        #expect(await client.audio.ringtoneDevices.get() == "")
        await client.audio.speakerDevices.reset()
        #expect(await client.audio.speakerDevices.get() == "")
        #expect(await client.audio.revealAudioDevices() == PlivoMediaPermission(status: "success", stream: true))
        // media(source): the ringtone plays on the ringtone device until stopped.
        #expect(client.audio.microphoneDevices.media() == nil)
        #expect(client.audio.speakerDevices.media("dtmf")?.name == "dtmf")
        #expect(client.audio.speakerDevices.media()?.name == "ringback")
        let ringtone = try #require(client.audio.ringtoneDevices.media())
        #expect(await client.audio.ringtoneDevices.set("nullsink"))
        #expect(await ringtone.play())
        #expect(ringtone.isPlaying)
        let playing = try await daemon.pactl(["list", "short", "sink-inputs"])
        #expect(!playing.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "no stream on the sink")
        ringtone.stop()
        #expect(!ringtone.isPlaying)
        #expect(await client.audio.ringtoneDevices.get() == "nullsink")
        await client.audio.ringtoneDevices.reset()
        #expect(await client.audio.ringtoneDevices.get() == "")
        #expect(await client.setRingTone(false))
        #expect(await ringtone.play() == false)           // a disabled ringtone plays nothing
        await client.close()
        await daemon.stop()
        // No server at all: empty lists and NotReadableError, no crash.
        let lonely = PlivoClient(media: PlivoMediaOptions(soundServer: "unix:/tmp/no-such-pulse/native"))
        #expect(await lonely.audio.availableDevices().isEmpty)
        #expect(await lonely.audio.revealAudioDevices() == PlivoMediaPermission(status: "failure", error: "NotReadableError"))
        await lonely.close()
    }
}
