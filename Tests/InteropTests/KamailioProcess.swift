import Foundation
import Glibc
import Synchronization
import SIPCore
import SIPTransport

/// Why a Kamailio instance could not be used.
struct KamailioError: Error, CustomStringConvertible {
    var description: String
}

/// One real Kamailio (registrar/proxy from `Fixtures/kamailio/kamailio.cfg`) on 127.0.0.1 with
/// ports picked for this run, in the foreground (`-DD -E`, started with `posix_spawn`, see
/// `PeerProcess.spawn`), its log in `<run dir>/kamailio.log`.
///
/// Use `KamailioProcess.with { kamailio in … }`: it starts the server, waits until it answers an
/// OPTIONS over UDP, runs the body and stops the server (SIGTERM to its pid, then waits for the
/// exit) whether the body returns or throws.
final class KamailioProcess: Sendable {
    /// UDP and TCP SIP port.
    let sipPort: Int
    /// WebSocket port (`ws://127.0.0.1:wsPort/`).
    let wsPort: Int
    /// The run folder (`-Y`), holding the log.
    let runDirectory: URL
    /// The main process id.
    let pid: Int32

    private let exit: ProcessExit

    /// Whether the main process still runs.
    var isRunning: Bool { exit.status == nil }
    /// UDP and TCP SIP address.
    var sipAddress: SIPTransportAddress { SIPTransportAddress(host: "127.0.0.1", port: sipPort) }
    /// The WebSocket URL.
    var webSocketURL: String { "ws://127.0.0.1:\(wsPort)/" }

    /// The repository root (three levels above this file).
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The configuration the tests run.
    static let fixture = repositoryRoot.appendingPathComponent("Fixtures/kamailio/kamailio.cfg")

    private init(pid: pid_t, sipPort: Int, wsPort: Int, runDirectory: URL) {
        self.pid = pid
        self.exit = ProcessExit(pid: pid)
        self.sipPort = sipPort
        self.wsPort = wsPort
        self.runDirectory = runDirectory
    }

    deinit {
        // Last resort only: `with` has already stopped it.
        if isRunning { kill(-pid, SIGKILL) }
    }

    // MARK: - Scoped use

    /// Starts Kamailio, waits until it answers, runs `body`, and always stops it. A failure of
    /// the body is rethrown with the tail of Kamailio's log.
    /// `auth: false` leaves out `WITH_AUTH` (no digest: load runs); `sharedMemoryMB` is `-m`.
    static func with<T: Sendable>(defines: [String] = [], auth: Bool = true, sharedMemoryMB: Int = 64,
                                  _ body: (KamailioProcess) async throws -> T) async throws -> T {
        let kamailio = try await startReady(defines: defines, auth: auth, sharedMemoryMB: sharedMemoryMB)
        let result: T
        do {
            result = try await body(kamailio)
        } catch {
            await kamailio.stop()
            throw KamailioError(description: """
                \(error)
                --- Kamailio log (last lines; run folder kept: \(kamailio.runDirectory.path)) ---
                \(kamailio.logTail())
                """)
        }
        await kamailio.stop()
        try? FileManager.default.removeItem(at: kamailio.runDirectory)
        return result
    }

    /// Starts an instance that answers OPTIONS; a start that loses its ports to another
    /// process (Kamailio exits) is retried with new ports, three times at most.
    static func startReady(defines: [String] = [], auth: Bool = true, sharedMemoryMB: Int = 64) async throws -> KamailioProcess {
        var failures: [String] = []
        for _ in 0..<3 {
            let kamailio = try start(defines: defines, auth: auth, sharedMemoryMB: sharedMemoryMB)
            do {
                try await kamailio.waitUntilReady()
                return kamailio
            } catch {
                let exitedByItself = !kamailio.isRunning
                await kamailio.stop()
                failures.append("\(error)\n--- Kamailio log (last lines) ---\n\(kamailio.logTail())")
                if !exitedByItself { break }
            }
        }
        throw KamailioError(description: "Kamailio did not start:\n" + failures.joined(separator: "\n\n"))
    }

    // MARK: - Starting and stopping

    /// The `kamailio` binary: on PATH, or in /usr/sbin (not on a non-root PATH).
    static func binary() throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/local/sbin", "/sbin"]
        for folder in folders {
            let candidate = URL(fileURLWithPath: folder).appendingPathComponent("kamailio")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw KamailioError(description: """
            kamailio is not installed (looked in \(folders.joined(separator: ":"))). \
            The interop tests need it: run `make peer-deps` (`make test` does) or \
            `apt-get install kamailio kamailio-websocket-modules`.
            """)
    }

    /// Whether Kamailio's websocket module is installed (Debian: kamailio-websocket-modules).
    static func checkWebSocketModule() throws {
        let libraries = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib")) ?? []
        let candidates = libraries.map { "/usr/lib/\($0)/kamailio/modules/websocket.so" }
            + ["/usr/lib/kamailio/modules/websocket.so", "/usr/local/lib64/kamailio/modules/websocket.so"]
        guard candidates.contains(where: FileManager.default.fileExists(atPath:)) else {
            throw KamailioError(description: """
                Kamailio's websocket module is missing: run `make peer-deps` (`make test` does) or \
                `apt-get install kamailio-websocket-modules`.
                """)
        }
    }

    /// Launches `kamailio -f <fixture> -A WITH_AUTH -A SIP_PORT=… -A WS_PORT=… -DD -E -Y <run dir>
    /// -m 64 -M 8` (plus `-A` for each of `defines`, e.g. `MAX_EXPIRES=10`; without `WITH_AUTH`
    /// when `auth` is false; `-m sharedMemoryMB`) on free ports (or on `ports`); does not wait for
    /// it to answer.
    static func start(ports: (sip: Int, ws: Int)? = nil, defines: [String] = [], auth: Bool = true,
                      sharedMemoryMB: Int = 64) throws -> KamailioProcess {
        let binary = try binary()
        try checkWebSocketModule()
        let (sipPort, wsPort) = try ports ?? FreePorts.pick()
        let runDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("kamailio-interop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: runDirectory, withIntermediateDirectories: true)
        let arguments = [
            "-f", fixture.path, "-A", "SIP_PORT=\(sipPort)", "-A", "WS_PORT=\(wsPort)",
            "-DD", "-E", "-Y", runDirectory.path, "-m", "\(sharedMemoryMB)", "-M", "8",
        ] + (auth ? ["-A", "WITH_AUTH"] : []) + defines.flatMap { ["-A", $0] }
        // posix_spawn with a cleared signal mask, own process group, no inherited descriptors
        // (PeerProcess.spawn: the test runner's threads block SIGTERM).
        let pid = try PeerProcess.spawn(binary.path, arguments, log: runDirectory.appendingPathComponent("kamailio.log").path)
        return KamailioProcess(pid: pid, sipPort: sipPort, wsPort: wsPort, runDirectory: runDirectory)
    }

    /// Stops the server: SIGTERM to the main pid (Kamailio then stops its children), then waits
    /// for the exit; after 2 s without one, SIGKILL to its process group. Either way a last
    /// SIGKILL to the group removes any child left behind.
    ///
    /// A clean exit takes a few milliseconds. About one stop in a hundred, right after start,
    /// Kamailio's main process logs "Thank you for flying kamailio!!!", its children log
    /// "signal 15 received", and the main process then waits for a child that never exits
    /// (Kamailio's own limit is `ser_kill_timeout`, 60 s); the group SIGKILL ends that.
    func stop() async {
        if isRunning {
            kill(pid, SIGTERM)
            if !(await exit.wait(seconds: 2)) {
                kill(-pid, SIGKILL)
                _ = await exit.wait(seconds: 5)
            }
        }
        kill(-pid, SIGKILL)
    }

    /// Sends OPTIONS over UDP until one is answered: up to 50 tries, each waiting 200 ms for
    /// the answer. Fails at once when Kamailio exits (e.g. a port taken between the pick and
    /// the bind).
    func waitUntilReady() async throws {
        let client = try await SIPTestClient.udp(server: sipAddress)
        do {
            for attempt in 1...50 {
                guard isRunning else {
                    throw KamailioError(description: "kamailio exited (wait status \(exit.status ?? 0)) before answering OPTIONS")
                }
                let options = try client.options(callID: "ready-\(attempt)-\(SIPTestClient.token())")
                if try await client.send(options, finalWithin: .milliseconds(200)) != nil {
                    await client.close()
                    return
                }
            }
        } catch {
            await client.close()
            throw error
        }
        await client.close()
        throw KamailioError(description: "kamailio did not answer OPTIONS on udp \(sipAddress) within 50 tries of 200 ms")
    }

    /// Kills the whole instance at once (SIGKILL to its process group), as a crash would, and
    /// waits for the exit.
    func crash() async {
        kill(-pid, SIGKILL)
        _ = await exit.wait(seconds: 5)
    }

    /// Freezes every Kamailio process (SIGSTOP to the group): sockets stay open, nothing is
    /// answered, as with a hung server.
    func freeze() { kill(-pid, SIGSTOP) }

    /// Lets a frozen instance run again (SIGCONT to the group).
    func thaw() { kill(-pid, SIGCONT) }

    /// A new instance on the same ports (e.g. after ``crash()``), once it answers OPTIONS.
    func restart() async throws -> KamailioProcess {
        let again = try Self.start(ports: (sipPort, wsPort))
        do {
            try await again.waitUntilReady()
        } catch {
            await again.stop()
            throw error
        }
        return again
    }

    /// The last `count` lines of Kamailio's log.
    func logTail(_ count: Int = 60) -> String {
        PeerProcess.logTail(path: runDirectory.appendingPathComponent("kamailio.log").path, count)
    }
}

/// Free loopback ports found by binding port 0 and releasing the sockets.
enum FreePorts {
    /// A SIP port free for both UDP and TCP, and a different free TCP port for WebSocket.
    static func pick() throws -> (sip: Int, ws: Int) {
        for _ in 0..<50 {
            guard let tcp = PeerPorts.bind(type: Int32(SOCK_STREAM.rawValue), port: 0) else { continue }
            guard let udp = PeerPorts.bind(type: Int32(SOCK_DGRAM.rawValue), port: tcp.port) else {
                close(tcp.fd)
                continue
            }
            let ws = PeerPorts.bind(type: Int32(SOCK_STREAM.rawValue), port: 0)
            close(tcp.fd)
            close(udp.fd)
            if let ws {
                close(ws.fd)
                return (Int(tcp.port), Int(ws.port))
            }
        }
        throw KamailioError(description: "no free loopback ports found")
    }
}

/// Reaps one child process on a thread of its own (`waitpid` blocks) and tells who waits.
final class ProcessExit: Sendable {
    private let state = Mutex<(status: Int32?, waiters: [CheckedContinuation<Void, Never>])>((nil, []))

    /// Starts reaping `pid`.
    init(pid: pid_t) {
        Thread.detachNewThread { [self] in
            var status: Int32 = 0
            var result: pid_t
            repeat { result = waitpid(pid, &status, 0) } while result == -1 && errno == EINTR
            let waiters = state.withLock { state in
                state.status = result == pid ? status : -1
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume() }
        }
    }

    /// The raw wait status once the process has exited; nil while it runs.
    var status: Int32? { state.withLock { $0.status } }

    /// Waits until the process has exited, at most `seconds`; true when it has.
    func wait(seconds: Int) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { await self.exited(); return true }
            group.addTask {
                try? await Task.sleep(for: .seconds(seconds))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            if !first { self.releaseWaiters() }
            return first || self.status != nil
        }
    }

    private func exited() async {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state -> Bool in
                // A cancelled (timed-out) wait must not park after releaseWaiters ran.
                if state.status != nil || Task.isCancelled { return true }
                state.waiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    /// Resumes the waiters of a timed-out wait (the reaper thread resumes nobody twice: it
    /// takes the list under the lock).
    private func releaseWaiters() {
        let waiters = state.withLock { state in
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
