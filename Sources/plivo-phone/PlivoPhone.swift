import PlivoSDK
import ArgumentParser
import Foundation
import ICE
import SIPCore
import SIPTransport
import SIPUserAgent

/// `plivo-phone --server URL… --user U --password P [--json] <command>`: a command-line phone on
/// the stack, speaking the Plivo browser SDK's event vocabulary.
@main
struct PlivoPhone: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plivo-phone",
        abstract: "A SIP phone on the Swift stack, printing the Plivo browser SDK's events.",
        discussion: """
            Each --server is ws://host:port[/path] or wss://host:port[/path] (SIP over WebSocket, \
            RFC 7118) or sip:host:port;transport=udp|tcp|tls (no transport: udp; sips: means TLS). \
            Servers are tried in order until one can be reached. TLS certificates are verified \
            against the system's roots, or only against --ca-file when given. The address of record \
            is sip:<user>@<server host>. Events are printed one per line, named as the Plivo browser \
            SDK names them (onConnectionChange, onLogin, onLoginFailed, onLogout, onCalling, \
            onCallRemoteRinging, onCallAnswered, onCallFailed, onCallTerminated, onIncomingCall, \
            onIncomingCallCanceled, onIncomingCallIgnored, onDtmfReceived, onMediaConnected). An event whose only \
            argument is one object prints that object's fields; events with several arguments print \
            them under the SDK's parameter names. Exit status: 0 the command did what it was asked, \
            1 otherwise, 2 usage error. SIGINT cancels or hangs up calls, logs out and exits.
            """,
        subcommands: [Register.self, Call.self, Answer.self, Shell.self, ICEGather.self, Devices.self])

    @Option(name: .long, help: ArgumentHelp("A server to register with (repeat for failover).", valueName: "url"))
    var server: [String] = []

    @Option(name: .long, help: "The user name (the user part of the address of record).")
    var user: String?

    @Option(name: .long, help: "The password (never printed).")
    var password: String?

    @Flag(name: .long, help: "Print each event as a JSON object: {\"event\": NAME, \"t_ms\": N, …}.")
    var json = false

    @Option(name: .customLong("ca-file"),
            help: ArgumentHelp("Trust only this CA (PEM) for wss:// and TLS servers.", valueName: "path"))
    var caFile: String?

    /// The TLS settings for wss:// and TLS servers.
    var tls: SIPTLSConfiguration { caFile.map { SIPTLSConfiguration.trusting(caFile: $0) } ?? .default }

    /// Runs `command` in a session and exits with its status.
    func runSession(_ command: PhoneCommand, stun: [ICETransportAddress] = [], stunRace: Bool = false,
                    audio: CallAudioOptions = CallAudioOptions()) async throws {
        guard !server.isEmpty else { throw ValidationError("Give at least one --server.") }
        guard let user, !user.isEmpty else { throw ValidationError("Give --user (not empty).") }
        guard let password else { throw ValidationError("Give --password.") }
        var session = PhoneSession(servers: try servers, user: user, password: password, tls: tls, command: command,
                                   printer: PhoneEventPrinter(json: json))
        session.stunServers = stun
        session.stunRace = stunRace
        session.audio = audio
        let status = await session.run()
        if status != 0 { throw ExitCode(status) }
    }

    /// Seconds as a Duration, rejecting negative, huge or non-finite values.
    static func seconds(_ value: Double, option: String) throws -> Duration {
        guard value.isFinite, value >= 0, value <= 86_400 * 365 else {
            throw ValidationError("\(option) must be between 0 and 31536000 seconds.")
        }
        return .milliseconds(Int64((value * 1000).rounded()))
    }

    /// The parsed `--server` values.
    var servers: [SignallingServer] {
        get throws {
            var parsed: [SignallingServer] = []
            for text in server {
                do throws(SignallingServer.ParseError) {
                    parsed.append(try SignallingServer(parsing: text))
                } catch {
                    throw ValidationError(error.description)
                }
            }
            return parsed
        }
    }

    func validate() throws {
        _ = try servers
    }

    /// Without a command there is nothing to do: a usage error.
    func run() async throws {
        throw ValidationError("Give a command: register, call, answer, shell, ice-gather or devices.")
    }

    /// Runs with the contract's exit codes: usage errors exit 2 (ArgumentParser's default is 64).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .success || code.rawValue == 1 || code.rawValue == 2 {
                if code == .success { print(fullMessage(for: error)) }
                Foundation.exit(code.rawValue)
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}

/// `register [--duration S]`: log in, stay S seconds, log out.
struct Register: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Log in (REGISTER with digest authentication), stay, log out (un-REGISTER).")

    @ParentCommand var phone: PlivoPhone

    @Option(name: .long, help: "Seconds to stay registered before logging out (0: at once). SIGINT logs out early.")
    var duration: Double = 0

    func validate() throws {
        _ = try PlivoPhone.seconds(duration, option: "--duration")
    }

    func run() async throws {
        try await phone.runSession(.register(duration: try PlivoPhone.seconds(duration, option: "--duration")))
    }
}

/// `call DEST [--hangup-after S] [--dtmf DIGITS]`: log in, call, send the digits once answered,
/// hang up after S seconds (or when the peer does), log out.
struct Call: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Log in, call DEST, send DTMF once answered, hang up, log out (exit 0: answered and ended).")

    @ParentCommand var phone: PlivoPhone

    @Argument(help: "A number or user (called at the server's domain), user@host, or a sip: URI.")
    var destination: String

    @Option(name: .customLong("hangup-after"), help: "Hang up this many seconds after the answer (default: wait for the peer).")
    var hangupAfter: Double?

    @Option(name: .long, help: "DTMF digits (0-9, *, #) sent once answered: SIP INFO 500 ms apart, or RFC 4733 with --dtmf-type inband.")
    var dtmf: String = ""

    @Option(name: .customLong("stun"), help: ArgumentHelp("A STUN server for server-reflexive candidates (repeatable).",
                                                          valueName: "host:port"))
    var stun: [String] = []

    @Flag(name: .customLong("stun-race"), help: "End candidate gathering at the first STUN answer (usePlivoStunServers).")
    var stunRace = false

    @OptionGroup var audio: PhoneAudioArguments

    @Option(name: .customLong("header"), parsing: .singleValue,
            help: ArgumentHelp("An extra INVITE header 'X-PH-Name: value' (the SDK's rule; others are dropped).",
                               valueName: "header"))
    var headers: [String] = []

    func validate() throws {
        if let hangupAfter { _ = try PlivoPhone.seconds(hangupAfter, option: "--hangup-after") }
        guard dtmf.allSatisfy({ SIPDTMFRelay.sendableDigits.contains($0) }) else {
            throw ValidationError("--dtmf takes only 0-9, * and #.")
        }
        guard !destination.filter({ !$0.isWhitespace }).isEmpty else { throw ValidationError("DEST is empty.") }
        _ = try extraHeaders()
        _ = try ICEGather.servers(stun)
    }

    func extraHeaders() throws -> [SIPParameter] {
        try headers.map { text in
            guard let colon = text.firstIndex(of: ":") else {
                throw ValidationError("--header \(text): expected 'Name: value'.")
            }
            let name = text[..<colon].filter { !$0.isWhitespace }
            let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            return SIPParameter(String(name), value)
        }
    }

    func run() async throws {
        try await phone.runSession(.call(
            destination: destination,
            hangupAfter: try hangupAfter.map { try PlivoPhone.seconds($0, option: "--hangup-after") },
            dtmf: dtmf, extraHeaders: try extraHeaders()), stun: try ICEGather.servers(stun), stunRace: stunRace,
            audio: audio.options)
    }
}

/// `answer [--count N] [--action answer|reject|ignore] [--hangup-after S]`: log in, act on the
/// next N incoming calls, log out.
struct Answer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Log in, act on the next N incoming calls (answer, reject or ignore), log out.")

    @ParentCommand var phone: PlivoPhone

    @Option(name: .long, help: "How many incoming calls to handle.")
    var count: Int = 1

    @Option(name: .long, help: "answer (200), reject (486 Busy Here) or ignore (no answer; 408 after 60 s).")
    var action: PhoneCommand.AnswerAction = .answer

    @Option(name: .customLong("hangup-after"), help: "Hang up answered calls after this many seconds (default: wait for the caller).")
    var hangupAfter: Double?

    @Option(name: .customLong("answer-after"),
            help: "Let each call ring this many seconds (the ringtone plays) before the --action (default: at once).")
    var answerAfter: Double?

    @Option(name: .customLong("stun"), help: ArgumentHelp("A STUN server for server-reflexive candidates (repeatable).",
                                                          valueName: "host:port"))
    var stun: [String] = []

    @Flag(name: .customLong("stun-race"), help: "End candidate gathering at the first STUN answer (usePlivoStunServers).")
    var stunRace = false

    @OptionGroup var audio: PhoneAudioArguments

    func validate() throws {
        guard count >= 1, count <= 10_000 else { throw ValidationError("--count must be between 1 and 10000.") }
        if let hangupAfter { _ = try PlivoPhone.seconds(hangupAfter, option: "--hangup-after") }
        if let answerAfter { _ = try PlivoPhone.seconds(answerAfter, option: "--answer-after") }
        _ = try ICEGather.servers(stun)
    }

    func run() async throws {
        try await phone.runSession(.answer(
            count: count, action: action,
            hangupAfter: try hangupAfter.map { try PlivoPhone.seconds($0, option: "--hangup-after") },
            answerAfter: try answerAfter.map { try PlivoPhone.seconds($0, option: "--answer-after") }),
            stun: try ICEGather.servers(stun), stunRace: stunRace, audio: audio.options)
    }
}

extension PhoneCommand.AnswerAction: ExpressibleByArgument {}
