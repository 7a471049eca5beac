import ArgumentParser
import Foundation
import SIPCore

/// `sip-lint [--strict|--lenient] [--json] FILE...`: checks SIP messages as a receiving UAS would.
@main
struct SIPLint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sip-lint",
        abstract: "Check SIP messages as a receiving UAS would (RFC 3261 §8.2, RFC 4475).",
        discussion: """
            Each FILE holds one SIP message as received in a UDP datagram ('-' reads standard input). \
            Prints 'FILE: ok', or 'FILE: invalid: <reason> (offset N)' and the response a UAS would send. \
            Exit status: 0 when every message is accepted, 1 when any is rejected, 2 on a usage error \
            or an unreadable file.
            """)

    enum Mode: String, EnumerableFlag {
        case strict, lenient

        static func help(for value: Mode) -> ArgumentHelp? {
            switch value {
            case .strict: return "Reject any violation of the SIP grammar (default)."
            case .lenient: return "Repair what can be repaired, reporting each violation as a warning."
            }
        }
    }

    @Flag var mode: Mode = .strict

    @Flag(name: .long, help: "Print one JSON object per file.")
    var json = false

    @Argument(help: "Message files ('-' for standard input).")
    var files: [String] = []

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("Give at least one FILE ('-' for standard input).") }
    }

    func run() throws {
        // Read every input first: an unreadable file is a usage error (exit 2) and nothing is
        // reported for the others.
        var inputs: [(name: String, bytes: [UInt8])] = []
        for file in files {
            guard let bytes = read(file) else {
                FileHandle.standardError.write(Data("sip-lint: cannot read \(file)\n".utf8))
                throw ExitCode(2)
            }
            inputs.append((file, bytes))
        }
        var anyRejected = false
        for input in inputs {
            let report = LintReport(file: input.name, bytes: input.bytes, mode: mode == .strict ? .strict : .lenient)
            if !report.result.isAccepted { anyRejected = true }
            if json {
                print(report.json.text)
            } else {
                for line in report.textLines { print(line) }
            }
        }
        if anyRejected { throw ExitCode(1) }
    }

    private func read(_ file: String) -> [UInt8]? {
        if file == "-" { return [UInt8](FileHandle.standardInput.readDataToEndOfFile()) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
        return FileManager.default.contents(atPath: file).map { [UInt8]($0) }
    }

    /// Runs with the contract's exit codes: usage errors exit 2 (ArgumentParser's default is 64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
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
