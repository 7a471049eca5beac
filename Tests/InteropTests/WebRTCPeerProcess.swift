import Foundation
import Glibc
import Synchronization

/// A real WebRTC peer, aiortc or headless Chromium, run by `Fixtures/webrtc/webrtc_peer.py` in
/// the peers' venv (`make peer-deps`) and driven by JSON lines on its stdin/stdout (the protocol
/// is in that script and its README). Loopback only: the driver keeps only 127.0.0.1 candidates
/// in every SDP and confines the peer's IPv4 sockets to 127.0.0.1.
///
/// Started with `posix_spawn` in a process group of its own (not Foundation's `Process`: the
/// test runner's threads block SIGTERM and `Process` passes that mask on, see
/// ``PeerProcess/spawn(_:_:log:)``); stdin and stdout are socket pairs (created close-on-exec;
/// stdin written with MSG_NOSIGNAL, so a dead peer cannot SIGPIPE the test runner), stderr a
/// log file. ``stop()`` closes stdin (the driver then stops Chromium by pid and removes its
/// temporary folder), then SIGTERM, then SIGKILL to the group, each after a bounded wait.
final class WebRTCPeerProcess: Sendable {
    enum Peer: String, Sendable {
        case aiortc
        case chromium
    }

    /// A command for the driver (nil fields are left out).
    struct Command: Encodable, Sendable {
        var role: String?
        var offer: String?
        var answer: String?
        var report: String?
    }

    /// One line of the driver's output; only the fields these tests read.
    struct Line: Decodable, Sendable {
        struct Ready: Decodable, Sendable {
            var peer: String?
            var browser: String?
            var aiortc: String?
            var aioice: String?
            var udpPort: Int?
        }

        struct Pair: Decodable, Sendable, CustomStringConvertible {
            var local: String
            var remote: String
            var state: String?
            var nominated: Bool?
            var description: String {
                "\(local) ↔ \(remote)" + (state.map { " \($0)" } ?? "") + (nominated == true ? " nominated" : "")
            }
        }

        var ready: Ready?
        var offer: String?
        var answer: String?
        var gathering: String?
        var ice: String?
        var connection: String?
        var pair: Pair?
        var checks: [Pair]?
        var error: String?
        /// `{"audio": …}`: what the peer heard.
        struct Audio: Decodable, Sendable {
            var frequency: Double?
            var rms_dbfs: Double?
            var seconds: Double?
            var codec: String?
        }
        /// `{"dtmf": …}`: RFC 4733 events the peer received (aiortc).
        struct DTMF: Decodable, Sendable {
            struct Event: Decodable, Sendable {
                var digit: String
                var duration: Int?
                var end: Bool?
                var clockRate: Int?
            }
            var digits: String
            var events: [Event]?
        }
        /// `{"stats": …}`: the peer's RTP counters.
        struct Stats: Decodable, Sendable {
            var packetsSent: Int?
            var packetsReceived: Int?
            var packetsLost: Int?
            var codec: String?
            var sendCodec: String?
        }
        var audio: Audio?
        var dtmf: DTMF?
        var stats: Stats?
        var error_detail: String?
        var dtmf_unsupported: Bool?
        var dtmf_sent: DTMF?
    }

    /// A line as read, with the time it was read.
    struct Received: Sendable {
        var text: String
        var line: Line?
        var at: ContinuousClock.Instant
    }

    let peer: Peer
    let pid: pid_t
    let runDirectory: URL
    private let input: Int32
    private let output: Int32
    private let exit: ProcessExit
    private let reader: Mutex<(buffer: [UInt8], eof: Bool)> = Mutex(([], false))
    private let received = Mutex<[Received]>([])
    private let stopped = Mutex(false)

    private init(peer: Peer, pid: pid_t, input: Int32, output: Int32, runDirectory: URL) {
        self.peer = peer
        self.pid = pid
        self.input = input
        self.output = output
        self.runDirectory = runDirectory
        exit = ProcessExit(pid: pid)
    }

    var logPath: String { runDirectory.appendingPathComponent("driver.log").path }

    /// Everything read so far.
    var transcript: [Received] { received.withLock { $0 } }

    /// The driver's stderr (its own log and the page's console).
    func logTail(_ count: Int = 40) -> String { PeerProcess.logTail(path: logPath, count) }

    // MARK: Starting and stopping

    /// Starts the driver for `peer` and waits (at most `timeout`) for its `ready` line.
    static func start(_ peer: Peer, options: [String] = [], timeout: Duration = .seconds(30)) async throws -> WebRTCPeerProcess {
        let root = PeerProcess.repositoryRoot
        let python = root.appendingPathComponent(".venv-peers/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw PeerProcessError(description: "no \(python.path): run `make peer-deps` (`make test` does)")
        }
        // The driver exits by itself 30 s after starting (its default --timeout).
        var arguments = [root.appendingPathComponent("Fixtures/webrtc/webrtc_peer.py").path, "--peer", peer.rawValue] + options
        let run = FileManager.default.temporaryDirectory.appendingPathComponent("webrtc-peer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        if peer == .chromium {
            guard let chromium = PeerProcess.executable("chromium") else {
                try? FileManager.default.removeItem(at: run)
                throw PeerProcessError(description: "chromium is not installed: run `make peer-deps` (`make test` does)")
            }
            arguments += ["--chromium", chromium.path, "--work-dir", run.path]
        }
        let process: WebRTCPeerProcess
        do {
            let (pid, input, output) = try spawn(python.path, arguments, log: run.appendingPathComponent("driver.log").path)
            process = WebRTCPeerProcess(peer: peer, pid: pid, input: input, output: output, runDirectory: run)
        } catch {
            try? FileManager.default.removeItem(at: run)
            throw error
        }
        do {
            _ = try await process.next(where: { $0.ready != nil }, timeout: timeout, what: "ready")
            return process
        } catch {
            await process.stop()
            throw error
        }
    }

    /// Runs `body` with a started peer, always stopping it.
    static func with<T: Sendable>(_ peer: Peer, options: [String] = [], _ body: (WebRTCPeerProcess) async throws -> T) async throws -> T {
        let process = try await start(peer, options: options)
        do {
            let result = try await body(process)
            await process.stop()
            return result
        } catch {
            await process.stop()
            throw error
        }
    }

    /// Stops the driver: EOF on its stdin (it cleans up and exits), SIGTERM after 15 s (it
    /// cleans up too), SIGKILL to its process group after 5 s more; then removes the run folder
    /// (the driver's own temporary folder lives in it, so even a SIGKILL leaves nothing).
    func stop() async {
        guard !stopped.withLock({ let was = $0; $0 = true; return was }) else { return }
        shutdown(input, Int32(SHUT_WR))
        if !(await exit.wait(seconds: 15)) {
            kill(pid, SIGTERM)
            if !(await exit.wait(seconds: 5)) { kill(-pid, SIGKILL) }
        }
        // Anything of its group still alive (the driver's Chromium has a group of its own and
        // dies with the driver: PR_SET_PDEATHSIG).
        kill(-pid, SIGKILL)
        _ = await exit.wait(seconds: 5)
        close(input)
        _ = reader.withLock { _ in close(output) }   // after any read still polling it
        try? FileManager.default.removeItem(at: runDirectory)
    }

    // MARK: Talking

    /// Writes one command line.
    func send(_ command: Command) throws {
        var bytes = Array(try JSONEncoder().encode(command))
        bytes.append(0x0A)
        var sent = 0
        while sent < bytes.count {
            let result = bytes[sent...].withUnsafeBytes { Glibc.send(input, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if result < 0 {
                if errno == EINTR { continue }
                throw PeerProcessError(description: "\(peer) driver stdin: \(String(cString: strerror(errno)))")
            }
            sent += result
        }
    }

    /// Reads lines until one satisfies `predicate`, at most `timeout`; throws on timeout, EOF or an
    /// `error` line.
    @discardableResult
    func next(where predicate: @escaping @Sendable (Line) -> Bool, timeout: Duration, what: String) async throws -> Received {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            guard let text = await readLine(until: deadline) else {
                let reason = ContinuousClock.now >= deadline ? "no \(what) within \(timeout)" : "the driver exited before \(what)"
                throw PeerProcessError(description: "\(peer): \(reason); driver log:\n\(logTail())")
            }
            let line = try? JSONDecoder().decode(Line.self, from: Data(text.utf8))
            let item = Received(text: text, line: line, at: .now)
            received.withLock { $0.append(item) }
            if let error = line?.error {
                throw PeerProcessError(description: "\(peer) driver error: \(error); driver log:\n\(logTail())")
            }
            if let line, predicate(line) { return item }
        }
    }

    /// The next complete stdout line, read with `poll` (bounded by `deadline`) on a thread of its
    /// own; nil at EOF or when the deadline passes.
    ///
    /// Not on a GCD global queue: on Linux those share their small worker budget (one per core)
    /// with the Swift concurrency pool, so a read blocked there for seconds stalled the ICE agent
    /// under test (its answer to aiortc's check came ~300 ms late when another suite blocked a
    /// second worker the same way).
    private func readLine(until deadline: ContinuousClock.Instant) async -> String? {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(returning: self.blockingReadLine(until: deadline))
            }
        }
    }

    private func blockingReadLine(until deadline: ContinuousClock.Instant) -> String? {
        reader.withLock { state in
            var chunk = [UInt8](repeating: 0, count: 65_536)
            while true {
                if let newline = state.buffer.firstIndex(of: 0x0A) {
                    let line = String(decoding: state.buffer[..<newline], as: UTF8.self)
                    state.buffer.removeSubrange(...newline)
                    return line
                }
                if state.eof { return nil }
                let left = ContinuousClock.now.duration(to: deadline)
                guard left > .zero else { return nil }
                let (seconds, attoseconds) = left.components
                let milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
                var descriptor = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
                let ready = poll(&descriptor, 1, milliseconds)
                if ready <= 0 { continue }           // timeout (deadline checked above) or EINTR
                let count = chunk.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
                if count > 0 {
                    state.buffer.append(contentsOf: chunk[..<count])
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    state.eof = true
                }
            }
        }
    }

    // MARK: Spawning

    /// `PeerProcess.spawn` with stdin and stdout = socket pairs, stderr = `log` (its own process
    /// group, an empty signal mask, default stop signals, nothing else inherited).
    /// Returns the pid, our end of stdin and our end of stdout.
    private static func spawn(_ path: String, _ arguments: [String], log: String) throws -> (pid_t, Int32, Int32) {
        var stdinPair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &stdinPair) == 0 else {
            throw PeerProcessError(description: "socketpair: \(String(cString: strerror(errno)))")
        }
        var stdoutPipe: [Int32] = [-1, -1]   // a socket pair too: close-on-exec from the start
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &stdoutPipe) == 0 else {
            close(stdinPair[0])
            close(stdinPair[1])
            throw PeerProcessError(description: "socketpair: \(String(cString: strerror(errno)))")
        }
        // The child reads stdinPair[1] and writes stdoutPipe[1].
        defer {
            close(stdinPair[1])
            close(stdoutPipe[1])
        }

        let pid: pid_t
        do {
            pid = try PeerProcess.spawn(path, arguments, log: log, stdin: stdinPair[1], stdout: stdoutPipe[1])
        } catch {
            close(stdinPair[0])
            close(stdoutPipe[0])
            throw error
        }
        return (pid, stdinPair[0], stdoutPipe[0])
    }
}
