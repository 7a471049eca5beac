import Foundation

/// Runs the built `sip-lint` executable as a subprocess and collects what it printed.
struct SIPLintRunner {
    /// What one run produced.
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String

        /// Standard output split into lines (without the final empty line).
        var lines: [String] {
            var lines = stdout.components(separatedBy: "\n")
            if lines.last == "" { lines.removeLast() }
            return lines
        }

        /// Each stdout line decoded as a JSON object.
        func jsonObjects() throws -> [[String: Any]] {
            try lines.map { line in
                guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                    throw RunnerError.notAnObject(line)
                }
                return object
            }
        }
    }

    enum RunnerError: Error {
        case binaryNotFound([String])
        case notAnObject(String)
    }

    /// The repository root (three levels above this file).
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The RFC 4475 corpus folder; runs use it as working directory so file names stay short.
    static let rfc4475 = repositoryRoot.appendingPathComponent("Fixtures/SIP/rfc4475")

    /// The sip-lint binary: in the build products folder that holds the test bundle, or else in
    /// the repository's `.build/debug`.
    static func binary() throws -> URL {
        var folders: [URL] = []
        if let executable = Bundle.main.executableURL { folders.append(executable.deletingLastPathComponent()) }
        for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
            folders.append(bundle.bundleURL.deletingLastPathComponent())
        }
        folders.append(Bundle.main.bundleURL)
        folders.append(repositoryRoot.appendingPathComponent(".build/debug"))
        for folder in folders {
            let candidate = folder.appendingPathComponent("sip-lint")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw RunnerError.binaryNotFound(folders.map(\.path))
    }

    /// Runs `sip-lint arguments…` in `directory`, feeding `stdin` to its standard input.
    static func run(_ arguments: [String], stdin: [UInt8] = [], in directory: URL = rfc4475) throws -> Output {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(stdin))
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus,
                      stdout: String(decoding: out, as: UTF8.self),
                      stderr: String(decoding: err, as: UTF8.self))
    }

    /// Writes `bytes` to a new file in a fresh temporary folder and returns the folder.
    static func temporaryFolder(files: [String: [UInt8]]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("sip-lint-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, bytes) in files {
            try Data(bytes).write(to: folder.appendingPathComponent(name))
        }
        return folder
    }
}
