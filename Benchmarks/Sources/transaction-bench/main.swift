// transaction-bench: non-INVITE transactions created and completed per second on one core,
// through SIPTransaction, over an in-memory reliable (TCP) transport.
//
// One transaction = the client TU builds an OPTIONS request (SIPMessageBuilder, fresh branch
// and Call-ID) → client transaction sends it → server layer matches/creates the server
// transaction and passes the request to the server TU → the TU builds a 200 (SIPMessageBuilder)
// and sends it through the server transaction → the client transaction matches it and passes it
// to the client TU → both transactions terminate (reliable transport: Timers J and K are zero).
//
// Output (the result line; everything else starts with "#"):
//   transactions: ours X/s, peer 220000/s (pjsip, reference figure from the issue, not measured here), ratio Z
// where ratio = ours / peer (above 1 means more transactions per second). The pjsip figure is
// NOT measured in this run: no pjsip is linked. It is the number quoted in the issue.
//
// Series (all on one thread/core, median of the rounds):
//   core        SIPTransactionCore driven directly; messages handed over as values (the result line)
//   core, TU messages prebuilt   the same with the OPTIONS and the 200 built before timing
//               (a pool of 4096 reused round-robin): the transaction work alone
//   core+wire   the same, but every hop serializes the message and parses the bytes again
//   actor       two SIPTransactionLayer actors on a SystemClock, awaited from one task
//
// Options: --rounds N (default 7), --warmup N (default 2), --round-ms N (default 200),
//          --filter TEXT (only the series whose label contains TEXT; the result line then may say nan).
import Glibc
import SIPCore
import SIPTransaction
import StackCore
import Synchronization

// MARK: - Helpers

func monotonicNs() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

func fail(_ message: String) -> Never {
    print("transaction-bench: error: \(message)")
    exit(1)
}

/// Fixed-point formatting without Foundation.
func format(_ value: Double, decimals: Int) -> String {
    guard value.isFinite else { return "\(value)" }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    let whole = Int(scaled / scale)
    var text = (value < 0 && scaled != 0 ? "-" : "") + String(whole)
    if decimals > 0 {
        var digits = String(Int(scaled - Double(whole) * scale))
        while digits.count < decimals { digits = "0" + digits }
        text += "." + digits
    }
    return text
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

struct Options {
    var rounds = 7
    var warmup = 2
    var roundMs = 200.0
    var filter: String?

    init(_ arguments: [String]) {
        var it = arguments.dropFirst().makeIterator()
        while let arg = it.next() {
            func value() -> Double {
                guard let text = it.next(), let v = Double(text) else { fail("\(arg) needs a number") }
                return v
            }
            switch arg {
            case "--rounds": rounds = max(1, Int(value()))
            case "--warmup": warmup = max(0, Int(value()))
            case "--round-ms": roundMs = max(1, value())
            case "--filter":
                guard let text = it.next() else { fail("--filter needs a value") }
                filter = text
            case "-h", "--help":
                print("usage: transaction-bench [--rounds N] [--warmup N] [--round-ms MS] [--filter TEXT]")
                exit(0)
            default: fail("unknown argument \(arg)")
            }
        }
    }
}

// MARK: - The messages

enum Endpoints {
    static let client = SIPTransactionDestination(host: "client.example.com", port: 5060, transport: "TCP")
    static let server = SIPTransactionDestination(host: "server.example.com", port: 5060, transport: "TCP")
    static let uri = SIPURI(user: "bob", host: .domain("server.example.com"))
    static let from = SIPNameAddress(uri: SIPURI(user: "alice", host: .domain("client.example.com")),
                                     parameters: [SIPParameter("tag", "a73kszlfl")])
    static let to = SIPNameAddress(uri: uri)

    /// The client TU's OPTIONS with a fresh branch (also used as Call-ID: unique per transaction).
    static func options(branch: String, cseq: UInt32) throws -> SIPMessage {
        let via = SIPVia(transport: "TCP", host: .domain("client.example.com"), port: 5060,
                         parameters: [SIPParameter("branch", branch)])
        return try SIPMessageBuilder.request(method: .options, uri: uri, via: via, from: from, to: to,
                                             callID: branch, cseq: cseq)
    }

    /// The server TU's answer.
    static func ok(to request: SIPMessage) throws -> SIPMessage {
        try SIPMessageBuilder.response(to: request, status: 200, toTag: "s8d7f6")
    }
}

// MARK: - Driver

let options = Options(CommandLine.arguments)

#if DEBUG
print("# WARNING: debug build; numbers are meaningless. Use: swift run -c release --package-path Benchmarks transaction-bench")
#endif
print("# transaction-bench: non-INVITE (OPTIONS → 200) over an in-memory reliable transport, one thread; \(options.warmup) warm-up + \(options.rounds) rounds of ~\(format(options.roundMs, decimals: 0)) ms per series, median reported")

/// Transactions per second of `run(count)` over rounds of about `roundMs`.
func measure(_ label: String, _ run: (Int) async throws -> Int) async -> Double {
    if let filter = options.filter, !label.contains(filter) { return .nan }
    var count = 256
    // Calibrate: grow until one batch takes at least 20 ms.
    while true {
        let start = monotonicNs()
        do { _ = try await run(count) } catch { fail("\(label): \(error)") }
        let ns = Double(monotonicNs() - start)
        if ns >= 20_000_000 || count >= 1 << 24 {
            count = max(256, Int(Double(count) * options.roundMs * 1_000_000 / ns))
            break
        }
        count *= 4
    }
    var rates: [Double] = []
    for round in 0..<(options.warmup + options.rounds) {
        let start = monotonicNs()
        let completed: Int
        do { completed = try await run(count) } catch { fail("\(label): \(error)") }
        let ns = Double(monotonicNs() - start)
        if completed != count { fail("\(label): \(completed) of \(count) transactions completed") }
        if round >= options.warmup { rates.append(Double(count) / ns * 1_000_000_000) }
    }
    let mid = median(rates)
    let spread = ((rates.max() ?? 0) - (rates.min() ?? 0)) / mid * 100
    print("# \(label): \(format(mid, decimals: 0)) transactions/s (\(format(1_000_000_000 / mid, decimals: 0)) ns each), \(count)/round, spread (max-min)/median \(format(spread, decimals: 1))%")
    return mid
}

var core = try CorePair(wire: false)
let coreRate = await measure("core") { try core.run($0) }
if core.client.count != 0 || core.server.count != 0 { fail("core: transactions left behind") }
var prebuilt = try CorePair(wire: false, prebuilt: true)
_ = await measure("core, TU messages prebuilt (transaction work only)") { try prebuilt.run($0) }
var wired = try CorePair(wire: true)
_ = await measure("core+wire") { try wired.run($0) }
let pair = ActorPair()
var actorSequence: UInt32 = 0
_ = await measure("actor") { count in
    defer { actorSequence &+= UInt32(count) }
    return try await pair.run(count, startingAt: actorSequence)
}
let leftBehind = await pair.client.transactionCount + pair.server.transactionCount
if leftBehind != 0 { fail("actor: \(leftBehind) transactions left behind") }
let peer = 220_000.0
print("transactions: ours \(format(coreRate, decimals: 0))/s, peer \(format(peer, decimals: 0))/s (pjsip, reference figure from the issue, not measured here), ratio \(format(coreRate / peer, decimals: 2))")
