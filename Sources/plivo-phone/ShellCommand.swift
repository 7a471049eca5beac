import ArgumentParser
import Foundation
import PlivoSDK

/// `shell [--script FILE] [--options JSON] [audio…]`: every method of the SDK's client from
/// the command line, one per line.
struct Shell: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Drive the SDK's client one method per line (standard input or --script); print results and events.",
        discussion: """
            Each line is one of the Plivo browser SDK's methods with its arguments, or wait/sleep/quit; \
            '#' starts a comment, double quotes keep spaces, and the words {callUUID} and {lastCallUUID} \
            stand for getCallUUID() and getLastCallUUID(). Results print as 'METHOD -> VALUE' \
            (JSON: {"method":…,"t_ms":N,"result":…}); events print as the other commands print them. \
            A line fails when its method returns false or throws, when it cannot be read, and when a \
            wait times out; the run then stops (unless --keep-going), the client closes (ending calls \
            and logging out) and the exit status is 1. At the end of the input, or at quit, the client \
            closes and the exit status is 0 if every line succeeded. SIGINT stops the same way. \
            --server overrides the options' servers. Commands:

            \(PhoneShell.commands.map { "  \($0.0)\n      \($0.1)" }.joined(separator: "\n"))
            """)

    @ParentCommand var phone: PlivoPhone

    @Option(name: .long, help: ArgumentHelp("Read the lines from this file instead of standard input.", valueName: "file"))
    var script: String?

    @Option(name: .long, help: ArgumentHelp(
        "The SDK's options as a JSON object with the seed's names, e.g. '{\"debug\":\"ALL\",\"stunServers\":[]}'.",
        valueName: "json"))
    var options: String?

    @OptionGroup var audio: PhoneMediaArguments

    @Option(name: .customLong("sound-server"),
            help: ArgumentHelp("The PulseAudio server (default: PULSE_SERVER, else the session's).", valueName: "unix:/path"))
    var soundServer: String?

    @Option(name: .customLong("feedback-url"),
            help: ArgumentHelp("Where submitCallQualityFeedback posts (default: validated, not sent).", valueName: "url"))
    var feedbackURL: String?

    @Option(name: .customLong("wait-timeout"), help: "Seconds a wait without its own timeout waits.")
    var waitTimeout: Double = 30

    @Flag(name: .customLong("keep-going"), help: "Go on after a failed line (the exit status is still 1).")
    var keepGoing = false

    @Flag(name: .customLong("volume-events"), help: "Also print the volume events (about 60 a second during calls).")
    var volumeEvents = false

    func validate() throws {
        _ = try PlivoPhone.seconds(waitTimeout, option: "--wait-timeout")
        if audio.output != nil, audio.outputDevice != nil {
            throw ValidationError("Give --audio-out or --output-device, not both (the shell's client has one output).")
        }
        if let script, !FileManager.default.isReadableFile(atPath: script) {
            throw ValidationError("--script \(script): cannot be read.")
        }
        _ = try clientOptions()
    }

    /// `--options` (the seed's validation, every issue reported) with `--server` on top.
    func clientOptions() throws -> PlivoOptions {
        var raw: [String: PlivoOptionsValue] = [:]
        if let options {
            let value: PlivoOptionsValue
            do throws(PlivoOptionsValue.JSONSyntaxError) {
                value = try PlivoOptionsValue(json: Array(options.utf8))
            } catch {
                throw ValidationError("--options is not JSON: \(error)")
            }
            guard case .object(let members) = value else { throw ValidationError("--options must be a JSON object.") }
            raw = members
        }
        if !phone.server.isEmpty { raw["servers"] = .array(phone.server.map { .string($0) }) }
        do throws(PlivoOptionsError) {
            return try PlivoOptions(validating: raw)
        } catch {
            throw ValidationError("--options: \(error)")
        }
    }

    var media: PlivoMediaOptions {
        PlivoMediaOptions(input: audio.inputDevice != nil ? .microphone : audio.input.map { .wavFile($0) } ?? .tone(audio.tone),
                          output: audio.outputDevice != nil ? .speaker : audio.output.map { .wavFile($0) } ?? .discard,
                          secureMedia: audio.profile == .savpf, soundServer: soundServer)
    }

    func run() async throws {
        let client = PlivoClient(options: try clientOptions(), media: media)
        if let feedbackURL { client.feedbackEndpoint = PlivoCallQualityFeedbackEndpoint(feedbackURL: feedbackURL) }
        if let inputDevice = audio.inputDevice, inputDevice != "default", !(await client.audio.microphoneDevices.set(inputDevice)) {
            PhoneEventPrinter.note("no input device '\(inputDevice)'; using the default")
        }
        if let outputDevice = audio.outputDevice, outputDevice != "default", !(await client.audio.speakerDevices.set(outputDevice)) {
            PhoneEventPrinter.note("no output device '\(outputDevice)'; using the default")
        }
        let shell = PhoneShell(client: client, printer: PhoneEventPrinter(json: phone.json),
                               credentials: (phone.user, phone.password),
                               waitTimeout: try PlivoPhone.seconds(waitTimeout, option: "--wait-timeout"))
        let printing = shell.printEvents(volume: volumeEvents)
        let lines = try script.map { try ShellInput.file($0) } ?? ShellInput.standardInput()
        let running = Task { await shell.run(lines, keepGoing: keepGoing) }
        let interrupt = ShellInput.onInterrupt { running.cancel() }
        let succeeded = await running.value
        interrupt.cancel()
        await client.close()
        await printing.value
        if !succeeded { throw ExitCode(1) }
    }
}

/// Where `shell` lines come from.
enum ShellInput {
    /// The lines of the file at `path`.
    static func file(_ path: String) throws -> AsyncStream<String> {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) }
        return AsyncStream { continuation in
            for line in lines { continuation.yield(line) }
            continuation.finish()
        }
    }

    /// The lines of standard input, read on their own thread as they come; ends at end of input.
    static func standardInput() -> AsyncStream<String> {
        AsyncStream { continuation in
            let thread = Thread {
                while let line = readLine(strippingNewline: true) { continuation.yield(line) }
                continuation.finish()
            }
            thread.start()
        }
    }

    /// Calls `handler` on SIGINT (instead of the default exit) until the source is cancelled.
    static func onInterrupt(_ handler: @escaping @Sendable () -> Void) -> any DispatchSourceSignal {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: DispatchQueue(label: "plivo-phone.shell.sigint"))
        source.setEventHandler(handler: handler)
        source.resume()
        return source
    }
}
