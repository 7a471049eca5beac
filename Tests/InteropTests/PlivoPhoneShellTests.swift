import AudioPipeline
import Foundation
import PlivoSDK
import Testing

/// `plivo-phone shell`: the SDK's methods from the command line, one per line, against the
/// embedded edge — two phones call each other, and every result and event line is checked.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct PlivoPhoneShellTests {
    /// Writes `lines` to a script file in `folder`.
    static func script(_ folder: URL, _ name: String, _ lines: [String]) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A temporary folder, removed by `body`'s end.
    static func withFolder<T>(_ body: (URL) async throws -> T) async throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shell-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try await body(folder)
    }

    /// The `METHOD -> VALUE` lines of a text run.
    static func results(_ output: PlivoPhoneRunner.Output) -> [String] {
        output.lines.filter { $0.contains(" -> ") }
    }

    @Test("alice (JSON) calls bob (text): login, queries, call with X-PH header, answer, mute/unmute, DTMF, noise reduction, stats, hangup, feedback, a rejected call, devices, logout, shutdown")
    func twoPhones() async throws {
        let edge = PlivoLocalEdge()
        let addresses = try await edge.start()
        defer { Task { await edge.stop() } }
        try await Self.withFolder { folder in
            let heard = folder.appendingPathComponent("bob.wav").path
            let bobScript = try Self.script(folder, "bob.txt", [
                "# bob answers the first call and rejects the second",
                "setRingTone false",
                "login",
                "wait onLogin 10",
                "wait onIncomingCall",
                "getCallUUID",
                "answer",
                "getCallUUID",
                "wait onMediaConnected",
                "wait onDtmfReceived",
                "wait onDtmfReceived",
                "sendDtmf 3",
                "wait onCallTerminated",
                "wait onIncomingCall",
                "reject",
                "wait onCallFailed",
                "shutdown",
            ])
            let bob = try PhoneProcess(["--server", addresses.webSocketURL, "--user", "bob", "--password", "bob-pw",
                                        "shell", "--options", #"{"stunServers":[],"debug":"OFF"}"#, "--script", bobScript,
                                        "--audio-out", heard, "--tone", "440"], timeout: 60)
            try await bob.waitForLine(startingWith: "onLogin")
            let aliceScript = try Self.script(folder, "alice.txt", [
                "version", "webRTC", "setDebug WARN", "setRingToneBack false", "setConnectTone false",
                "isLoggedIn", "login", "wait onLogin 10", "isLoggedIn", "isConnected", "isRegistered",
                "call bob X-PH-Test=one",
                "wait onCallAnswered", "wait onMediaConnected", "getCallUUID",
                "mute", "unmute", "sendDtmf 12", "startNoiseReduction", "stopNoiseReduction",
                "wait onDtmfReceived", "sleep 1.5", "getPeerConnection", "hangup", "wait onCallTerminated", "getLastCallUUID",
                #"submitCallQualityFeedback {lastCallUUID} 2 AUDIO_LAG,ECHO "a \"robotic\" voice" false"#,
                "call bob", "wait onCallFailed",
                "audio.microphoneDevices.get",
                "logout", "wait onLogout",
            ])
            let alice = try await PlivoPhoneRunner.run(
                ["--server", addresses.webSocketURL, "--user", "alice", "--password", "alice-pw", "--json", "shell",
                 "--options", #"{"stunServers":[],"enableNoiseReduction":true}"#, "--script", aliceScript, "--tone", "880"],
                timeout: 60)
            let bobOutput = await bob.finish()
            #expect(alice.status == 0, "\(alice)")
            #expect(bobOutput.status == 0, "\(bobOutput)")

            // alice, in JSON: each method's result in script order, and her events.
            let objects = try alice.jsonObjects()
            let results = objects.compactMap { object -> String? in
                guard let method = object["method"] as? String else { return nil }
                return "\(method)=\(object["result"].map { "\($0)" } ?? "error")"
            }
            let uuids = objects.filter { ($0["method"] as? String)?.hasSuffix("CallUUID") == true }.compactMap { $0["result"] as? String }
            #expect(uuids.count == 2 && uuids[0] == uuids[1] && uuids[0].count == 32, "\(uuids)")
            let expected = [
                "version=\(PlivoSDKVersion.string)", "webRTC=1", "setDebug=WARN", "setRingToneBack=1", "setConnectTone=1",
                "isLoggedIn=0", "login=1", "wait=onLogin", "isLoggedIn=1", "isConnected=1", "isRegistered=1",
                "call=1", "wait=onCallAnswered", "wait=onMediaConnected", "getCallUUID=\(uuids.first ?? "")",
                "mute=1", "unmute=1", "sendDtmf=1", "startNoiseReduction=1", "stopNoiseReduction=1", "wait=onDtmfReceived",
            ]
            #expect(Array(results.prefix(expected.count)) == expected, "\(results)")
            let rest = Array(results.dropFirst(expected.count))
            #expect(rest.count == 10, "\(rest)")
            if rest.count == 10 {
                #expect(rest[0].hasPrefix("getPeerConnection="))
                #expect(Array(rest[1...3]) == ["hangup=1", "wait=onCallTerminated", "getLastCallUUID=\(uuids.first ?? "")"])
                #expect(rest[4].hasPrefix("submitCallQualityFeedback="))
                #expect(Array(rest[5...]) == ["call=1", "wait=onCallFailed", "audio.microphoneDevices.get=", "logout=1", "wait=onLogout"])
            }
            let stats = objects.first { $0["method"] as? String == "getPeerConnection" }?["result"] as? [String: Any]
            #expect(stats?["status"] as? String == "success" && stats?["iceConnectionState"] as? String == "connected", "\(String(describing: stats))")
            let feedback = objects.first { $0["method"] as? String == "submitCallQualityFeedback" }?["result"] as? [String: Any]
            #expect(feedback?["message"] as? String == "Feedback is sent", "\(String(describing: feedback))")
            let failed = objects.first { $0["event"] as? String == "onCallFailed" }
            #expect(failed?["cause"] as? String == "Busy", "\(String(describing: failed))")
            let events = objects.compactMap { $0["event"] as? String }.filter { $0 != "mediaMetrics" }
            #expect(events == ["onConnectionChange", "onLogin", "onNoiseReductionReady", "onCalling", "onCallRemoteRinging",
                               "onCallAnswered", "onMediaConnected", "onDtmfReceived", "onCallTerminated",
                               "onCalling", "onCallRemoteRinging", "onCallFailed",
                               "onConnectionChange", "onLogout"], "\(events)")
            let answered = objects.first { $0["event"] as? String == "onCallAnswered" }
            #expect((answered?["extraHeaders"] as? [String: String]) == ["X-PH-Test": "one"])

            // bob, in text.
            #expect(Self.results(bobOutput).map { $0.replacingOccurrences(of: uuids.first ?? "-", with: "UUID") } == [
                "setRingTone -> true", "login -> true", "wait -> onLogin", "wait -> onIncomingCall",
                "getCallUUID -> null", "answer -> true", "getCallUUID -> UUID", "wait -> onMediaConnected",
                "wait -> onDtmfReceived", "wait -> onDtmfReceived", "sendDtmf -> true", "wait -> onCallTerminated",
                "wait -> onIncomingCall", "reject -> true", "wait -> onCallFailed", "shutdown -> true",
            ], "\(bobOutput)")
            let digits = bobOutput.lines.filter { $0.hasPrefix("onDtmfReceived") }
            #expect(digits == ["onDtmfReceived {tone: 1, duration: 100}", "onDtmfReceived {tone: 2, duration: 100}"], "\(digits)")
            let back = objects.first { $0["event"] as? String == "onDtmfReceived" }
            #expect(back?["tone"] as? String == "3", "\(String(describing: back))")
            let bobHeard = try WAVFile.read(path: heard)
            #expect(abs(PlivoLocalEdgeTests.dominant(bobHeard) - 880) < 5)
        }
    }

    @Test("a failed line stops the run (exit 1, the next line is not run); --keep-going runs on; a bad line is a usage note; tokens and a token file log in")
    func failuresAndTokens() async throws {
        let edge = PlivoLocalEdge(accessTokenKeys: ["MAEDGE": "s3cret"])
        let addresses = try await edge.start()
        defer { Task { await edge.stop() } }
        try await Self.withFolder { folder in
            let base = ["--server", addresses.webSocketURL, "shell", "--options", #"{"stunServers":[],"debug":"OFF"}"#]
            let stops = try await PlivoPhoneRunner.run(base + ["--script", try Self.script(folder, "a.txt", ["ignore", "version"])])
            #expect(stops.status == 1)
            #expect(Self.results(stops) == ["ignore -> false"], "\(stops)")

            let goesOn = try await PlivoPhoneRunner.run(base + ["--keep-going", "--script", try Self.script(folder, "b.txt", [
                "ignore", "frobnicate", "wait onLogin 0.2", #"call "unterminated"#, "sendDtmf x", "version",
            ])])
            #expect(goesOn.status == 1)
            #expect(Self.results(goesOn) == ["ignore -> false", "wait -> error: no onLogin within 0.2 seconds",
                                             "sendDtmf -> false", "version -> \(PlivoSDKVersion.string)"], "\(goesOn)")
            #expect(goesOn.stderr.contains("line 2: frobnicate: unknown command"), "\(goesOn.stderr)")
            #expect(goesOn.stderr.contains("line 4: unterminated quote"), "\(goesOn.stderr)")

            let token = PlivoLocalEdge.makeAccessToken(issuer: "MAEDGE", secret: "s3cret", subject: "zoe")
            let tokenFile = folder.appendingPathComponent("token.jwt").path
            try token.write(toFile: tokenFile, atomically: true, encoding: .utf8)
            let tokens = try await PlivoPhoneRunner.run(base + ["--script", try Self.script(folder, "c.txt", [
                "loginWithAccessToken \(token)", "wait onLogin", "isRegistered", "logout", "wait onLogout",
                "loginWithAccessTokenGenerator \(tokenFile)", "wait onLogin", "isRegistered", "logout", "wait onLogout",
            ])])
            #expect(tokens.status == 0, "\(tokens)")
            #expect(Self.results(tokens) == [
                "loginWithAccessToken -> true", "wait -> onLogin", "isRegistered -> true", "logout -> true", "wait -> onLogout",
                "loginWithAccessTokenGenerator -> true", "wait -> onLogin", "isRegistered -> true", "logout -> true",
                "wait -> onLogout",
            ], "\(tokens)")
        }
    }
}

/// parec and pacat.
private let shellAudioTools: (parec: String, pacat: String)? = {
    let parec = ["/usr/bin/parec", "/usr/local/bin/parec"].first { FileManager.default.isExecutableFile(atPath: $0) }
    let pacat = ["/usr/bin/pacat", "/usr/local/bin/pacat"].first { FileManager.default.isExecutableFile(atPath: $0) }
    guard let parec, let pacat else { return nil }
    return (parec, pacat)
}()

/// `plivo-phone shell` on a real PulseAudio daemon: the device API from the command line
/// (`audio.availableDevices`, `audio.microphoneDevices.set` …), then a call to the edge's echo
/// number that takes alice's PulseAudio source and plays what comes back on her null sink.
@Suite(.serialized, .timeLimit(.minutes(2)),
       .enabled(if: PulseAudioDaemon.isAvailable && shellAudioTools != nil,
                "pulseaudio/pactl/parec/pacat not installed (make peer-deps installs pulseaudio pulseaudio-utils)"))
struct PlivoPhoneShellPulseAudioTests {
    @Test("devices chosen by shell lines; alice's PulseAudio source reaches the echo number and comes back on her PulseAudio sink")
    func devicesThroughTheEcho() async throws {
        let (parec, pacat) = try #require(shellAudioTools)
        let daemon = try await PulseAudioDaemon.start()
        let edge = PlivoLocalEdge()
        do {
            let addresses = try await edge.start()
            try await daemon.pactl(["load-module", "module-null-sink", "sink_name=mic", "rate=48000"])
            let toneFile = try daemon.toneFile(frequency: 880, count: 576_000)
            let recording = daemon.folder.appendingPathComponent("monitor.raw").path
            let script = try PlivoPhoneShellTests.script(daemon.folder, "alice.txt", [
                "audio.availableDevices input",
                "audio.microphoneDevices.set mic.monitor",
                "audio.speakerDevices.set nullsink",
                "audio.microphoneDevices.get", "audio.speakerDevices.get",
                "login", "wait onLogin", "call echo", "wait onMediaConnected",
                "sleep 5",
                "getPeerConnection", "hangup", "wait onCallTerminated", "logout", "wait onLogout",
            ])
            var output: PlivoPhoneRunner.Output?
            _ = try await daemon.run(
                pacat, ["--playback", "-d", "mic", "--raw", "--format=s16le", "--rate=48000", "--channels=1", toneFile],
                timeout: .seconds(18)
            ) { _ in
                _ = try await daemon.run(
                    "/usr/bin/timeout", ["10", parec, "-d", "nullsink.monitor", "--raw", "--format=s16le", "--rate=48000",
                                         "--channels=1", "--latency-msec=20", recording],
                    timeout: .seconds(14)
                ) { _ in
                    output = try await PlivoPhoneRunner.run(
                        ["--server", addresses.webSocketURL, "--user", "alice", "--password", "alice-pw", "shell",
                         "--options", #"{"stunServers":[],"debug":"OFF"}"#, "--sound-server", daemon.server,
                         "--input-device", "default", "--output-device", "default", "--script", script], timeout: 40)
                }
            }
            let run = try #require(output)
            #expect(run.status == 0, "\(run)")
            let results = PlivoPhoneShellTests.results(run)
            #expect(results.first?.hasPrefix("audio.availableDevices -> [{deviceId: mic.monitor") == true
                        || results.first?.hasPrefix("audio.availableDevices -> [{deviceId: nullsink.monitor") == true, "\(results)")
            #expect(Array(results.dropFirst().prefix(4)) == [
                "audio.microphoneDevices.set -> true", "audio.speakerDevices.set -> true",
                "audio.microphoneDevices.get -> mic.monitor", "audio.speakerDevices.get -> nullsink",
            ], "\(run)")
            let (samples, loud) = try PulseAudioDaemon.recording(recording)
            #expect(loud.count > 48_000, "the sink's monitor got \(samples.count) samples, \(loud.count) loud")
            if let first = loud.first, let last = loud.last, last - first > 24_000 {
                let played = ToneAnalyzer.analyze(Array(samples[first..<last]), sampleRate: 48_000)
                #expect(abs(played.dominantFrequency - 880) < 5, "the sink played \(played)")
                print("PlivoPhoneShellPulseAudio: the null sink played \(String(format: "%.1f", played.dominantFrequency)) Hz "
                      + "at \(String(format: "%.1f", played.rmsDBFS)) dBFS for \((last - first) / 48) ms")
            }
        } catch {
            await edge.stop()
            await daemon.stop()
            throw error
        }
        await edge.stop()
        await daemon.stop()
    }
}
