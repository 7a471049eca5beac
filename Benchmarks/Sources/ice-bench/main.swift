// ice-bench: ICE time to connected on loopback, our agent next to aioice (the ICE agent of
// aiortc), measured in the same run.
//
// Ours: two ICEAgents (controlling, controlled) on 127.0.0.1 gather host candidates, exchange
// credentials and candidates directly, then both start; the time from the start until both
// report `connected` is one sample. The peer: Benchmarks/peers/aioice_connect.py does the same
// with two aioice Connections (from the venv `make peer-deps` creates, .venv-peers). Output:
//   ice-connect: ours X ms, peer Y ms (aioice), ratio Z      (median of the rounds; ratio = ours / peer)
// Options: --rounds N (default 15), --warmup N (default 3), --python PATH (default .venv-peers/bin/python).
import Foundation
import ICE
import StackCore

struct Options {
    var rounds = 15, warmup = 3
    var python = ".venv-peers/bin/python"

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--rounds": rounds = Int(iterator.next() ?? "") ?? rounds
            case "--warmup": warmup = Int(iterator.next() ?? "") ?? warmup
            case "--python": python = iterator.next() ?? python
            default:
                print("ice-bench: unknown option \(argument)")
                exit(2)
            }
        }
    }
}

func format(_ value: Double, decimals: Int = 3) -> String { String(format: "%.\(decimals)f", value) }

func connected(_ events: AsyncStream<ICEAgent.Event>) async {
    for await event in events {
        if case .agent(.state(.connected)) = event { return }
    }
}

/// One round: milliseconds from start() on both agents until both are connected.
func ourRound() async throws -> Double {
    let a = ICEAgent(role: .controlling, clock: SystemClock.shared)
    let b = ICEAgent(role: .controlled, clock: SystemClock.shared)
    let aCandidates = try await a.gather()
    let bCandidates = try await b.gather()
    await a.setRemote(credentials: await b.localCredentials, candidates: bCandidates)
    await b.setRemote(credentials: await a.localCredentials, candidates: aCandidates)
    async let aUp: Void = connected(a.events)
    async let bUp: Void = connected(b.events)
    let start = ContinuousClock.now
    await a.start()
    await b.start()
    _ = await (aUp, bUp)
    let elapsed = ContinuousClock.now - start
    await a.close()
    await b.close()
    return Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}

let options = Options(CommandLine.arguments)
#if DEBUG
print("# WARNING: debug build; numbers are meaningless. Use: swift run -c release --package-path Benchmarks ice-bench")
#endif
for _ in 0..<options.warmup { _ = try await ourRound() }
var samples: [Double] = []
for _ in 0..<options.rounds { samples.append(try await ourRound()) }
let ours = median(samples)
print("# ours: \(options.rounds) rounds, median \(format(ours)) ms, min \(format(samples.min() ?? 0)) ms")

// The peer, in the same run.
let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("peers/aioice_connect.py").path
let process = Process()
process.executableURL = URL(fileURLWithPath: options.python)
process.arguments = [script, "--rounds", String(options.rounds), "--warmup", String(options.warmup)]
let pipe = Pipe()
process.standardOutput = pipe
do {
    try process.run()
} catch {
    print("ice-connect: ours \(format(ours)) ms, peer unavailable (\(options.python): \(error); run `make peer-deps`)")
    exit(1)
}
let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
process.waitUntilExit()
guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("aioice_ms: ") }),
      let value = line.dropFirst("aioice_ms: ".count).split(separator: " ").first.flatMap({ Double($0) }) else {
    print("ice-connect: ours \(format(ours)) ms, peer failed: \(output)")
    exit(1)
}
print("# peer: \(line)")
print("ice-connect: ours \(format(ours)) ms, peer \(format(value)) ms (aioice), ratio \(format(ours / value, decimals: 2))")
