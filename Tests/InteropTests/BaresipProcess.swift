import Foundation
import Glibc
import Synchronization

/// Why a baresip instance could not be used.
struct BaresipError: Error, CustomStringConvertible {
    var description: String
}

/// One event or command response from baresip's `ctrl_tcp` module: a JSON object such as
/// `{"event":true,"type":"CALL_ESTABLISHED","class":"call","accountaor":"sip:bob@127.0.0.1",
/// "direction":"incoming","peeruri":"sip:alice@127.0.0.1","id":"3c89bb01826da953",
/// "param":"sip:alice@127.0.0.1"}`. Every top-level field is kept as a string (nested objects
/// such as `rtcp_stats` as their JSON text, booleans as "true"/"false").
struct BaresipEvent: Sendable, CustomStringConvertible {
    /// `type` (`CALL_INCOMING`, `CALL_RINGING`, `CALL_ESTABLISHED`, `CALL_CLOSED`,
    /// `REGISTER_OK`, …); "" for a command response.
    let type: String
    /// All top-level fields.
    let fields: [String: String]
    /// The JSON text as received.
    let raw: String

    /// `param`: the peer URI for call state events, the reason for `CALL_CLOSED`.
    var param: String? { fields["param"] }
    /// `peeruri`: the remote party.
    var peeruri: String? { fields["peeruri"] }
    /// `id`: the call's id (the SIP Call-ID, the same on both ends).
    var id: String? { fields["id"] }
    /// `direction`: "incoming" or "outgoing".
    var direction: String? { fields["direction"] }
    /// `accountaor`: the local account, e.g. `sip:alice@127.0.0.1`.
    var accountaor: String? { fields["accountaor"] }

    var description: String { raw }

    /// Parses one ctrl_tcp JSON object; nil when it is not one.
    init?(json: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
            return nil
        }
        var fields: [String: String] = [:]
        for (key, value) in object {
            switch value {
            case let string as String:
                fields[key] = string
            case let nested as [String: Any]:
                let data = try? JSONSerialization.data(withJSONObject: nested, options: [.sortedKeys])
                fields[key] = data.map { String(decoding: $0, as: UTF8.self) } ?? "\(nested)"
            case let nested as [Any]:
                let data = try? JSONSerialization.data(withJSONObject: nested)
                fields[key] = data.map { String(decoding: $0, as: UTF8.self) } ?? "\(nested)"
            case let number as NSNumber:
                // JSON true/false arrive as NSNumber too (a boolean one has objCType "c").
                fields[key] = String(cString: number.objCType) == "c"
                    ? (number.boolValue ? "true" : "false") : number.stringValue
            default:
                fields[key] = "\(value)"
            }
        }
        self.type = fields["type"] ?? ""
        self.fields = fields
        self.raw = json
    }

    /// Whether this is an event (`"event":true`) rather than a command response.
    var isEvent: Bool { fields["event"] == "true" }
    /// Whether this is a command response (`"response":true`).
    var isResponse: Bool { fields["response"] == "true" }
}

/// One real baresip 1.0.0 (a SIP user agent with opus; `Fixtures/baresip`) on 127.0.0.1, with
/// ports picked for this run, registered to a registrar (e.g. `KamailioProcess`) over UDP or
/// TCP, driven through its `ctrl_tcp` control port.
///
/// Use `BaresipProcess.with(user:password:registrarPort:autoAnswer:) { baresip in … }`: it
/// starts baresip, waits until it has registered, runs the body and stops it whether the body
/// returns or throws. Stop baresip before the registrar: its un-REGISTER is answered then, and
/// it exits at once (otherwise `stop()` kills it after 2 s).
///
/// Audio is a 440 Hz sine (`ausine`) sent as opus/48000/2 only; what is received is dropped
/// (`aubridge` with no peer). An account in auto-answer mode answers at once and reports no
/// `CALL_INCOMING`; one in manual mode reports `CALL_INCOMING` and waits for `answer()`.
final class BaresipProcess: Sendable {
    /// The account user (`sip:user@127.0.0.1`).
    let user: String
    /// The SIP port (UDP and TCP); baresip also listens for SIP/TLS on `sipPort + 1`.
    let sipPort: Int
    /// The `ctrl_tcp` port.
    let controlPort: Int
    /// The RTP/RTCP ports baresip may use.
    let rtpPorts: ClosedRange<Int>
    /// The run folder: config, accounts, uuid and `baresip.log`.
    let runDirectory: URL
    /// The process id.
    let pid: Int32

    private let exit: ProcessExit
    private let control = Mutex<BaresipControlConnection?>(nil)

    /// Whether the process still runs.
    var isRunning: Bool { exit.status == nil }
    /// The account's address of record.
    var aor: String { "sip:\(user)@127.0.0.1" }
    /// baresip's stdout and stderr.
    var logPath: String { runDirectory.appendingPathComponent("baresip.log").path }

    /// The folder holding the `config` and `accounts` templates.
    static let fixtureDirectory = PeerProcess.repositoryRoot.appendingPathComponent("Fixtures/baresip")
    /// The Debian package's module folder (named in the config template).
    static let moduleDirectory = "/usr/lib/baresip/modules"
    /// How long `start` waits for the control port and for the registration.
    static let startTimeout: Duration = .seconds(10)

    private init(user: String, pid: pid_t, sipPort: Int, controlPort: Int, rtpPorts: ClosedRange<Int>, runDirectory: URL) {
        self.user = user
        self.pid = pid
        self.exit = ProcessExit(pid: pid)
        self.sipPort = sipPort
        self.controlPort = controlPort
        self.rtpPorts = rtpPorts
        self.runDirectory = runDirectory
    }

    deinit {
        // Last resort only: `with` and `stop()` have already stopped it.
        if isRunning { kill(-pid, SIGKILL) }
        control.withLock { $0?.close() }
    }

    // MARK: - Availability

    /// Whether the `baresip` binary and its module folder (with the modules the config loads)
    /// are installed.
    static var isAvailable: Bool { (try? checkAvailable()) != nil }

    /// The `baresip` binary; throws, naming what to install, when baresip or a module the
    /// config loads is missing.
    @discardableResult
    static func checkAvailable() throws -> URL {
        let install = "run `make peer-deps` (`make test` does) or `apt-get install baresip baresip-core`"
        guard let binary = PeerProcess.executable("baresip") else {
            throw BaresipError(description: "baresip is not installed (not on PATH nor in /usr/bin): \(install).")
        }
        let modules = ["opus.so", "ausine.so", "aubridge.so", "uuid.so", "account.so", "menu.so", "ctrl_tcp.so"]
        let missing = modules.filter { !FileManager.default.fileExists(atPath: "\(moduleDirectory)/\($0)") }
        guard missing.isEmpty else {
            throw BaresipError(description: """
                baresip modules missing in \(moduleDirectory): \(missing.joined(separator: ", ")): \(install).
                """)
        }
        return binary
    }

    // MARK: - Scoped use

    /// Starts baresip (see `start`), runs `body`, and always stops it. A failure of the body is
    /// rethrown with the tail of baresip's log (the run folder is then kept).
    static func with<T>(
        user: String, password: String, registrarPort: Int, transport: String = "udp", autoAnswer: Bool,
        _ body: (BaresipProcess) async throws -> T
    ) async throws -> T {
        let baresip = try await start(
            user: user, password: password, registrarPort: registrarPort, transport: transport, autoAnswer: autoAnswer)
        let result: T
        do {
            result = try await body(baresip)
        } catch {
            await baresip.stop()
            throw BaresipError(description: """
                \(error)
                --- baresip \(baresip.user) log (last lines; run folder kept: \(baresip.runDirectory.path)) ---
                \(baresip.logTail(40))
                """)
        }
        await baresip.stop()
        try? FileManager.default.removeItem(at: baresip.runDirectory)
        return result
    }

    // MARK: - Starting and stopping

    /// Writes the config for `user` into a fresh folder, starts `baresip -f <folder>` on free
    /// ports, connects to its control port and waits until the account has registered (at most
    /// `startTimeout` in all). A start that loses its ports to another process (baresip exits)
    /// is retried with new ports, three times at most.
    ///
    /// - Parameters:
    ///   - transport: "udp" or "tcp" (baresip 1.0.0 has no SIP over WebSocket; TLS would need
    ///     certificates).
    ///   - autoAnswer: `answermode=auto` (answer every call at once) or `manual`.
    static func start(
        user: String, password: String, registrarPort: Int, transport: String = "udp", autoAnswer: Bool
    ) async throws -> BaresipProcess {
        let binary = try checkAvailable()
        guard transport == "udp" || transport == "tcp" else {
            throw BaresipError(description: "baresip transport must be udp or tcp, not \(transport)")
        }
        let unsafe = CharacterSet(charactersIn: ";\"<>@:,\\").union(.whitespacesAndNewlines)
        guard !user.isEmpty, user.rangeOfCharacter(from: unsafe) == nil,
            password.rangeOfCharacter(from: unsafe) == nil
        else {
            throw BaresipError(description: "user/password must not be empty or contain ; \" < > @ : , \\ or spaces")
        }
        var failures: [String] = []
        for _ in 0..<3 {
            let baresip = try launch(
                binary: binary, user: user, password: password, registrarPort: registrarPort,
                transport: transport, autoAnswer: autoAnswer)
            do {
                try await baresip.waitUntilRegistered(timeout: startTimeout)
                return baresip
            } catch {
                let exitedByItself = !baresip.isRunning
                await baresip.stop()
                // The start log is short (about 20 lines): all of it goes into the error.
                failures.append("\(error)\n--- baresip \(user) log ---\n\(baresip.logTail(40))")
                try? FileManager.default.removeItem(at: baresip.runDirectory)
                if !exitedByItself { break }
            }
        }
        throw BaresipError(description: "baresip \(user) did not start and register:\n" + failures.joined(separator: "\n\n"))
    }

    /// Fills in the templates and spawns baresip; does not wait for anything.
    private static func launch(
        binary: URL, user: String, password: String, registrarPort: Int, transport: String, autoAnswer: Bool
    ) throws -> BaresipProcess {
        let sipPort = try PeerPorts.sipPortPair()
        let controlPort = try PeerPorts.tcpPort(excluding: [sipPort, sipPort + 1, registrarPort])
        let rtpPorts = try PeerPorts.udpRange(count: 16, excluding: [sipPort, sipPort + 1, controlPort, registrarPort])
        let runDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("baresip-interop-\(user)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: runDirectory, withIntermediateDirectories: true)
        let values = [
            "SIP_PORT": "\(sipPort)", "CTRL_PORT": "\(controlPort)",
            "RTP_PORT_MIN": "\(rtpPorts.lowerBound)", "RTP_PORT_MAX": "\(rtpPorts.upperBound)",
            "USER": user, "PASSWORD": password, "REGISTRAR_PORT": "\(registrarPort)",
            "TRANSPORT": transport, "ANSWER_MODE": autoAnswer ? "auto" : "manual",
        ]
        for name in ["config", "accounts"] {
            let template = fixtureDirectory.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: template.path) else {
                throw BaresipError(description: "cannot read the baresip template \(template.path)")
            }
            var text = String(decoding: data, as: UTF8.self)
            for (key, value) in values { text = text.replacingOccurrences(of: "@\(key)@", with: value) }
            if let left = text.range(of: "@[A-Z][A-Z_]*@", options: .regularExpression) {
                throw BaresipError(description: "unknown placeholder \(text[left]) in \(template.path)")
            }
            try Data(text.utf8).write(to: runDirectory.appendingPathComponent(name))
        }
        let log = runDirectory.appendingPathComponent("baresip.log").path
        let pid = try PeerProcess.spawn(binary.path, ["-f", runDirectory.path], log: log)
        return BaresipProcess(
            user: user, pid: pid, sipPort: sipPort, controlPort: controlPort, rtpPorts: rtpPorts,
            runDirectory: runDirectory)
    }

    /// Connects to the control port (retrying while baresip starts) and waits for the
    /// registration: a `REGISTER_OK` event, or the log line `user@127.0.0.1: {0/UDP/v4} 200 OK …`
    /// (the event usually comes before the control connection is up: baresip registers within
    /// ~20 ms). Fails at once when baresip exits, reports `REGISTER_FAIL` or logs a final
    /// registration failure (`reg: sip:user@127.0.0.1: 401 Unauthorized …`).
    private func waitUntilRegistered(timeout: Duration) async throws {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        let connection = try await BaresipControlConnection.connect(
            port: controlPort, until: deadline, isAlive: { [exit] in exit.status == nil })
        control.withLock { $0 = connection }
        let logLine = "\(user)@127.0.0.1: {"
        while true {
            let generation = connection.generation
            if connection.takeEvent(where: { $0.type == "REGISTER_OK" }) != nil { return }
            if let failure = connection.takeEvent(where: { $0.type == "REGISTER_FAIL" }) {
                throw BaresipError(description: "baresip \(user): registration failed: \(failure.raw)")
            }
            let log = PeerProcess.logText(path: logPath).split(separator: "\n")
            if log.contains(where: { $0.hasPrefix(logLine) && $0.contains("} 200 OK") }) { return }
            // A final failure is logged in red as "reg: sip:alice@127.0.0.1: 401 Unauthorized (…)"
            // (no REGISTER_FAIL reaches a control connection opened this early).
            if let failure = log.first(where: { $0.contains("reg: \(aor): ") }) {
                let plain = failure.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
                throw BaresipError(description: "baresip \(user): registration failed: \(plain)")
            }
            guard isRunning, connection.closedReason == nil else {
                throw BaresipError(description: """
                    baresip \(user) exited (running: \(isRunning), control connection: \
                    \(connection.closedReason ?? "open")) before registering
                    """)
            }
            guard ContinuousClock.now < deadline else {
                throw BaresipError(description: """
                    baresip \(user) did not register within \(timeout) \
                    (events so far: \(connection.bufferedEvents().map(\.type)))
                    """)
            }
            // Bounded poll: wake on any control message, else re-read the log after 50 ms.
            await connection.waitForMessage(since: generation, until: min(deadline, .now.advanced(by: .milliseconds(50))))
        }
    }

    /// Stops baresip: closes the control connection, SIGTERM to the pid, then waits for the
    /// exit; after 2 s without one (baresip waits for its un-REGISTER to be answered, up to
    /// ~32 s when the registrar is gone), SIGKILL to its process group, and waits again.
    func stop() async {
        control.withLock { $0?.close() }
        if isRunning {
            kill(pid, SIGTERM)
            if !(await exit.wait(seconds: 2)) {
                kill(-pid, SIGKILL)
                _ = await exit.wait(seconds: 5)
            }
        }
        kill(-pid, SIGKILL)
    }

    /// The last `count` lines of baresip's log.
    func logTail(_ count: Int = 40) -> String {
        PeerProcess.logTail(path: logPath, count)
    }

    // MARK: - Control

    private func connection() throws -> BaresipControlConnection {
        guard let connection = control.withLock({ $0 }) else {
            throw BaresipError(description: "baresip \(user): no control connection")
        }
        return connection
    }

    /// Sends one ctrl_tcp command (`{"command":…,"params":…,"token":…}`) and returns its
    /// response; throws when the response has `"ok":false` or none comes within `timeout`.
    /// (baresip 1.0.0 answers `ok` even to `accept`/`hangup` with no call.)
    @discardableResult
    func command(_ command: String, _ params: String = "", timeout: Duration = .seconds(5)) async throws -> BaresipEvent {
        let connection = try connection()
        let response = try await connection.request(command: command, params: params, timeout: timeout, isAlive: { [exit] in exit.status == nil })
        guard response.fields["ok"] == "true" else {
            throw BaresipError(description: "baresip \(user): command \(command) \(params) failed: \(response.raw)")
        }
        return response
    }

    /// Places a call to `uri` (e.g. `sip:bob@127.0.0.1`).
    func dial(_ uri: String) async throws {
        try await command("dial", uri)
    }

    /// Accepts the incoming call (ctrl command `accept`).
    func answer() async throws {
        try await command("accept")
    }

    /// Hangs up the current call.
    func hangup() async throws {
        try await command("hangup")
    }

    /// The first buffered event of `type`, else the next one to arrive within `timeout`. The
    /// event is taken out of the buffer; events of other types stay buffered for later calls.
    func waitForEvent(_ type: String, timeout: Duration) async throws -> BaresipEvent {
        let connection = try connection()
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            let generation = connection.generation
            if let event = connection.takeEvent(where: { $0.type == type }) { return event }
            if let reason = connection.closedReason {
                throw BaresipError(description: """
                    baresip \(user): control connection closed (\(reason)) while waiting for \(type) \
                    (running: \(isRunning); buffered: \(connection.bufferedEvents().map(\.type)))
                    """)
            }
            guard ContinuousClock.now < deadline else {
                throw BaresipError(description: """
                    baresip \(user): no \(type) event within \(timeout) \
                    (buffered: \(connection.bufferedEvents().map(\.type)))
                    """)
            }
            await connection.waitForMessage(since: generation, until: deadline)
        }
    }

    /// The events received and not yet taken by `waitForEvent`, oldest first.
    func bufferedEvents() -> [BaresipEvent] {
        control.withLock { $0 }?.bufferedEvents() ?? []
    }
}

/// A TCP connection to baresip's `ctrl_tcp` port: netstrings (`LEN:JSON,`) both ways. A reader
/// thread (blocking `recv`) parses what arrives into a buffer of events and a table of command
/// responses by token, and wakes whoever waits.
final class BaresipControlConnection: Sendable {
    private struct State {
        var events: [BaresipEvent] = []
        var responses: [String: BaresipEvent] = [:]
        var closedReason: String?
        var generation: UInt64 = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
        var nextToken = 0
    }

    private let fd: Int32
    private let state = Mutex(State())
    /// Events kept at most (the oldest are dropped; a call emits about ten).
    private static let eventLimit = 10_000

    private init(fd: Int32) {
        self.fd = fd
        Thread.detachNewThread { [self] in readLoop() }
    }

    /// Connects to 127.0.0.1:`port`, retrying every 20 ms while the port refuses, until
    /// `deadline`; fails at once when `isAlive` turns false.
    static func connect(
        port: Int, until deadline: ContinuousClock.Instant, isAlive: @Sendable () -> Bool
    ) async throws -> BaresipControlConnection {
        var lastError = "not tried"
        while true {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { throw BaresipError(description: "socket: \(String(cString: strerror(errno)))") }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(port).bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            if result == 0 { return BaresipControlConnection(fd: fd) }
            lastError = String(cString: strerror(errno))
            Glibc.close(fd)
            guard isAlive() else {
                throw BaresipError(description: "baresip exited before its control port 127.0.0.1:\(port) accepted")
            }
            guard ContinuousClock.now < deadline else {
                throw BaresipError(description: "baresip control port 127.0.0.1:\(port) not accepting (\(lastError))")
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Why the connection ended (EOF, error, `close()`); nil while it is open.
    var closedReason: String? { state.withLock { $0.closedReason } }

    /// Shuts the socket down; the reader thread then closes it.
    func close() {
        let first = state.withLock { state -> Bool in
            guard state.closedReason == nil else { return false }
            state.closedReason = "closed by the test"
            return true
        }
        if first { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    /// The buffered events, oldest first.
    func bufferedEvents() -> [BaresipEvent] { state.withLock { $0.events } }

    /// Removes and returns the oldest buffered event that matches.
    func takeEvent(where matches: (BaresipEvent) -> Bool) -> BaresipEvent? {
        state.withLock { state in
            guard let index = state.events.firstIndex(where: matches) else { return nil }
            return state.events.remove(at: index)
        }
    }

    /// Sends a command with a fresh token and waits for the response with that token.
    func request(
        command: String, params: String, timeout: Duration, isAlive: @Sendable () -> Bool
    ) async throws -> BaresipEvent {
        let token = state.withLock { state -> String in
            state.nextToken += 1
            return "swift-\(state.nextToken)"
        }
        let object: [String: String] = ["command": command, "params": params, "token": token]
        let json = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        var frame = Array("\(json.count):".utf8)
        frame.append(contentsOf: json)
        frame.append(UInt8(ascii: ","))
        try write(frame)
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            let (response, closed, generation) = state.withLock { state in
                (state.responses.removeValue(forKey: token), state.closedReason, state.generation)
            }
            if let response { return response }
            if let closed {
                throw BaresipError(description: "control connection closed (\(closed), baresip running: \(isAlive())) before the response to \(command)")
            }
            guard ContinuousClock.now < deadline else {
                throw BaresipError(description: "no response to \(command) \(params) within \(timeout)")
            }
            await waitForMessage(since: generation, until: deadline)
        }
    }

    private func write(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                Glibc.send(fd, buffer.baseAddress! + sent, buffer.count - sent, Int32(MSG_NOSIGNAL))
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw BaresipError(description: "control connection send: \(String(cString: strerror(errno)))")
            }
            sent += count
        }
    }

    // MARK: Waiting

    /// Counts the messages received (and the close): read it before looking at the buffer,
    /// then pass it to `waitForMessage(since:until:)`, so that nothing arriving in between is
    /// missed.
    var generation: UInt64 { state.withLock { $0.generation } }

    /// Returns once the connection's `generation` differs from `generation` (a message arrived)
    /// or the connection is closed, or at `deadline`, whichever is first.
    func waitForMessage(since generation: UInt64, until deadline: ContinuousClock.Instant) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.changed(since: generation) }
            group.addTask { try? await Task.sleep(until: deadline, clock: .continuous) }
            await group.next()
            group.cancelAll()
        }
    }

    /// Parks until the generation moves past `generation` or the task is cancelled.
    private func changed(since generation: UInt64) async {
        let id = state.withLock { state -> Int in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    // A cancelled wait must not park after its cancellation handler ran.
                    if state.generation != generation || state.closedReason != nil || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }

    // MARK: Reading

    private func readLoop() {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        var reason = "end of stream"
        reading: while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                if errno == EINTR { continue }
                reason = "recv: \(String(cString: strerror(errno)))"
                break
            }
            if count == 0 { break }
            buffer.append(contentsOf: chunk[0..<count])
            // Netstrings: LEN ":" JSON ",".
            while let colon = buffer.firstIndex(of: UInt8(ascii: ":")) {
                guard let length = Int(String(decoding: buffer[..<colon], as: UTF8.self)), length >= 0 else {
                    reason = "bad netstring length \(String(decoding: buffer.prefix(20), as: UTF8.self))"
                    break reading
                }
                let end = colon + 1 + length
                guard buffer.count > end else { break }
                guard buffer[end] == UInt8(ascii: ",") else {
                    reason = "netstring without its comma"
                    break reading
                }
                let json = String(decoding: buffer[(colon + 1)..<end], as: UTF8.self)
                buffer.removeSubrange(0...end)
                deliver(json)
            }
        }
        let waiters = state.withLock { state in
            if state.closedReason == nil { state.closedReason = reason }
            state.generation += 1
            defer { state.waiters = [:] }
            return state.waiters
        }
        for waiter in waiters.values { waiter.resume() }
        Glibc.close(fd)
    }

    private func deliver(_ json: String) {
        guard let message = BaresipEvent(json: json) else { return }
        let waiters = state.withLock { state in
            if message.isResponse, let token = message.fields["token"] {
                state.responses[token] = message
            } else {
                state.events.append(message)
                if state.events.count > Self.eventLimit { state.events.removeFirst() }
            }
            state.generation += 1
            defer { state.waiters = [:] }
            return state.waiters
        }
        for waiter in waiters.values { waiter.resume() }
    }
}
