import Foundation
import Glibc

/// Why a real peer process could not be started.
struct PeerProcessError: Error, CustomStringConvertible {
    var description: String
}

/// Helpers shared by the real-peer test processes (baresip; the same approach as
/// `KamailioProcess`, which uses them too): spawning with `posix_spawn`, picking
/// free loopback ports, reading a log tail.
enum PeerProcess {
    /// The repository root (three levels above this file).
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The first executable `name` on PATH or in `extraFolders`; nil when there is none.
    static func executable(_ name: String, extraFolders: [String] = ["/usr/bin", "/usr/local/bin"]) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders = path.split(separator: ":").map(String.init) + extraFolders
        for folder in folders {
            let candidate = URL(fileURLWithPath: folder).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// Starts `path arguments…` with `posix_spawn` in a process group of its own, stdin from
    /// /dev/null, stdout and stderr to `log`, no other descriptor inherited, the signal mask
    /// cleared and the stop signals at their default handlers.
    ///
    /// Not Foundation's `Process`: that passes on the signal mask of the calling thread, and
    /// the test runner's threads block SIGTERM, so the child would ignore a SIGTERM.
    ///
    /// With `stdin`/`stdout` descriptors given (e.g. socket pairs the caller talks through), the
    /// child gets them as 0 and 1 and only stderr goes to `log`.
    static func spawn(_ path: String, _ arguments: [String], log: String, stdin: Int32? = nil,
                      stdout: Int32? = nil) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD, SIGUSR1, SIGUSR2, SIGALRM] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stdin {
            posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        if let stdout {
            posix_spawn_file_actions_adddup2(&actions, stdout, 1)
            posix_spawn_file_actions_addopen(&actions, 2, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        // Nothing else is inherited: a listening socket of a test running alongside, kept open
        // in the child, would still accept connections after that test closed it.
        closeInheritedDescriptors(&actions)

        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw PeerProcessError(description: "cannot run \(path): \(String(cString: strerror(result)))")
        }
        return pid
    }

    /// Adds "close every descriptor from 3 up" to `actions`: glibc's
    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34+, looked up at run time because
    /// the Swift Glibc module does not import it), else one close per descriptor open now.
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
        if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, 3)
            return
        }
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for descriptor in open.compactMap({ Int32($0) }) where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
    }

    /// The last `count` lines of the file at `path`.
    static func logTail(path: String, _ count: Int) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "(no log at \(path))" }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        return lines.suffix(count).joined(separator: "\n")
    }

    /// The whole file at `path` as text ("" when it cannot be read).
    static func logText(path: String) -> String {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}

/// Free loopback (127.0.0.1) ports, found by binding and releasing sockets. A port can still be
/// taken by someone else between the pick and the peer's own bind; callers retry a start that
/// failed that way.
enum PeerPorts {
    /// A port P free for UDP and TCP whose neighbour P+1 is free for UDP and TCP too (baresip
    /// binds SIP/UDP+TCP on P and SIP/TLS on P+1).
    static func sipPortPair() throws -> Int {
        for _ in 0..<100 {
            guard let tcp = bind(type: stream, port: 0) else { continue }
            var held = [tcp.fd]
            defer { for fd in held { close(fd) } }
            guard tcp.port < UInt16.max,
                let udp = bind(type: datagram, port: tcp.port) else { continue }
            held.append(udp.fd)
            guard let tcpNext = bind(type: stream, port: tcp.port + 1) else { continue }
            held.append(tcpNext.fd)
            guard let udpNext = bind(type: datagram, port: tcp.port + 1) else { continue }
            held.append(udpNext.fd)
            return Int(tcp.port)
        }
        throw PeerProcessError(description: "no free loopback port pair (P and P+1, UDP and TCP) found")
    }

    /// A free TCP port other than those in `excluding`.
    static func tcpPort(excluding: Set<Int> = []) throws -> Int {
        for _ in 0..<100 {
            guard let tcp = bind(type: stream, port: 0) else { continue }
            close(tcp.fd)
            if !excluding.contains(Int(tcp.port)) { return Int(tcp.port) }
        }
        throw PeerProcessError(description: "no free loopback TCP port found")
    }

    /// `count` consecutive UDP ports, the first one even, all free now, below the kernel's
    /// ephemeral range (so that no socket bound to port 0 is handed one of them meanwhile),
    /// and not in `excluding`. For RTP/RTCP port ranges.
    static func udpRange(count: Int, excluding: Set<Int> = []) throws -> ClosedRange<Int> {
        let ephemeralLow = ephemeralRangeStart()
        let high = max(ephemeralLow - count, 12_000)
        for _ in 0..<200 {
            let first = Int.random(in: 10_000..<high) & ~1
            let range = first...(first + count - 1)
            if range.contains(where: excluding.contains) { continue }
            var held: [Int32] = []
            defer { for fd in held { close(fd) } }
            var free = true
            for port in range {
                guard let udp = bind(type: datagram, port: UInt16(port)) else {
                    free = false
                    break
                }
                held.append(udp.fd)
            }
            if free { return range }
        }
        throw PeerProcessError(description: "no free range of \(count) loopback UDP ports found")
    }

    /// The first port of `/proc/sys/net/ipv4/ip_local_port_range` (32768 when unreadable).
    private static func ephemeralRangeStart() -> Int {
        let text = PeerProcess.logText(path: "/proc/sys/net/ipv4/ip_local_port_range")
        return text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).first.flatMap { Int($0) } ?? 32_768
    }

    private static let stream = Int32(SOCK_STREAM.rawValue)
    private static let datagram = Int32(SOCK_DGRAM.rawValue)

    /// A socket of `type` bound to 127.0.0.1:`port` and the port it got; nil when the bind fails.
    static func bind(type: Int32, port: UInt16) -> (fd: Int32, port: UInt16)? {
        let fd = socket(AF_INET, type | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, length) }
        }
        var actual = sockaddr_in()
        var actualLength = length
        let named = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &actualLength) }
        }
        guard bound == 0, named == 0 else {
            close(fd)
            return nil
        }
        return (fd, UInt16(bigEndian: actual.sin_port))
    }
}
