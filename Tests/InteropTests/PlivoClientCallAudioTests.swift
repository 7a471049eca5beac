import AudioPipeline
import Foundation
import PlivoSDK
import Testing

/// A public `PlivoClient` on a real PulseAudio daemon in a real call through Kamailio: the
/// capture device opened as `audioConstraints` say, `echoCancellation` removing what the
/// speaker played from the microphone, `volume` events, and the `useDefaultAudioDevice` switch.
///
/// The daemon has one null sink; its monitor is the default source. So alice's speaker plays
/// straight back into her microphone: a perfect echo path, which bob hears as his own tone
/// coming back unless alice cancels it.
@Suite(.serialized, .timeLimit(.minutes(2)),
       .enabled(if: PulseAudioDaemon.isAvailable, "pulseaudio not installed (make peer-deps)"))
struct PlivoClientCallAudioTests {
    typealias Recorder = PlivoClientCallTests.Recorder

    /// One call: alice on the daemon's devices with `constraints`, bob sending 440 Hz and
    /// recording what he hears; runs `during` while the call is up, then hangs up. Returns
    /// bob's recording.
    static func call(constraints: PlivoOptions.AudioConstraints, useDefaultAudioDevice: Bool = false, seconds: Int,
                     during: @escaping @Sendable (PlivoClient, PulseAudioDaemon, Recorder) async throws -> Void = { _, _, _ in })
        async throws -> WAVFile {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pca-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let bobHeard = folder.appendingPathComponent("bob.wav").path
        let daemon = try await PulseAudioDaemon.start()
        do {
            try await KamailioProcess.with { kamailio in
                let alice = PlivoClient(
                    options: PlivoOptions(audioConstraints: constraints, useDefaultAudioDevice: useDefaultAudioDevice,
                                          servers: [kamailio.webSocketURL], stunServers: []),
                    media: PlivoMediaOptions(input: .microphone, output: .speaker, soundServer: daemon.server))
                let bob = PlivoClient(options: PlivoOptions(servers: [kamailio.webSocketURL], stunServers: []),
                                      media: PlivoMediaOptions(input: .tone(440), output: .wavFile(bobHeard)))
                let aliceEvents = Recorder(alice), bobEvents = Recorder(bob)
                try await PlivoClientCallTests.connectedCall(alice, aliceEvents, bob, bobEvents)
                try await during(alice, daemon, aliceEvents)
                try await Task.sleep(for: .seconds(seconds))
                #expect(await alice.hangup())
                try await bobEvents.wait(for: .onCallTerminated)
                await alice.close()
                await bob.close()
            }
        } catch {
            await daemon.stop()
            throw error
        }
        await daemon.stop()
        return try WAVFile.read(path: bobHeard)
    }

    /// Bob's 440 Hz coming back, in dBFS, over the last `seconds` of what he heard.
    static func echoLevel(_ heard: WAVFile, seconds: Int) -> Double {
        let tail = Array(heard.samples.suffix(heard.format.sampleRate * seconds))
        var i = 0.0, q = 0.0
        for (index, sample) in tail.enumerated() {
            let phase = 2 * Double.pi * 440 * Double(index) / Double(heard.format.sampleRate)
            i += Double(sample) * sin(phase)
            q += Double(sample) * cos(phase)
        }
        let amplitude = 2 * (i * i + q * q).squareRoot() / Double(max(1, tail.count))
        return amplitude <= 0 ? -120 : 20 * log10(amplitude / 32_768)
    }

    @Test("audioConstraints 16 kHz stereo open the microphone so; volume events flow; a new sink is switched to (useDefaultAudioDevice false)")
    func constraintsVolumeAndSwitch() async throws {
        _ = try await Self.call(constraints: .init(sampleRate: 16_000, channelCount: 2), seconds: 1) { alice, daemon, events in
            let outputs = try await daemon.pactl(["list", "source-outputs"])
            #expect(outputs.contains("s16le 2ch 16000Hz"), "\(outputs)")
            var volumes = 0
            for await level in alice.volumeEvents() {
                #expect(Double(level.inputVolume) != nil && Double(level.outputVolume) != nil)
                volumes += 1
                if volumes == 30 { break }
            }
            // A new sink: alice's speaker follows it (the seed's default, useDefaultAudioDevice false).
            try await daemon.pactl(["load-module", "module-null-sink", "sink_name=headset", "rate=48000"])
            let deadline = ContinuousClock.now + .seconds(5)
            while await alice.audio.speakerDevices.get() != "headset", ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(await alice.audio.speakerDevices.get() == "headset")
            guard case .audioDeviceChange(let change) = try await events.wait(for: .audioDeviceChange) else { return }
            #expect(change.change == "added" && change.device.deviceId.hasPrefix("headset"), "\(change)")
        }
    }

    @Test("useDefaultAudioDevice true: a new sink is reported but the speaker stays on the default")
    func keepsDefault() async throws {
        _ = try await Self.call(constraints: .init(), useDefaultAudioDevice: true, seconds: 0) { alice, daemon, events in
            try await daemon.pactl(["load-module", "module-null-sink", "sink_name=headset", "rate=48000"])
            try await events.wait(for: .audioDeviceChange)
            try await Task.sleep(for: .milliseconds(500))
            #expect(await alice.audio.speakerDevices.get() == "")
        }
    }

    @Test("echoCancellation: bob's tone played into alice's room comes back at least 15 dB weaker with it than without")
    func echoCancellation() async throws {
        let plain = Self.echoLevel(try await Self.call(constraints: .init(), seconds: 6), seconds: 3)
        let cancelled = Self.echoLevel(try await Self.call(constraints: .init(echoCancellation: true), seconds: 6), seconds: 3)
        #expect(plain > -40, "no echo path without cancellation: \(plain) dBFS")
        #expect(plain - cancelled > 15, "echo \(plain) dBFS without, \(cancelled) dBFS with cancellation")
    }

    @Test("permOnClick false asks for the microphone at login (onMediaPermission success); true waits for the call's media")
    func permOnClick() async throws {
        let daemon = try await PulseAudioDaemon.start()
        do {
            try await KamailioProcess.with { kamailio in
                let media = PlivoMediaOptions(input: .microphone, output: .discard, soundServer: daemon.server)
                let eager = PlivoClient(options: PlivoOptions(servers: [kamailio.webSocketURL], stunServers: []), media: media)
                let eagerEvents = Recorder(eager)
                #expect(await eager.login(username: "alice", password: "alice-pw"))
                guard case .onMediaPermission(let permission) = try await eagerEvents.wait(for: .onMediaPermission) else { return }
                #expect(permission == PlivoMediaPermission(status: "success", stream: true))
                try await eagerEvents.wait(for: .onLogin)
                await eager.close()

                let bob = PlivoClient(options: PlivoOptions(servers: [kamailio.webSocketURL], stunServers: []),
                                      media: PlivoMediaOptions(input: .tone(440), output: .discard))
                let bobEvents = Recorder(bob)
                #expect(await bob.login(username: "bob", password: "bob-pw"))
                try await bobEvents.wait(for: .onLogin)
                let lazy = PlivoClient(options: PlivoOptions(permOnClick: true, servers: [kamailio.webSocketURL], stunServers: []),
                                       media: media)
                let lazyEvents = Recorder(lazy)
                #expect(await lazy.login(username: "alice", password: "alice-pw"))
                try await lazyEvents.wait(for: .onLogin)
                try await Task.sleep(for: .milliseconds(500))
                #expect(!lazyEvents.names.contains("onMediaPermission"), "\(lazyEvents.names)")
                #expect(await lazy.call("bob"))
                guard case let .onIncomingCall(_, _, info, _) = try await bobEvents.wait(for: .onIncomingCall) else { return }
                #expect(await bob.answer(callUUID: info.callUUID))
                try await lazyEvents.wait(for: .onMediaPermission)
                #expect(await lazy.hangup())
                await lazy.close()
                await bob.close()
            }
        } catch {
            await daemon.stop()
            throw error
        }
        await daemon.stop()
    }
}
