import Foundation
import PlivoSDK

extension PhoneShell {
    /// The commands, as `help` prints them: the seed's methods, then the shell's own.
    static let commands: [(String, String)] = [
        ("login [USER PASSWORD]", "login(username, password); without arguments --user and --password"),
        ("loginWithAccessToken JWT", "loginWithAccessToken(jwt)"),
        ("loginWithAccessTokenGenerator FILE", "loginWithAccessTokenGenerator: the token is read from FILE each time one is needed"),
        ("logout", "logout()"),
        ("call DEST [X-PH-Name=value …]", "call(dest, extraHeaders)"),
        ("answer [CALLUUID|-] [reject|ignore|letring]", "answer(callUUID, actionOnOtherIncomingCalls)"),
        ("hangup", "hangup()"),
        ("reject [CALLUUID]", "reject(callUUID)"),
        ("ignore [CALLUUID]", "ignore(callUUID)"),
        ("sendDtmf DIGITS", "sendDtmf(digit) for each digit"),
        ("mute / unmute", "mute(), unmute()"),
        ("setRingTone true|false|URL", "setRingTone(value)"),
        ("setRingToneBack true|false|URL", "setRingToneBack(value)"),
        ("setConnectTone true|false", "setConnectTone(value)"),
        ("setDebug OFF|ERROR|WARN|INFO|DEBUG|ALL", "setDebug(level)"),
        ("getPeerConnection", "getPeerConnection(): status, ICE state, codec, packets, jitter, RTT, MOS"),
        ("submitCallQualityFeedback CALLUUID|- STARS [ISSUE,…|-] [NOTE|-] [true|false]",
         "submitCallQualityFeedback(callUUID, starRating, issues, note, sendConsoleLogs)"),
        ("getCallUUID / getLastCallUUID", "getCallUUID(), getLastCallUUID()"),
        ("startNoiseReduction / stopNoiseReduction", "startNoiseReduction(), stopNoiseReduction()"),
        ("isLoggedIn / isConnected / isConnecting / isRegistered / webRTC / version", "the seed's queries"),
        ("audio.availableDevices [input|output]", "audio.availableDevices(filter)"),
        ("audio.revealAudioDevices", "audio.revealAudioDevices()"),
        ("audio.microphoneDevices.set ID | .get | .reset", "the microphone choice (also speakerDevices, ringtoneDevices)"),
        ("audio.ringtoneDevices.media play|stop", "the ringtone player on the ringtone device"),
        ("audio.speakerDevices.media SOURCE play|stop", "speakerDevices.media(source): dtmf or ringback"),
        ("shutdown [force]", "shutdown(force): refused while calls are up with closeProtection"),
        ("close", "close(): ends every call, logs out"),
        ("wait EVENT[|EVENT…] [SECONDS]", "the next untaken occurrence of an event (default: --wait-timeout)"),
        ("sleep SECONDS", "pause the script"),
        ("help", "this list"),
        ("quit", "stop reading; the client closes and the program exits"),
    ]

    /// Runs one command.
    func execute(_ command: String, _ arguments: [String]) async throws(ShellUsageError) -> Outcome {
        func argumentCount(_ range: ClosedRange<Int>) throws(ShellUsageError) {
            guard range.contains(arguments.count) else {
                throw ShellUsageError(range.lowerBound == range.upperBound
                    ? "takes \(range.lowerBound) argument(s), got \(arguments.count)"
                    : "takes \(range.lowerBound)–\(range.upperBound) arguments, got \(arguments.count)")
            }
        }
        /// An optional positional argument; `-` means absent.
        func optional(_ index: Int) -> String? {
            index < arguments.count && arguments[index] != "-" ? arguments[index] : nil
        }
        func flag(_ text: String) throws(ShellUsageError) -> Bool {
            switch text.lowercased() {
            case "true": return true
            case "false": return false
            default: throw ShellUsageError("expected true or false, got '\(text)'")
            }
        }

        if command.hasPrefix("audio.") { return try await audioCommand(command, arguments) }
        switch command {
        case "login":
            try argumentCount(0...2)
            guard arguments.count != 1 else { throw ShellUsageError("give both USER and PASSWORD, or neither") }
            let user = arguments.first ?? credentials.user ?? ""
            let password = arguments.count == 2 ? arguments[1] : credentials.password ?? ""
            return report(command, await client.login(username: user, password: password))
        case "loginWithAccessToken":
            try argumentCount(1...1)
            return report(command, await client.loginWithAccessToken(arguments[0]))
        case "loginWithAccessTokenGenerator":
            try argumentCount(1...1)
            let path = arguments[0]
            return report(command, await client.loginWithAccessTokenGenerator { () async throws -> String? in
                let text = try String(contentsOfFile: path, encoding: .utf8)
                let token = text.filter { !$0.isWhitespace }
                return token.isEmpty ? nil : token
            })
        case "logout":
            try argumentCount(0...0)
            return report(command, await client.logout())
        case "call":
            guard let destination = arguments.first else { throw ShellUsageError("give DEST") }
            var headers: [String: String] = [:]
            for text in arguments.dropFirst() {
                guard let separator = text.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                    throw ShellUsageError("header '\(text)': expected Name=value")
                }
                headers[String(text[..<separator])] = String(text[text.index(after: separator)...])
                    .trimmingCharacters(in: .whitespaces)
            }
            return report(command, await client.call(destination, extraHeaders: headers))
        case "answer":
            try argumentCount(0...2)
            return report(command, await client.answer(callUUID: optional(0), actionOnOtherIncomingCalls: optional(1)))
        case "hangup":
            try argumentCount(0...0)
            return report(command, await client.hangup())
        case "reject":
            try argumentCount(0...1)
            return report(command, await client.reject(callUUID: optional(0)))
        case "ignore":
            try argumentCount(0...1)
            return report(command, await client.ignore(callUUID: optional(0)))
        case "sendDtmf":
            try argumentCount(1...1)
            var sent = !arguments[0].isEmpty
            for digit in arguments[0] where sent {
                sent = await client.sendDtmf(String(digit))
            }
            return report(command, sent)
        case "mute":
            try argumentCount(0...0)
            return report(command, await client.mute())
        case "unmute":
            try argumentCount(0...0)
            return report(command, await client.unmute())
        case "setRingTone":
            try argumentCount(1...1)
            return report(command, await client.setRingTone(arguments[0]))
        case "setRingToneBack":
            try argumentCount(1...1)
            return report(command, await client.setRingToneBack(arguments[0]))
        case "setConnectTone":
            try argumentCount(1...1)
            return report(command, await client.setConnectTone(try flag(arguments[0])))
        case "setDebug":
            try argumentCount(1...1)
            guard let level = PlivoLogLevel(name: arguments[0]) else {
                throw ShellUsageError("unknown level '\(arguments[0])' (OFF, ERROR, WARN, INFO, DEBUG, ALL)")
            }
            client.setDebug(level)
            return show(command, level.rawValue)
        case "getPeerConnection":
            try argumentCount(0...0)
            return show(command, await client.getPeerConnection())
        case "submitCallQualityFeedback":
            try argumentCount(2...5)
            let stars: Int?
            if let text = optional(1) {
                guard let number = Int(text) else { throw ShellUsageError("STARS '\(text)' is not a whole number") }
                stars = number
            } else {
                stars = nil
            }
            let issues = optional(2).map { $0.split(separator: ",").map(String.init) } ?? []
            let logs = try optional(4).map { text throws(ShellUsageError) in try flag(text) } ?? false
            do throws(PlivoCallQualityFeedbackError) {
                let result = try await client.submitCallQualityFeedback(callUUID: optional(0), starRating: stars, issues: issues,
                                                                       note: optional(3), sendConsoleLogs: logs)
                return show(command, result)
            } catch {
                printer.failure(command, error.message)
                return .failed
            }
        case "getCallUUID":
            try argumentCount(0...0)
            return show(command, await client.getCallUUID() as Any)
        case "getLastCallUUID":
            try argumentCount(0...0)
            return show(command, await client.getLastCallUUID() as Any)
        case "startNoiseReduction":
            try argumentCount(0...0)
            return report(command, await client.startNoiseReduction())
        case "stopNoiseReduction":
            try argumentCount(0...0)
            return report(command, await client.stopNoiseReduction())
        case "isLoggedIn":
            return show(command, await client.isLoggedIn)
        case "isConnected":
            return show(command, await client.isConnected())
        case "isConnecting":
            return show(command, await client.isConnecting())
        case "isRegistered":
            return show(command, await client.isRegistered())
        case "webRTC":
            return show(command, client.webRTC())
        case "version":
            return show(command, client.version)
        case "shutdown":
            try argumentCount(0...1)
            guard arguments.isEmpty || arguments[0] == "force" else { throw ShellUsageError("the only argument is 'force'") }
            do throws(PlivoCloseRefused) {
                try await client.shutdown(force: !arguments.isEmpty)
                return show(command, true)
            } catch {
                printer.failure(command, "\(error)")
                return .failed
            }
        case "close":
            await client.close()
            return show(command, true)
        default:
            return try await shellCommand(command, arguments)
        }
    }

    /// `wait`, `sleep`, `help`, `quit`.
    private func shellCommand(_ command: String, _ arguments: [String]) async throws(ShellUsageError) -> Outcome {
        switch command {
        case "wait":
            guard (1...2).contains(arguments.count) else { throw ShellUsageError("wait EVENT[|EVENT…] [SECONDS]") }
            var names: Set<PlivoEventName> = []
            for text in arguments[0].split(separator: "|") {
                guard let name = PlivoEventName(rawValue: String(text)) else {
                    throw ShellUsageError("unknown event '\(text)'")
                }
                names.insert(name)
            }
            let timeout = arguments.count == 2 ? try Self.seconds(arguments[1]) : waitTimeout
            guard let name = await book.next(of: names, within: timeout) else {
                printer.failure(command, "no \(arguments[0]) within \(timeout)")
                return .failed
            }
            return show(command, name.rawValue)
        case "sleep":
            guard arguments.count == 1 else { throw ShellUsageError("sleep SECONDS") }
            try? await Task.sleep(for: try Self.seconds(arguments[0]))
            return .ok
        case "help":
            for (syntax, meaning) in Self.commands {
                FileHandle.standardError.write(Data("  \(syntax.padding(toLength: 44, withPad: " ", startingAt: 0)) \(meaning)\n".utf8))
            }
            return .ok
        case "quit", "exit":
            return .quit
        default:
            throw ShellUsageError("unknown command (help lists them)")
        }
    }

    /// `audio.…`: the device API.
    private func audioCommand(_ command: String, _ arguments: [String]) async throws(ShellUsageError) -> Outcome {
        let audio = client.audio
        switch command {
        case "audio.availableDevices":
            guard arguments.count <= 1 else { throw ShellUsageError("audio.availableDevices [input|output]") }
            return show(command, await audio.availableDevices(arguments.first))
        case "audio.revealAudioDevices":
            return show(command, await audio.revealAudioDevices())
        default:
            break
        }
        let parts = command.split(separator: ".").map(String.init)
        guard parts.count == 3 else { throw ShellUsageError("unknown command (help lists them)") }
        let choice: PlivoDeviceChoice
        switch parts[1] {
        case "microphoneDevices": choice = audio.microphoneDevices
        case "speakerDevices": choice = audio.speakerDevices
        case "ringtoneDevices": choice = audio.ringtoneDevices
        default: throw ShellUsageError("unknown device list '\(parts[1])'")
        }
        switch parts[2] {
        case "set":
            guard arguments.count == 1 else { throw ShellUsageError("\(command) ID") }
            return report(command, await choice.set(arguments[0]))
        case "get":
            return show(command, await choice.get())
        case "reset":
            await choice.reset()
            return show(command, true)
        case "media":
            // ringtoneDevices.media play|stop; speakerDevices.media SOURCE play|stop.
            guard let action = arguments.last, action == "play" || action == "stop", arguments.count <= 2 else {
                throw ShellUsageError("\(command) [SOURCE] play|stop")
            }
            let source = arguments.count == 2 ? arguments[0] : nil
            guard let player = media.player("\(parts[1])/\(source ?? "")", make: { choice.media(source) }) else {
                printer.failure(command, "no media for '\(source ?? "")'")
                return .failed
            }
            if action == "play" { return report(command, await player.play()) }
            player.stop()
            return show(command, true)
        default:
            throw ShellUsageError("unknown command (help lists them)")
        }
    }

    /// Seconds as a Duration (0 to one year).
    static func seconds(_ text: String) throws(ShellUsageError) -> Duration {
        guard let value = Double(text), value.isFinite, value >= 0, value <= 86_400 * 365 else {
            throw ShellUsageError("'\(text)' is not a number of seconds (0–31536000)")
        }
        return .milliseconds(Int64((value * 1000).rounded()))
    }
}
