import Foundation
import Glibc

/// Why the test daemon could not be started or driven.
struct PulseAudioDaemonError: Error, CustomStringConvertible {
    var description: String
}

/// A real PulseAudio 16.1 user daemon (run as root is fine) listening only on a unix socket in
/// a fresh temp folder, with one null sink `nullsink` (the recipe of
/// ../shared/reference/real-peers.md §6). Started with `posix_spawn` (not Foundation's
/// `Process`, whose child inherits the test thread's blocked SIGTERM), stopped by pid.
final class PulseAudioDaemon: Sendable {
    /// The temp folder holding the socket, the daemon's HOME and its log.
    let folder: URL
    /// The daemon's process id.
    let pid: pid_t
    /// `unix:<folder>/native`, for `PULSE_SERVER` and `PulseAudioClient.connect(server:)`.
    var server: String { "unix:" + folder.appendingPathComponent("native").path }

    private init(folder: URL, pid: pid_t) {
        self.folder = folder
        self.pid = pid
    }

    /// The `pulseaudio` binary, or nil when it is not installed (`make peer-deps` installs it).
    static let binary: String? = ["/usr/bin/pulseaudio", "/usr/local/bin/pulseaudio"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    /// `pactl`, from pulseaudio-utils.
    static let pactlBinary: String? = ["/usr/bin/pactl", "/usr/local/bin/pactl"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    /// Whether the daemon tests can run.
    static var isAvailable: Bool { binary != nil && pactlBinary != nil }

    /// Starts a daemon in a new temp folder and waits (up to 10 s) until `pactl info` answers.
    static func start() async throws -> PulseAudioDaemon {
        // Short path: a unix socket path must fit in 108 bytes.
        try await start(in: URL(fileURLWithPath: "/tmp").appendingPathComponent("pa-\(UUID().uuidString.prefix(13))"))
    }

    /// Starts a new daemon on this one's socket (after ``kill()``): the same server string, as
    /// when a user's daemon is restarted.
    func restart() async throws -> PulseAudioDaemon {
        try await Self.start(in: folder)
    }

    private static func start(in folder: URL) async throws -> PulseAudioDaemon {
        guard let binary, pactlBinary != nil else {
            throw PulseAudioDaemonError(description: "pulseaudio/pactl not installed: run `make peer-deps`")
        }
        let home = folder.appendingPathComponent("pa-home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        chmod(folder.path, 0o700)
        let arguments = [
            "--daemonize=no", "--exit-idle-time=-1", "--system=false", "-n", "--disallow-exit",
            "--use-pid-file=no", "--log-target=stderr",
            "--load=module-native-protocol-unix auth-anonymous=1 socket=\(folder.path)/native",
            "--load=module-null-sink sink_name=nullsink sink_properties=device.description=NullSink rate=48000",
            "--load=module-always-sink",
        ]
        let pid = try spawn(binary, arguments, environment: environment(folder: folder),
                            log: folder.appendingPathComponent("pa.log").path)
        let daemon = PulseAudioDaemon(folder: folder, pid: pid)
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if let info = try? await daemon.pactl(["info"]), info.contains("Server Version") { return daemon }
            if daemon.hasExited() { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let log = daemon.logText()
        await daemon.stop()
        throw PulseAudioDaemonError(description: "pulseaudio did not answer `pactl info` within 10 s:\n\(log)")
    }

    /// Runs `pactl arguments…` against this daemon (killed after 5 s); its output, or an error
    /// carrying it when pactl failed.
    @discardableResult
    func pactl(_ arguments: [String]) async throws -> String {
        guard let pactl = Self.pactlBinary else { throw PulseAudioDaemonError(description: "pactl not installed") }
        let (status, output) = try await run(pactl, arguments, timeout: .seconds(5))
        guard status == 0 else {
            throw PulseAudioDaemonError(description: "pactl \(arguments.joined(separator: " ")) failed (\(status)): \(output)")
        }
        return output
    }

    /// Runs `path arguments…` with `PULSE_SERVER` set to this daemon, killed at `timeout`;
    /// its exit status and output (stdout and stderr). `whileRunning` runs once the process
    /// started, with a function that reads its output so far.
    func run(_ path: String, _ arguments: [String], timeout: Duration,
             whileRunning: (@Sendable () -> String) async throws -> Void = { _ in }) async throws -> (Int32, String) {
        let log = folder.appendingPathComponent("run-\(UUID().uuidString).out").path
        defer { unlink(log) }
        var environment = Self.environment(folder: folder)
        environment["PULSE_SERVER"] = server
        let read: @Sendable () -> String = {
            FileManager.default.contents(atPath: log).map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
        let child = try Self.spawn(path, arguments, environment: environment, log: log)
        do {
            try await whileRunning(read)
        } catch {
            _ = Glibc.kill(child, SIGKILL)
            _ = try? await Self.wait(child, timeout: .seconds(3))
            throw error
        }
        let status = try await Self.wait(child, timeout: timeout)
        return (status, read())
    }

    /// SIGKILLs the daemon (a crash, as far as clients can tell) and reaps it; the folder stays
    /// until `stop()`.
    func kill() async {
        _ = Glibc.kill(pid, SIGKILL)
        _ = try? await Self.wait(pid, timeout: .seconds(5))
    }

    /// SIGTERM, then SIGKILL after 3 s; reaps the daemon and removes the folder.
    func stop() async {
        if !hasExited() {
            _ = Glibc.kill(pid, SIGTERM)
            if (try? await Self.wait(pid, timeout: .seconds(3))) == nil {
                _ = Glibc.kill(pid, SIGKILL)
                _ = try? await Self.wait(pid, timeout: .seconds(3))
            }
        }
        try? FileManager.default.removeItem(at: folder)
    }

    /// The daemon's log so far.
    func logText() -> String {
        FileManager.default.contents(atPath: folder.appendingPathComponent("pa.log").path)
            .map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    private func hasExited() -> Bool {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        return result == pid || (result < 0 && errno == ECHILD)
    }

    private static func environment(folder: URL) -> [String: String] {
        [
            "HOME": folder.appendingPathComponent("pa-home").path,
            "XDG_RUNTIME_DIR": folder.path,
            "PATH": "/usr/bin:/bin:/usr/sbin:/sbin",
            "LANG": "C",
        ]
    }

    /// Polls `waitpid` every 20 ms until `pid` exits; its exit status, or an error at the deadline.
    private static func wait(_ pid: pid_t, timeout: Duration) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while true {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { return (status >> 8) & 0xff }
            if result < 0 { return -1 }
            if ContinuousClock.now >= deadline {
                _ = Glibc.kill(pid, SIGKILL)
                throw PulseAudioDaemonError(description: "process \(pid) did not exit within \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// `posix_spawn` with an empty signal mask and default stop signals, stdin from /dev/null,
    /// stdout and stderr to `log`, in a process group of its own.
    private static func spawn(_ path: String, _ arguments: [String], environment: [String: String],
                              log: String) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Inherit nothing else (another test's client socket kept open in a daemon would hide
        // that test's server going away). glibc 2.34+ has addclosefrom_np; Swift does not import it.
        typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
        if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, 3)
        }
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw PulseAudioDaemonError(description: "cannot run \(path): \(String(cString: strerror(result)))")
        }
        return pid
    }
}
