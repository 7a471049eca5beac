import SIPCore
import SIPTransaction

/// A client core and a server core driven synchronously, with an in-memory reliable transport
/// between them (optionally serializing and re-parsing every message: `wire`; optionally with
/// the TUs' messages built before the clock starts: `prebuilt`, the transaction work alone).
struct CorePair {
    var client = SIPTransactionCore()
    var server = SIPTransactionCore()
    var branches = SIPBranchGenerator()
    let wire: Bool
    /// Requests and the server TU's 200 for each, reused round-robin; empty: build per transaction.
    private var requests: [SIPMessage] = []
    private var responses: [SIPMessage] = []
    private var first: [SIPTransactionOutput] = []
    private var second: [SIPTransactionOutput] = []
    private var third: [SIPTransactionOutput] = []
    private var fourth: [SIPTransactionOutput] = []
    private var sequence: UInt32 = 0

    init(wire: Bool, prebuilt: Bool = false) throws {
        self.wire = wire
        if prebuilt {
            for n in 0..<4096 {
                let request = try Endpoints.options(branch: branches.next(), cseq: UInt32(n + 1))
                requests.append(request)
                responses.append(try Endpoints.ok(to: request))
            }
        }
    }

    private func hop(_ message: SIPMessage) throws -> SIPMessage {
        wire ? try SIPMessage(parsing: message.serialized()) : message
    }

    /// Runs `count` transactions; returns how many completed with a 200 at the client TU.
    mutating func run(_ count: Int) throws -> Int {
        var completed = 0
        for _ in 0..<count {
            sequence &+= 1
            let slot = requests.isEmpty ? nil : Int(sequence) % requests.count
            let request = try slot.map { requests[$0] } ?? Endpoints.options(branch: branches.next(), cseq: sequence)
            first.removeAll(keepingCapacity: true)
            _ = try client.sendRequest(request, to: Endpoints.server, into: &first)
            for output in first {
                guard case .send(let message, _, _) = output else { continue }
                second.removeAll(keepingCapacity: true)
                server.receive(try hop(message), from: Endpoints.client, into: &second)
                for output in second {
                    guard case .passToTU(let received, let key, _) = output else { continue }
                    third.removeAll(keepingCapacity: true)
                    try server.respond(try slot.map { responses[$0] } ?? Endpoints.ok(to: received), to: key, into: &third)
                    for output in third {
                        guard case .send(let response, _, _) = output else { continue }
                        fourth.removeAll(keepingCapacity: true)
                        client.receive(try hop(response), from: Endpoints.server, into: &fourth)
                        for output in fourth {
                            if case .passToTU(let answer, _, _) = output, answer.statusCode == 200 { completed += 1 }
                        }
                    }
                }
            }
        }
        return completed
    }
}
