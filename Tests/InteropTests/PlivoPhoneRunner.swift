import Foundation
import Synchronization

/// Runs the built `plivo-phone` executable as a subprocess, bounded in time, and collects what
/// it printed.
struct PlivoPhoneRunner {
    /// What one run produced.
    struct Output: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String

        /// Standard output split into lines (without the final empty line).
        var lines: [String] {
            var lines = stdout.components(separatedBy: "\n")
            if lines.last == "" { lines.removeLast() }
            return lines
        }

        /// The event name of each line (text: the first word; JSON lines are not split).
        var eventNames: [String] {
            lines.map { String($0.prefix { $0 != " " }) }
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

        /// Status and both streams, for failure messages.
        var description: String { "exit \(status)\n--- stdout ---\n\(stdout)--- stderr ---\n\(stderr)" }
    }

    enum RunnerError: Error {
        case binaryNotFound([String])
        case notAnObject(String)
    }

    /// The repository root (three levels above this file).
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The plivo-phone binary: in the build products folder that holds the test bundle, or else
    /// in the repository's `.build/debug`.
    static func binary(_ name: String = "plivo-phone") throws -> URL {
        var folders: [URL] = []
        if let executable = Bundle.main.executableURL { folders.append(executable.deletingLastPathComponent()) }
        for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
            folders.append(bundle.bundleURL.deletingLastPathComponent())
        }
        folders.append(Bundle.main.bundleURL)
        folders.append(repositoryRoot.appendingPathComponent(".build/debug"))
        for folder in folders {
            let candidate = folder.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw RunnerError.binaryNotFound(folders.map(\.path))
    }

    /// Runs `plivo-phone arguments…` on a thread of its own (the blocking reads stay off the
    /// concurrency pool); after `timeout` the process gets SIGKILL, so a hang fails the test
    /// instead of stalling the suite.
    static func run(_ arguments: [String], timeout: TimeInterval = 20) async throws -> Output {
        let url = try binary()
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                do {
                    continuation.resume(returning: try runBlocking(url, arguments, timeout: timeout))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    private static func runBlocking(_ url: URL, _ arguments: [String], timeout: TimeInterval) throws -> Output {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        // Read stderr concurrently so neither pipe fills up and blocks the child; on a thread of
        // its own, not a GCD worker (blocked GCD workers starve the Swift concurrency pool on Linux).
        let errorData = ErrorBuffer()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let data = errors.fileHandleForReading.readDataToEndOfFile()
            errorData.data.withLock { $0 = data }
            done.signal()
        }
        let out = output.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        process.waitUntilExit()
        watchdog.cancel()
        return Output(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                      stderr: String(decoding: errorData.data.withLock { $0 }, as: UTF8.self))
    }

    /// Holds stderr read on another queue until the group wait publishes it.
    private final class ErrorBuffer: Sendable {
        let data = Mutex(Data())
    }
}
