// sip-bench: SIPCore's parser next to Sofia-SIP's, measured side by side in one run.
//
// Output (one line per benchmark, the format `make bench` and Docs/BENCHMARKS.md rely on):
//   name: ours X ns/msg, peer Y ns/msg (sofia-sip), ratio Z
// where ratio = ours / peer (below 1 means we are faster). Everything else is printed
// on lines starting with "#". Per message there are three lines, all against the same Sofia
// series: <message>-parse (SIPMessage(parsing:) alone; SIPCore parses headers lazily),
// <message>-parse+access (plus the typed Via/From/To/CSeq/Call-ID) and
// <message>-parse+validate+access (plus SIPValidator, RFC 3261 §8.2). See Docs/BENCHMARKS.md.
//
// Options: --rounds N (default 9), --warmup N (default 2), --round-ms N (default 40),
//          --messages DIR (default Benchmarks/Messages next to this package), --filter SUBSTRING.
import CSofiaBench
import Glibc
import SIPCore

// MARK: - Helpers

/// Keeps a value alive and opaque to the optimizer, so that work producing it is not removed.
@inline(never) @_optimize(none)
func blackHole<T>(_ value: T) {}

func monotonicNs() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

func fail(_ message: String) -> Never {
    var err = StandardError()
    print("sip-bench: error: \(message)", to: &err)
    exit(1)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        var bytes = Array(string.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }
}

func readFile(_ path: String) -> [UInt8]? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        if n == 0 { break }
        bytes.append(contentsOf: chunk[0..<n])
    }
    return bytes
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
        let frac = Int(scaled - Double(whole) * scale)
        var digits = String(frac)
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

// MARK: - The three measured operations

/// Times `iterations` parses of `bytes` followed by `work` on each message (ns per message).
/// `work` is inlined into the loop, so the three variants below differ only in what they touch.
@inline(__always)
func timeOurs(_ bytes: [UInt8], iterations: Int, _ what: String, _ work: (SIPMessage) -> Void) -> Double {
    var failures = 0
    let start = monotonicNs()
    for _ in 0..<iterations {
        do {
            work(try SIPMessage(parsing: bytes))
        } catch {
            failures += 1
        }
    }
    let elapsed = monotonicNs() - start
    if failures > 0 { fail("\(what) failed \(failures) times") }
    return Double(elapsed) / Double(iterations)
}

/// Ours, the lazy parse alone (start line, header spans, Content-Length, body).
@inline(never)
func oursParse(_ bytes: [UInt8], iterations: Int) -> Double {
    timeOurs(bytes, iterations: iterations, "SIPMessage(parsing:)") { blackHole($0) }
}

/// Ours, parse plus the typed headers every transaction layer reads (Via, From, To, CSeq,
/// Call-ID), without the validator.
@inline(never)
func oursParseAccess(_ bytes: [UInt8], iterations: Int) -> Double {
    timeOurs(bytes, iterations: iterations, "parse+access") { touchTransactionHeaders($0) }
}

/// Reads the typed headers every transaction layer needs.
@inline(__always)
func touchTransactionHeaders(_ message: SIPMessage) {
    blackHole(message.via)
    blackHole(message.from)
    blackHole(message.to)
    blackHole(message.cseq)
    blackHole(message.callID)
}

/// Ours, honest about lazy parsing: parse, run the RFC 3261 §8.2 validator, and touch the
/// typed headers every transaction layer reads (Via, From, To, CSeq, Call-ID).
@inline(never)
func oursParseValidateAccess(_ bytes: [UInt8], iterations: Int) -> Double {
    timeOurs(bytes, iterations: iterations, "parse+validate") { message in
        blackHole(SIPValidator().validate(message))
        touchTransactionHeaders(message)
    }
}

/// Peer: Sofia-SIP's msg_make (copy + extract + parse of every header) and msg_destroy.
@inline(never)
func peerParse(_ bytes: [UInt8], iterations: Int) -> Double {
    let ns = bytes.withUnsafeBufferPointer { buffer in
        buffer.withMemoryRebound(to: CChar.self) { chars in
            sofia_parse_ns(chars.baseAddress, chars.count, Int32(iterations))
        }
    }
    if ns < 0 { fail("Sofia-SIP failed to parse the message") }
    return ns
}

// MARK: - Options

struct Options {
    var rounds = 9
    var warmup = 2
    var roundMs = 40.0
    var messagesDir: String = {
        // #filePath = <repo>/Benchmarks/Sources/sip-bench/main.swift
        var parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/") + "/Messages"
    }()
    var filter: String?

    init(_ arguments: [String]) {
        var it = arguments.dropFirst().makeIterator()
        func value(_ name: String) -> String {
            guard let v = it.next() else { fail("\(name) needs a value") }
            return v
        }
        while let arg = it.next() {
            switch arg {
            case "--rounds": rounds = max(1, Int(value(arg)) ?? rounds)
            case "--warmup": warmup = max(0, Int(value(arg)) ?? warmup)
            case "--round-ms": roundMs = max(1, Double(value(arg)) ?? roundMs)
            case "--messages": messagesDir = value(arg)
            case "--filter": filter = value(arg)
            case "-h", "--help":
                print("usage: sip-bench [--rounds N] [--warmup N] [--round-ms MS] [--messages DIR] [--filter TEXT]")
                exit(0)
            default: fail("unknown argument \(arg)")
            }
        }
    }
}

// MARK: - Cross-check: both parsers must understand the message the same way

func crossCheck(name: String, bytes: [UInt8]) {
    var summary = sofia_parse_summary()
    let rc = bytes.withUnsafeBufferPointer { buffer in
        buffer.withMemoryRebound(to: CChar.self) { sofia_parse_check($0.baseAddress, $0.count, &summary) }
    }
    if rc != 0 { fail("\(name): Sofia-SIP rejects the message (\(summary.header_errors) bad headers)") }
    let sofiaCallID = withUnsafeBytes(of: summary.call_id) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    }
    let message: SIPMessage
    do {
        message = try SIPMessage(parsing: bytes)
    } catch {
        fail("\(name): SIPMessage(parsing:) throws \(error)")
    }
    if message.callID != sofiaCallID {
        fail("\(name): Call-ID differs: ours \(message.callID ?? "nil"), Sofia \(sofiaCallID)")
    }
    if message.via.count != Int(summary.via_count) {
        fail("\(name): Via count differs: ours \(message.via.count), Sofia \(summary.via_count)")
    }
    if message.cseq == nil || message.from == nil || message.to == nil {
        fail("\(name): ours lacks CSeq/From/To")
    }
    let accepted = SIPValidator().validate(message).isAccepted
    print("# \(name): \(bytes.count) bytes, \(summary.via_count) Via, body \(summary.payload_len) bytes, Call-ID \(sofiaCallID): both parsers agree; SIPValidator \(accepted ? "accepts" : "REJECTS") it")
}

// MARK: - Driver

struct Benchmark {
    let name: String
    let file: String
}

let benchmarks = [
    Benchmark(name: "invite-sdp", file: "invite.sip"),
    Benchmark(name: "200ok-invite-sdp", file: "ok200.sip"),
    Benchmark(name: "register-auth", file: "register.sip"),
]

let options = Options(CommandLine.arguments)

#if DEBUG
print("# WARNING: debug build; numbers are meaningless. Use: swift run -c release --package-path Benchmarks sip-bench")
#endif
print("# sip-bench: peer Sofia-SIP \(String(cString: sofia_version())); \(options.warmup) warm-up + \(options.rounds) rounds of ~\(format(options.roundMs, decimals: 0)) ms per series, median reported")

/// Picks an iteration count so that one round of `run` lasts about `roundMs`.
func calibrate(_ run: (Int) -> Double, roundMs: Double) -> Int {
    var iterations = 64
    while true {
        let ns = run(iterations) * Double(iterations)
        if ns >= 5_000_000 || iterations >= 1 << 24 {
            let perIteration = ns / Double(iterations)
            return max(16, Int(roundMs * 1_000_000 / max(perIteration, 1)))
        }
        iterations *= 4
    }
}

func line(_ name: String, ours: Double, peer: Double) {
    print("\(name): ours \(format(ours, decimals: 0)) ns/msg, peer \(format(peer, decimals: 0)) ns/msg (sofia-sip), ratio \(format(ours / peer, decimals: 2))")
}

for benchmark in benchmarks {
    if let filter = options.filter, !benchmark.name.contains(filter) { continue }
    guard let bytes = readFile(options.messagesDir + "/" + benchmark.file) else {
        fail("cannot read \(options.messagesDir)/\(benchmark.file) (use --messages DIR)")
    }
    crossCheck(name: benchmark.name, bytes: bytes)

    typealias Series = (label: String, run: (Int) -> Double)
    let series: [Series] = [
        ("parse", { oursParse(bytes, iterations: $0) }),
        ("parse+access", { oursParseAccess(bytes, iterations: $0) }),
        ("parse+validate+access", { oursParseValidateAccess(bytes, iterations: $0) }),
        ("peer", { peerParse(bytes, iterations: $0) }),
    ]
    let iterations = series.map { calibrate($0.run, roundMs: options.roundMs) }
    for _ in 0..<options.warmup {
        for (index, entry) in series.enumerated() { _ = entry.run(iterations[index]) }
    }
    var samples = Array(repeating: [Double](), count: series.count)
    for round in 0..<options.rounds {
        // Rotate the order every round so that neither side always runs first after a switch.
        for step in 0..<series.count {
            let index = (round + step) % series.count
            samples[index].append(series[index].run(iterations[index]))
        }
    }
    let medians = samples.map(median)
    let spreads = samples.map { s in (s.max()! - s.min()!) / median(s) * 100 }
    print("# \(benchmark.name): iterations/round \(iterations.map(String.init).joined(separator: "/")), spread (max-min)/median \(spreads.map { format($0, decimals: 1) + "%" }.joined(separator: "/")) for \(series.map(\.label).joined(separator: "/"))")
    let peer = medians[series.count - 1]
    for index in 0..<(series.count - 1) {
        line("\(benchmark.name)-\(series[index].label)", ours: medians[index], peer: peer)
    }
}
