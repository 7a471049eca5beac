import ArgumentParser
import Foundation

/// `sip-conform --target URL [--suite NAME …]` (conformance, the default subcommand) and
/// `sip-conform load --target URL --scenario NAME --rate R --calls N` (load).
@main
struct SIPConform: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sip-conform",
        abstract: "Check a SIP server or SIP-over-WebSocket edge against RFC scenarios, or load it with calls.",
        subcommands: [Run.self, Load.self],
        defaultSubcommand: Run.self)

    /// Runs with the documented exit codes: 0 every selected case passed (or the load run
    /// finished), 1 a case failed, 2 a usage error or a target that cannot be reached.
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
            if code == .success || code.rawValue == 1 {
                if code == .success { print(fullMessage(for: error)) }
                Foundation.exit(code.rawValue)
            }
            // A usage problem: the reason, then where the usage is (the root's usage line would
            // name only the subcommands).
            let text = code == .validationFailure || error is ValidationError
                ? "sip-conform: \(message(for: error))\nSee 'sip-conform --help' and 'sip-conform load --help'.\n"
                : fullMessage(for: error) + "\n"
            FileHandle.standardError.write(Data(text.utf8))
            Foundation.exit(2)
        }
    }
}
