import StackCore

/// Response times of one kind of transaction, kept as microseconds (one `UInt32` each) and
/// summarised once at the end.
public struct LoadLatencySamples: Sendable {
    /// The samples, in arrival order, in microseconds.
    public private(set) var microseconds: [UInt32] = []

    /// Creates an empty set, with room for `capacity` samples.
    public init(capacity: Int = 0) {
        microseconds.reserveCapacity(capacity)
    }

    /// Adds one response time (negative durations count as zero, longer than ~71 minutes as the
    /// largest value).
    public mutating func add(_ duration: Duration) {
        add(nanoseconds: duration.saturatingNanoseconds)
    }

    /// Adds one response time given in nanoseconds.
    public mutating func add(nanoseconds: Int64) {
        let micro = max(0, nanoseconds / 1000)
        microseconds.append(UInt32(clamping: micro))
    }

    /// How many samples there are.
    public var count: Int { microseconds.count }

    /// p50, p90, p99 and the maximum (nearest-rank), or nil without samples.
    public func percentiles() -> LoadPercentiles? {
        guard !microseconds.isEmpty else { return nil }
        let sorted = microseconds.sorted()
        return LoadPercentiles(count: sorted.count,
                               p50: Self.milliseconds(Self.nearestRank(sorted, 0.50)),
                               p90: Self.milliseconds(Self.nearestRank(sorted, 0.90)),
                               p99: Self.milliseconds(Self.nearestRank(sorted, 0.99)),
                               max: Self.milliseconds(sorted[sorted.count - 1]))
    }

    /// The nearest-rank percentile of sorted values: the smallest value with at least
    /// `fraction` of all values at or below it; 0 for no values.
    public static func nearestRank(_ sorted: [UInt32], _ fraction: Double) -> UInt32 {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    static func milliseconds(_ micro: UInt32) -> Double { Double(micro) / 1000 }
}

/// A summary of response times, in milliseconds.
public struct LoadPercentiles: Sendable, Equatable {
    /// How many samples.
    public var count: Int
    /// Median.
    public var p50: Double
    /// 90th percentile.
    public var p90: Double
    /// 99th percentile.
    public var p99: Double
    /// Largest.
    public var max: Double

    /// Creates a summary.
    public init(count: Int, p50: Double, p90: Double, p99: Double, max: Double) {
        self.count = count
        self.p50 = p50
        self.p90 = p90
        self.p99 = p99
        self.max = max
    }

    var json: JSONValue {
        .object([("count", .int(count)), ("p50", .double(Self.rounded(p50))), ("p90", .double(Self.rounded(p90))),
                 ("p99", .double(Self.rounded(p99))), ("max", .double(Self.rounded(max)))])
    }

    static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}

/// The outcome of a load run: what `sip-conform load` prints.
public struct LoadReport: Sendable {
    /// The scenario run.
    public var scenario: LoadScenario
    /// The target, as given.
    public var target: String
    /// The requested start rate (calls per second).
    public var requestedRate: Double
    /// Calls started.
    public var attempted: Int
    /// Calls that ended as planned (every final response a 2xx).
    public var succeeded: Int
    /// Failed calls by cause: the final status of the INVITE or REGISTER (`"404"`), `"timeout"`,
    /// or for the BYE of an answered call `"BYE 481"` / `"BYE timeout"`.
    public var failures: [String: Int]
    /// From the first call's start to the last call's end.
    public var elapsed: Duration
    /// From the first call's start to the last call's start.
    public var startSpan: Duration
    /// Requests sent again on Timer A/E.
    public var retransmissions: Int
    /// Datagrams that did not parse or matched no call.
    public var strayMessages: Int
    /// INVITE (or REGISTER) → final 2xx, from the first transmission (a digest round trip included).
    public var setupTimes: LoadPercentiles?
    /// BYE → 200 (`call` only).
    public var byeTimes: LoadPercentiles?

    /// Creates a report.
    public init(scenario: LoadScenario, target: String, requestedRate: Double, attempted: Int, succeeded: Int,
                failures: [String: Int], elapsed: Duration, startSpan: Duration, retransmissions: Int,
                strayMessages: Int, setupTimes: LoadPercentiles?, byeTimes: LoadPercentiles?) {
        self.scenario = scenario
        self.target = target
        self.requestedRate = requestedRate
        self.attempted = attempted
        self.succeeded = succeeded
        self.failures = failures
        self.elapsed = elapsed
        self.startSpan = startSpan
        self.retransmissions = retransmissions
        self.strayMessages = strayMessages
        self.setupTimes = setupTimes
        self.byeTimes = byeTimes
    }

    /// Calls that failed, all causes.
    public var failed: Int { failures.values.reduce(0, +) }

    /// Calls completed (succeeded or failed) per second of ``elapsed``.
    public var achievedRate: Double { Self.rate(succeeded + failed, elapsed) }

    /// Calls started per second between the first and the last start (the pacing achieved).
    public var startRate: Double { attempted > 1 ? Self.rate(attempted - 1, startSpan) : 0 }

    static func rate(_ count: Int, _ duration: Duration) -> Double {
        let seconds = duration.inSeconds
        return seconds > 0 ? Double(count) / seconds : 0
    }


    /// The failure causes in a stable order: numeric statuses first, ascending, then the rest.
    public var sortedFailures: [(String, Int)] {
        failures.sorted { a, b in
            switch (Int(a.key), Int(b.key)) {
            case let (x?, y?): x < y
            case (_?, nil): true
            case (nil, _?): false
            case (nil, nil): a.key < b.key
            }
        }.map { ($0.key, $0.value) }
    }

    private var setupName: String { scenario == .call ? "invite" : "register" }

    /// The report as one JSON object (`--json`).
    public var json: JSONValue {
        var times: [(String, JSONValue)] = [(setupName, setupTimes?.json ?? .null)]
        if scenario == .call { times.append(("bye", byeTimes?.json ?? .null)) }
        return .object([
            ("scenario", .string(scenario.rawValue)),
            ("target", .string(target)),
            ("attempted", .int(attempted)),
            ("succeeded", .int(succeeded)),
            ("failed", .int(failed)),
            ("failures", .object(sortedFailures.map { ($0.0, .int($0.1)) })),
            ("elapsed_s", .double(LoadPercentiles.rounded(elapsed.inSeconds))),
            ("rate_requested", .double(LoadPercentiles.rounded(requestedRate))),
            ("rate_started", .double(LoadPercentiles.rounded(startRate))),
            ("rate_achieved", .double(LoadPercentiles.rounded(achievedRate))),
            ("retransmissions", .int(retransmissions)),
            ("stray_messages", .int(strayMessages)),
            ("response_ms", .object(times)),
        ])
    }

    /// The report as text lines.
    public var text: String {
        var lines: [String] = []
        lines.append("scenario \(scenario.rawValue) → \(target)")
        lines.append("calls: \(attempted) attempted, \(succeeded) succeeded, \(failed) failed")
        if !failures.isEmpty {
            lines.append("failures: " + sortedFailures.map { "\($0.0) ×\($0.1)" }.joined(separator: ", "))
        }
        lines.append("rate: requested \(Self.format(requestedRate))/s, started \(Self.format(startRate))/s, "
                     + "achieved \(Self.format(achievedRate))/s over \(Self.format(elapsed.inSeconds)) s")
        lines.append("retransmissions: \(retransmissions)" + (strayMessages > 0 ? ", stray messages: \(strayMessages)" : ""))
        func line(_ name: String, _ value: LoadPercentiles?) -> String {
            guard let value else { return "\(name): no samples" }
            return "\(name): p50 \(Self.format(value.p50)) ms, p90 \(Self.format(value.p90)) ms, "
                + "p99 \(Self.format(value.p99)) ms, max \(Self.format(value.max)) ms (n=\(value.count))"
        }
        lines.append(line(scenario == .call ? "INVITE→200" : "REGISTER→200", setupTimes))
        if scenario == .call { lines.append(line("BYE→200", byeTimes)) }
        return lines.joined(separator: "\n")
    }

    static func format(_ value: Double) -> String {
        let scaled = (value * 10).rounded() / 10
        return scaled == scaled.rounded() ? String(Int(scaled)) : String(scaled)
    }
}
