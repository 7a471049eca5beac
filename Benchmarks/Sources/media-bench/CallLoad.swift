// calls-per-core-*: how many loopback calls one thread carries at a fixed 20 ms rate with
// fewer than 1 % of packets late. Every tick, for every call: both engines sendTick, the
// datagrams cross in memory (decrypt in place at the receiver), both engines playoutTick.
import BenchSupport
import DTLS
import Glibc
import MediaTransport
import SDP

/// The calls of a trial (handshaken once, kept for later trials that need as many or more).
final class CallPool {
    let codec: SDPAudioCodec
    let aCertificate: DTLSCertificate, bCertificate: DTLSCertificate
    /// Opus only: a complexity other than the engine's 10, forced on both encoders of each call.
    let opusComplexity: Int?
    /// RTP/AVP calls: no DTLS, no SRTP.
    let plainRTP: Bool
    private(set) var calls: [LoopbackCall] = []
    /// Ticks run so far (staggers each call's RTCP: one compound per engine every 250 ticks = 5 s).
    var ticks = 0

    init(codec: SDPAudioCodec, aCertificate: DTLSCertificate, bCertificate: DTLSCertificate, opusComplexity: Int? = nil,
         plainRTP: Bool = false) {
        self.codec = codec
        self.plainRTP = plainRTP
        self.opusComplexity = opusComplexity
        self.aCertificate = aCertificate
        self.bCertificate = bCertificate
    }

    /// Exactly `count` calls alive: extra ones are ended and freed (idle calls are not free
    /// here: every live libsrtp context slows every packet down, see srtp-gcm's crowded line).
    func resize(to count: Int) {
        if calls.count > count { calls.removeLast(calls.count - count) }
        grow(to: count)
    }

    func grow(to count: Int) {
        calls.reserveCapacity(count)
        while calls.count < count {
            do {
                let call = try LoopbackCall(codec: codec, aCertificate: aCertificate, bCertificate: bCertificate,
                                            plainRTP: plainRTP, opusComplexity: opusComplexity ?? 10)
                try call.handshake()
                calls.append(call)
            } catch {
                fail("media-bench", "cannot set up call \(calls.count + 1): \(error)")
            }
        }
    }
}

/// What one trial at N calls measured (the warm-up ticks excluded).
struct TrialResult {
    var calls: Int
    var late = 0, packets = 0
    var ticks = 0
    /// Thread CPU time, and time spent in the ticks' work (not sleeping).
    var cpuNs: UInt64 = 0, busyNs: UInt64 = 0
    /// The longest tick's work.
    var maxTickNs: UInt64 = 0
    /// Frames decoded from packets, and SRTP drops, over the measured ticks, all engines.
    var decoded = 0, srtpDropped = 0
    /// Stopped early: more than 1 % of the planned packets were already late.
    var aborted = false

    var lateFraction: Double { packets == 0 ? 1 : Double(late) / Double(packets) }
    var passed: Bool { !aborted && lateFraction < 0.01 }
    /// Wall time of one call's work in a tick (both ends), averaged.
    var busyPerCallNs: Double { Double(busyNs) / Double(max(ticks, 1)) / Double(calls) }
    /// CPU time per call per second of call, in microseconds.
    var cpuPerCallSecondUs: Double { Double(cpuNs) / 1000 / Double(calls) / (Double(ticks) * 0.02) }
}

func threadCPUNs() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

func sleepUntil(_ deadline: UInt64) {
    var ts = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
    while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nil) == EINTR {}
}

let framePeriodNs: UInt64 = 20_000_000

/// Runs `warmupTicks + ticks` paced 20 ms ticks over the first `count` calls of `pool`.
/// A packet (two per call per tick: A's and B's) is late when its tick started more than one
/// frame after the tick's deadline, or when the call's work finished after the next deadline.
func runTrial(_ pool: CallPool, count: Int, warmupTicks: Int, ticks: Int) -> TrialResult {
    pool.resize(to: count)
    let calls = pool.calls
    var result = TrialResult(calls: count)
    func totals() -> (decoded: Int, dropped: Int) {
        var decoded = 0, dropped = 0
        for call in calls {
            decoded += call.a.receiveChain.statistics.decoded + call.b.receiveChain.statistics.decoded
            dropped += call.a.statistics.srtpDropped + call.b.statistics.srtpDropped
        }
        return (decoded, dropped)
    }
    var before = totals()
    var cpuStart = threadCPUNs()
    var deadline = monotonicNs() + 2_000_000
    for tick in 0..<(warmupTicks + ticks) {
        let measured = tick >= warmupTicks
        if tick == warmupTicks {
            before = totals()
            cpuStart = threadCPUNs()
        }
        sleepUntil(deadline)
        let next = deadline + framePeriodNs
        let start = monotonicNs()
        let startedLate = start > next
        var previous = start
        var late = 0
        let phase = pool.ticks
        for (index, call) in calls.enumerated() {
            call.tick(arrival: previous, rtcp: (phase + index) % 250 == 0)
            let done = monotonicNs()
            if startedLate || done > next { late += 2 }
            previous = done
        }
        pool.ticks += 1
        if measured {
            result.late += late
            result.packets += 2 * count
            result.ticks += 1
            result.busyNs += previous - start
            result.maxTickNs = max(result.maxTickNs, previous - start)
            // Already more than 1 % of all the trial's packets late: a fail whatever follows.
            if result.late * 100 > 2 * count * ticks {
                result.aborted = true
                break
            }
        }
        deadline = next
    }
    result.cpuNs = threadCPUNs() - cpuStart
    let after = totals()
    result.decoded = after.decoded - before.decoded
    result.srtpDropped = after.dropped - before.dropped
    return result
}

/// Per call-tick cost of `count` calls run back to back without pacing (for the first guess).
func unpacedCostNs(_ pool: CallPool, count: Int, ticks: Int) -> Double {
    pool.grow(to: count)
    let calls = Array(pool.calls.prefix(count))
    for call in calls { call.tick(arrival: monotonicNs(), rtcp: false) }
    let start = monotonicNs()
    for _ in 0..<ticks {
        let now = monotonicNs()
        for call in calls { call.tick(arrival: now, rtcp: false) }
    }
    return Double(monotonicNs() - start) / Double(ticks * count)
}

/// Searches the largest N with under 1 % late packets, within `budgetSeconds` (set-up included).
func callsPerCore(name: String, pool: CallPool, goal: Int, trialMs: Int, budgetSeconds: Double) {
    print("# \(name): searching (budget \(format(budgetSeconds, decimals: 0)) s)...")
    let begin = monotonicNs()
    let budgetEnd = begin + UInt64(budgetSeconds * 1e9)
    let warmupTicks = 10
    let ticks = max(10, trialMs / 20)
    let trialNs = UInt64((warmupTicks + ticks) * 20) * 1_000_000

    // First guess from the unpaced cost of a few calls (optimistic: a large N no longer fits in cache).
    let perCallTick = unpacedCostNs(pool, count: 16, ticks: 25)
    let guess = max(1, Int(Double(framePeriodNs) / perCallTick))
    print("# \(name): unpaced, 16 calls: \(format(perCallTick / 1000, decimals: 1)) us per call per tick (both ends) → first guess \(guess) calls")

    var passing: TrialResult?
    var lowest: Int? = nil  // smallest failing N
    var n = max(1, guess * 3 / 4)
    var trials: [String] = []
    var setupPerCallNs = 0.0
    var setUp = 0
    while true {
        let newCalls = max(0, n - pool.calls.count)
        setUp += newCalls
        let now = monotonicNs()
        if now + trialNs + UInt64(Double(newCalls) * setupPerCallNs) > budgetEnd { break }
        let setupStart = monotonicNs()
        pool.resize(to: n)
        if newCalls > 0 { setupPerCallNs = Double(monotonicNs() - setupStart) / Double(newCalls) }
        let result = runTrial(pool, count: n, warmupTicks: warmupTicks, ticks: ticks)
        trials.append("\(n)\(result.passed ? "✓" : "✗")\(result.aborted ? ">1" : format(result.lateFraction * 100, decimals: 1))%")
        if result.passed {
            if passing.map({ result.calls > $0.calls }) ?? true { passing = result }
        } else {
            lowest = min(lowest ?? .max, n)
        }
        let low = passing?.calls ?? 0
        if let high = lowest {
            if low == 0 {
                // Too many: aim at 90 % of the tick with what one call cost in this trial
                // (an overestimate for fewer calls, so the next trial is likely to pass).
                let fit = Int(0.9 * Double(framePeriodNs) / result.busyPerCallNs)
                n = max(1, min(n * 9 / 10, max(n / 4, fit)))
                if n >= high { break }
                continue
            }
            if high - low <= max(1, low / 50) { break }
            n = (low + high) / 2
        } else {
            n = n + max(1, n / 4)
        }
    }
    let elapsed = Double(monotonicNs() - begin) / 1e9
    print("# \(name): trials (N, pass/fail, late %): \(trials.joined(separator: " ")); \(setUp) calls set up (\(format(setupPerCallNs / 1e6, decimals: 2)) ms per call\(pool.plainRTP ? "" : ", DTLS handshake included")), \(format(elapsed, decimals: 0)) s")
    guard let best = passing else {
        print("\(name): ours 0 calls (even \(n) call(s) were late), peer \(goal) calls (goal, not measured), ratio 0.00")
        return
    }
    let expectedFrames = 2 * best.calls * best.ticks
    print("# \(name): at \(best.calls) calls: \(best.late) of \(best.packets) packets late (\(format(best.lateFraction * 100, decimals: 2))%), longest tick \(format(Double(best.maxTickNs) / 1e6, decimals: 1)) ms, busy \(format(Double(best.busyNs) / Double(best.ticks) / Double(framePeriodNs) * 100, decimals: 0))% of each 20 ms; decoded \(best.decoded)/\(expectedFrames) frames, SRTP drops \(best.srtpDropped)")
    print("# \(name): CPU \(format(best.cpuPerCallSecondUs, decimals: 0)) us per call-second (both ends of the call; thread CPU time over \(best.ticks) ticks / calls / seconds) = \(format(best.cpuPerCallSecondUs / 10_000, decimals: 2))% of a core per call, i.e. \(Int(1_000_000 / best.cpuPerCallSecondUs)) calls if CPU time were the only limit")
    print("\(name): ours \(best.calls) calls, peer \(goal) calls (goal, not measured), ratio \(format(Double(best.calls) / Double(goal), decimals: 2))")
}
