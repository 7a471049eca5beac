import SIPCore
import SIPTransaction
import StackCore
import Synchronization

/// A transport that queues what it sends; the benchmark task delivers the queue.
final class QueueTransport: SIPTransactionTransport {
    let local: SIPTransactionDestination
    let wire: Wire

    init(local: SIPTransactionDestination, wire: Wire) {
        self.local = local
        self.wire = wire
    }

    func send(_ message: SIPMessage, to destination: SIPTransactionDestination) throws {
        wire.queue.withLock { $0.append((message, destination, local)) }
    }
}

/// Shared queue between the two transports.
final class Wire: Sendable {
    let queue = Mutex<[(SIPMessage, SIPTransactionDestination, SIPTransactionDestination)]>([])
}

/// Two `SIPTransactionLayer` actors on a `SystemClock`, driven from one task.
final class ActorPair: Sendable {
    let wire = Wire()
    let client: SIPTransactionLayer
    let server: SIPTransactionLayer

    init() {
        let clock = SystemClock()
        client = SIPTransactionLayer(clock: clock, transport: QueueTransport(local: Endpoints.client, wire: wire))
        server = SIPTransactionLayer(clock: clock, transport: QueueTransport(local: Endpoints.server, wire: wire))
    }

    private func pump() async {
        while true {
            let packets = wire.queue.withLock { queue in
                defer { queue.removeAll(keepingCapacity: true) }
                return queue
            }
            if packets.isEmpty { return }
            for (message, destination, source) in packets {
                await (destination == Endpoints.server ? server : client).receive(message, from: source)
            }
        }
    }

    /// Runs `count` transactions; returns how many completed with a 200 at the client TU.
    func run(_ count: Int, startingAt sequence: UInt32) async throws -> Int {
        var events = server.events.makeAsyncIterator()
        var completed = 0
        for n in 0..<count {
            let branch = await client.nextBranch()
            let request = try Endpoints.options(branch: branch, cseq: sequence &+ UInt32(n))
            let transaction = try await client.sendRequest(request, to: Endpoints.server)
            await pump()
            guard case .request(let received, let key, _)? = await events.next() else { fail("server TU got no request") }
            try await server.respond(try Endpoints.ok(to: received), to: key)
            await pump()
            var updates = transaction.updates.makeAsyncIterator()
            if case .response(let answer)? = await updates.next(), answer.statusCode == 200 { completed += 1 }
        }
        return completed
    }
}
