// Shared by sdp-bench and stun-bench: options, timing, the median of rounds, formatting.
import Glibc

/// Keeps a value alive and opaque to the optimizer.
@inline(never) @_optimize(none)
public func blackHole<T>(_ value: T) {}

/// Monotonic nanoseconds.
public func monotonicNs() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Prints `name: error: message` and exits 1.
public func fail(_ name: String, _ message: String) -> Never {
    print("\(name): error: \(message)")
    exit(1)
}

/// `--rounds N` (9), `--warmup N` (2), `--round-ms N` (40).
public struct BenchOptions: Sendable {
    public var rounds = 9, warmup = 2, roundMs = 40

    public init(_ arguments: [String], name: String) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--rounds": rounds = Int(iterator.next() ?? "") ?? rounds
            case "--warmup": warmup = Int(iterator.next() ?? "") ?? warmup
            case "--round-ms": roundMs = Int(iterator.next() ?? "") ?? roundMs
            default: fail(name, "unknown option \(argument)")
            }
        }
    }

    /// Median ns per operation of `body(count)`: `count` doubled until a round takes about a
    /// quarter of `roundMs`, then warm-up rounds and measured rounds.
    public func measure(_ body: (Int) -> Void) -> Double {
        var count = 16
        while true {
            let start = monotonicNs()
            body(count)
            if monotonicNs() - start > UInt64(roundMs) * 250_000 || count > 1 << 26 { break }
            count *= 2
        }
        var samples: [Double] = []
        for round in 0..<(warmup + rounds) {
            let start = monotonicNs()
            body(count)
            if round >= warmup { samples.append(Double(monotonicNs() - start) / Double(count)) }
        }
        samples.sort()
        return samples[samples.count / 2]
    }
}

/// Fixed-point text of `value` with `decimals` digits, without Foundation.
public func format(_ value: Double, decimals: Int = 1) -> String {
    var scale = 1
    for _ in 0..<decimals { scale *= 10 }
    let scaled = Int((value * Double(scale)).rounded())
    var digits = String(abs(scaled % scale))
    while digits.count < decimals { digits = "0" + digits }
    return decimals == 0 ? String(scaled) : "\(scaled / scale).\(digits)"
}
