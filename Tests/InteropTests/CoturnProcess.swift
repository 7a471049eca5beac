import Foundation
import Glibc
import ICE
import STUN
import StackCore
import Synchronization

/// A real coturn 4.6 STUN server on 127.0.0.1 (plain STUN, no auth, no TLS; the recipe of
/// ../shared/reference/real-peers.md §2), started on a free port and stopped by pid.
final class CoturnProcess: Sendable {
    let port: Int
    let pid: pid_t
    let runDirectory: URL
    private let exit: ProcessExit

    private init(port: Int, pid: pid_t, runDirectory: URL) {
        self.port = port
        self.pid = pid
        self.runDirectory = runDirectory
        exit = ProcessExit(pid: pid)
    }

    /// The server's address.
    var address: ICETransportAddress { ICETransportAddress(host: "127.0.0.1", port: port) }

    /// Starts coturn and waits until it answers a Binding request; retried with new ports if the
    /// port was taken meanwhile.
    static func startReady() async throws -> CoturnProcess {
        guard let binary = PeerProcess.executable("turnserver", extraFolders: ["/usr/bin", "/usr/sbin"]) else {
            throw PeerProcessError(description: "coturn is not installed: run `make peer-deps` (`make test` does)")
        }
        var failures: [String] = []
        for _ in 0..<3 {
            let port = try PeerPorts.tcpPort()
            let run = FileManager.default.temporaryDirectory.appendingPathComponent("coturn-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
            let arguments = ["-n", "--stun-only", "--no-auth", "-L", "127.0.0.1", "-p", String(port), "--no-tls", "--no-dtls",
                             "--no-cli", "--no-rfc5780", "--userdb", run.appendingPathComponent("turndb").path,
                             "--pidfile", run.appendingPathComponent("turn.pid").path, "--log-file", "stdout",
                             "--simple-log"]
            let pid = try PeerProcess.spawn(binary.path, arguments, log: run.appendingPathComponent("coturn.log").path)
            let server = CoturnProcess(port: port, pid: pid, runDirectory: run)
            if await server.waitUntilReady() { return server }
            failures.append(server.logTail())
            await server.stop()
        }
        throw PeerProcessError(description: "coturn did not start:\n" + failures.joined(separator: "\n---\n"))
    }

    /// Sends Binding requests until one is answered (up to 100 × 50 ms).
    private func waitUntilReady() async -> Bool {
        let (answers, sink) = AsyncStream.makeStream(of: Bool.self)
        guard let socket = try? await ICEUDPSocket.bind(host: "127.0.0.1", onDatagram: { bytes, _, _ in
            if let message = try? STUNMessage(decoding: bytes), message.messageClass == .successResponse { sink.yield(true) }
        }) else { return false }
        let ticker = Task {
            for _ in 0..<100 {
                if Task.isCancelled { return }
                var bytes: [UInt8] = []
                try? STUNMessage(.request, method: .binding).encode(into: &bytes)
                socket.send(bytes, to: address)
                try? await Task.sleep(for: .milliseconds(50))
            }
            sink.yield(false)
        }
        var iterator = answers.makeAsyncIterator()
        let ready = await iterator.next() ?? false
        ticker.cancel()
        await socket.close()
        return ready && exit.status == nil
    }

    /// Stops it (SIGTERM, then SIGKILL to the group after 2 s).
    func stop() async {
        if exit.status == nil {
            kill(pid, SIGTERM)
            if !(await exit.wait(seconds: 2)) { kill(-pid, SIGKILL) }
        }
        kill(-pid, SIGKILL)
        _ = await exit.wait(seconds: 2)
        try? FileManager.default.removeItem(at: runDirectory)
    }

    func logTail(_ count: Int = 30) -> String {
        PeerProcess.logTail(path: runDirectory.appendingPathComponent("coturn.log").path, count)
    }

    /// Runs `body` with two servers, always stopping them.
    static func withTwo<T: Sendable>(_ body: (CoturnProcess, CoturnProcess) async throws -> T) async throws -> T {
        let first = try await startReady()
        let second: CoturnProcess
        do { second = try await startReady() } catch {
            await first.stop()
            throw error
        }
        do {
            let result = try await body(first, second)
            await first.stop()
            await second.stop()
            return result
        } catch {
            await first.stop()
            await second.stop()
            throw error
        }
    }
}

/// A user-space UDP relay that delays every datagram (the kernel here has no netem): clients
/// send to ``address``; each datagram goes on to `target` after `delay`, and the answers come
/// back to the client after `delay` too.
final class DelayingUDPRelay: Sendable {
    private let front: ICEUDPSocket
    private let back: ICEUDPSocket

    private init(front: ICEUDPSocket, back: ICEUDPSocket) {
        self.front = front
        self.back = back
    }

    /// The address clients send to.
    var address: ICETransportAddress { front.localAddress }

    static func start(to target: ICETransportAddress, delay: Duration) async throws -> DelayingUDPRelay {
        let client = ClientBox()
        let backSocket = BackBox()
        let front = try await ICEUDPSocket.bind(host: "127.0.0.1") { bytes, source, _ in
            client.set(source)
            Task {
                try? await Task.sleep(for: delay)
                backSocket.socket?.send(bytes, to: target)
            }
        }
        let back = try await ICEUDPSocket.bind(host: "127.0.0.1") { bytes, _, _ in
            guard let destination = client.get() else { return }
            Task {
                try? await Task.sleep(for: delay)
                front.send(bytes, to: destination)
            }
        }
        backSocket.set(back)
        return DelayingUDPRelay(front: front, back: back)
    }

    func close() async {
        await front.close()
        await back.close()
    }

    private final class ClientBox: Sendable {
        private let value = Mutex<ICETransportAddress?>(nil)
        func set(_ address: ICETransportAddress) { value.withLock { $0 = address } }
        func get() -> ICETransportAddress? { value.withLock { $0 } }
    }

    private final class BackBox: Sendable {
        private let value = Mutex<ICEUDPSocket?>(nil)
        func set(_ socket: ICEUDPSocket) { value.withLock { $0 = socket } }
        var socket: ICEUDPSocket? { value.withLock { $0 } }
    }
}
