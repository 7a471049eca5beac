import SIPCore
import StackCore
import Synchronization
@testable import SIPTransaction

/// An in-memory network between transaction layers: each send is serialized, queued, and
/// parsed again on delivery; the first N sends from an address can be dropped (lossy).
final class InMemoryNetwork: Sendable {
    struct Packet: Sendable {
        let ms: Int64
        let from: SIPTransactionDestination
        let to: SIPTransactionDestination
        let bytes: [UInt8]
        let dropped: Bool
        var message: SIPMessage? { try? SIPMessage(parsing: bytes) }
        var summary: String {
            guard let m = message else { return "?" }
            return m.method.map(\.rawValue) ?? String(m.statusCode ?? 0)
        }
    }

    struct Transport: SIPTransactionTransport {
        let network: InMemoryNetwork
        let local: SIPTransactionDestination
        func send(_ message: SIPMessage, to destination: SIPTransactionDestination) throws {
            network.enqueue(from: local, to: destination, bytes: message.serialized())
        }
    }

    private struct State {
        var queue: [Packet] = []
        var log: [Packet] = []
        var drops: [SIPTransactionDestination: Int] = [:]
    }

    let clock: TestClock
    private let state = Mutex(State())

    init(clock: TestClock) {
        self.clock = clock
    }

    func transport(for local: SIPTransactionDestination) -> Transport { Transport(network: self, local: local) }

    /// Drops the next `count` sends from `address`.
    func drop(next count: Int, from address: SIPTransactionDestination) {
        state.withLock { $0.drops[address] = count }
    }

    /// Every packet sent so far, dropped ones included.
    var log: [Packet] { state.withLock { $0.log } }

    /// Sends from `address`, as (ms, first-line summary).
    func sends(from address: SIPTransactionDestination) -> [String] {
        log.filter { $0.from == address }.map { "\($0.ms) \($0.summary)\($0.dropped ? " dropped" : "")" }
    }

    func enqueue(from: SIPTransactionDestination, to: SIPTransactionDestination, bytes: [UInt8]) {
        let ms = clock.now.nanoseconds / 1_000_000
        state.withLock { state in
            let drop = (state.drops[from] ?? 0) > 0
            if drop { state.drops[from, default: 0] -= 1 }
            let packet = Packet(ms: ms, from: from, to: to, bytes: bytes, dropped: drop)
            state.log.append(packet)
            if !drop { state.queue.append(packet) }
        }
    }

    /// Removes and returns the packets in flight.
    func take() -> [Packet] {
        state.withLock { state in
            defer { state.queue.removeAll() }
            return state.queue
        }
    }
}

/// A client layer and a server layer on one `TestClock`, joined by an ``InMemoryNetwork``.
struct LayerPair {
    static let alice = SIPTransactionDestination(host: "pc33.atlanta.example.com", port: 5060, transport: "UDP")
    static let bob = SIPTransactionDestination(host: "biloxi.example.com", port: 5060, transport: "UDP")

    let clock = TestClock()
    let network: InMemoryNetwork
    let client: SIPTransactionLayer
    let server: SIPTransactionLayer
    let clientAddress: SIPTransactionDestination
    let serverAddress: SIPTransactionDestination

    init(transport: String = "UDP") {
        network = InMemoryNetwork(clock: clock)
        clientAddress = SIPTransactionDestination(host: Self.alice.host, port: 5060, transport: transport)
        serverAddress = SIPTransactionDestination(host: Self.bob.host, port: 5060, transport: transport)
        client = SIPTransactionLayer(clock: clock, transport: network.transport(for: clientAddress))
        server = SIPTransactionLayer(clock: clock, transport: network.transport(for: serverAddress))
    }

    /// Delivers everything in flight (and what the deliveries send) at the current instant.
    func pump() async {
        while true {
            let packets = network.take()
            if packets.isEmpty { return }
            for packet in packets {
                guard let message = packet.message else { continue }
                let target = packet.to == serverAddress ? server : client
                await target.receive(message, from: packet.from)
            }
        }
    }

    /// Runs the network and both layers' timers up to `ms`, deadline by deadline.
    func run(toMs ms: Int64) async {
        let target = StackInstant(nanoseconds: ms * 1_000_000)
        while true {
            await pump()
            guard let next = clock.nextDeadline, next <= target else {
                clock.advance(to: target)
                await pump()
                return
            }
            clock.advance(to: next)
            await client.runDueTimers()
            await server.runDueTimers()
        }
    }
}
