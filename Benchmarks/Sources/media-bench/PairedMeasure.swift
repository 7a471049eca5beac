// Ours and the raw C library timed in alternating rounds, so that a burst of load from another
// process hits both series alike (the sip-bench way); BenchOptions gives rounds and round length.
import BenchSupport

/// The medians (ns per operation) of two interleaved series, and their spread.
struct PairedResult {
    var ours: Double, peer: Double
    /// (max − min) / median of each series, in percent.
    var oursSpread: Double, peerSpread: Double
    var oursCount: Int, peerCount: Int
    var ratio: Double { ours / peer }
}

/// Calibrates each body so that a round takes about `roundMs`, then runs `warmup + rounds`
/// rounds of both, alternating which goes first; medians of the measured rounds.
func measurePair(_ options: BenchOptions, ours: (Int) -> Void, peer: (Int) -> Void) -> PairedResult {
    func calibrate(_ body: (Int) -> Void) -> Int {
        var count = 4
        while true {
            let start = monotonicNs()
            body(count)
            let elapsed = monotonicNs() - start
            if elapsed > UInt64(options.roundMs) * 250_000 || count > 1 << 26 {
                // Scale to about one round.
                let perOp = Double(elapsed) / Double(count)
                return max(1, Int(Double(options.roundMs) * 1_000_000 / perOp))
            }
            count *= 2
        }
    }
    let oursCount = calibrate(ours), peerCount = calibrate(peer)
    var oursSamples: [Double] = [], peerSamples: [Double] = []
    for round in 0..<(options.warmup + options.rounds) {
        let order = round % 2 == 0 ? [0, 1] : [1, 0]
        for which in order {
            let count = which == 0 ? oursCount : peerCount
            let start = monotonicNs()
            if which == 0 { ours(count) } else { peer(count) }
            let perOp = Double(monotonicNs() - start) / Double(count)
            if round >= options.warmup {
                if which == 0 { oursSamples.append(perOp) } else { peerSamples.append(perOp) }
            }
        }
    }
    func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
    func spread(_ values: [Double]) -> Double {
        let m = median(values)
        return m > 0 ? (values.max()! - values.min()!) / m * 100 : 0
    }
    return PairedResult(ours: median(oursSamples), peer: median(peerSamples),
                        oursSpread: spread(oursSamples), peerSpread: spread(peerSamples),
                        oursCount: oursCount, peerCount: peerCount)
}
