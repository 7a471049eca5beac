import Foundation
import Synchronization

/// A `plivo-phone` run in the background whose output can be watched while it runs: the tests
/// wait for a line (e.g. `onLogin`) before starting the peer, send SIGINT, then collect the
/// exit status and everything printed. A watchdog kills it after `timeout`.
final class PhoneProcess: Sendable {
    private struct State {
        var stdout = Data()
        var stderr = Data()
        var status: Int32?
        var watchdogCancelled = false
    }

    private let pid: Int32
    /// The state, shared with the pipe and termination handlers.
    private final class Box: Sendable {
        let mutex = Mutex(State())
    }

    private let box = Box()

    /// Starts `plivo-phone arguments…` (or another of the package's executables).
    init(_ arguments: [String], executable: String = "plivo-phone", timeout: TimeInterval = 30,
         environment: [String: String] = [:]) throws {
        let process = Process()
        process.executableURL = try PlivoPhoneRunner.binary(executable)
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.standardInput = FileHandle.nullDevice
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let box = self.box
        output.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            box.mutex.withLock { $0.stdout.append(data) }
        }
        errors.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            box.mutex.withLock { $0.stderr.append(data) }
        }
        process.terminationHandler = { finished in
            // Drain what is left in the pipes once the child is gone.
            let rest = output.fileHandleForReading.readDataToEndOfFile()
            let restErrors = errors.fileHandleForReading.readDataToEndOfFile()
            output.fileHandleForReading.readabilityHandler = nil
            errors.fileHandleForReading.readabilityHandler = nil
            box.mutex.withLock {
                $0.stdout.append(rest)
                $0.stderr.append(restErrors)
                $0.status = finished.terminationStatus
            }
        }
        try process.run()
        let pid = process.processIdentifier
        self.pid = pid
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
            if !box.mutex.withLock({ $0.watchdogCancelled || $0.status != nil }) { kill(pid, SIGKILL) }
        }
    }

    /// Standard output so far, split into lines (complete lines only).
    var lines: [String] {
        let text = box.mutex.withLock { String(decoding: $0.stdout, as: UTF8.self) }
        var lines = text.components(separatedBy: "\n")
        lines.removeLast()
        return lines
    }

    /// Standard error so far.
    var errorText: String { box.mutex.withLock { String(decoding: $0.stderr, as: UTF8.self) } }

    /// Waits until `count` lines start with `prefix` (an event name), polling every 20 ms for
    /// at most `seconds`; throws with the output so far when they do not come or the process
    /// exits.
    func waitForLine(startingWith prefix: String, count: Int = 1, seconds: Double = 15) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let seen = lines.filter { $0.hasPrefix(prefix) || $0.hasPrefix("{\"event\":\"\(prefix)\"") }.count
            if seen >= count { return }
            if box.mutex.withLock({ $0.status }) != nil { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw PhoneProcessError.lineNotSeen(prefix, description)
    }

    /// Waits until standard error contains `text`, like ``waitForLine(startingWith:count:seconds:)``.
    func waitForError(containing text: String, seconds: Double = 15) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if errorText.contains(text) { return }
            if box.mutex.withLock({ $0.status }) != nil { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw PhoneProcessError.lineNotSeen(text, description)
    }

    /// Sends SIGINT (Ctrl-C).
    func interrupt() {
        kill(pid, SIGINT)
    }

    /// Waits for the exit and returns the whole output (the watchdog bounds the wait).
    func finish() async -> PlivoPhoneRunner.Output {
        while box.mutex.withLock({ $0.status }) == nil {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return box.mutex.withLock {
            $0.watchdogCancelled = true
            return
                PlivoPhoneRunner.Output(status: $0.status ?? -1, stdout: String(decoding: $0.stdout, as: UTF8.self),
                                    stderr: String(decoding: $0.stderr, as: UTF8.self))
        }
    }

    /// Status and output so far, for failure messages.
    var description: String {
        box.mutex.withLock {
            "exit \($0.status.map(String.init) ?? "-")\n--- stdout ---\n\(String(decoding: $0.stdout, as: UTF8.self))"
                + "--- stderr ---\n\(String(decoding: $0.stderr, as: UTF8.self))"
        }
    }
}

enum PhoneProcessError: Error {
    case lineNotSeen(String, String)
}
