import ArgumentParser
import Foundation

/// `plivo-phone --server URL… --user U --password P [--json] <command>`: a command-line phone on
/// the stack, speaking the Plivo browser SDK's event vocabulary.
@main
struct PlivoPhone: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plivo-phone",
        abstract: "A SIP phone on the Swift stack, printing the Plivo browser SDK's events.",
        discussion: """
            Each --server is ws://host:port[/path] (SIP over WebSocket, RFC 7118) or \
            sip:host:port;transport=udp|tcp (no transport: udp). Servers are tried in order until \
            one can be reached. wss:// and TLS are not supported yet. The address of record is \
            sip:<user>@<server host>. Events are printed one per line: onConnectionChange, onLogin, \
            onLoginFailed, onLogout. Exit status: 0 logged in (and out), 1 login failed, 2 usage error.
            """,
        subcommands: [Register.self])

    @Option(name: .long, help: ArgumentHelp("A server to register with (repeat for failover).", valueName: "url"))
    var server: [String] = []

    @Option(name: .long, help: "The user name (the user part of the address of record).")
    var user: String

    @Option(name: .long, help: "The password (never printed).")
    var password: String

    @Flag(name: .long, help: "Print each event as a JSON object: {\"event\": NAME, \"t_ms\": N, …}.")
    var json = false

    /// The parsed `--server` values.
    var servers: [PhoneServer] {
        get throws {
            var parsed: [PhoneServer] = []
            for text in server {
                do throws(PhoneServer.ParseError) {
                    parsed.append(try PhoneServer(parsing: text))
                } catch {
                    throw ValidationError(error.description)
                }
            }
            return parsed
        }
    }

    func validate() throws {
        guard !server.isEmpty else { throw ValidationError("Give at least one --server.") }
        guard !user.isEmpty else { throw ValidationError("--user is empty.") }
        _ = try servers
    }

    /// Without a command there is nothing to do: a usage error.
    func run() async throws {
        throw ValidationError("Give a command: register.")
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
        guard duration.isFinite, duration >= 0, duration <= 86_400 * 365 else {
            throw ValidationError("--duration must be between 0 and 31536000 seconds.")
        }
    }

    func run() async throws {
        let session = RegisterSession(
            servers: try phone.servers, user: phone.user, password: phone.password,
            duration: .milliseconds(Int64((duration * 1000).rounded())), printer: PhoneEventPrinter(json: phone.json))
        let status = await session.run()
        if status != 0 { throw ExitCode(status) }
    }
}
