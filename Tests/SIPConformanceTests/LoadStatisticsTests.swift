import SIPConformance
import StackCore
import Testing

/// Load mode's response-time percentiles, the report's rates and its JSON.
@Suite struct LoadStatisticsTests {
    @Test("nearest-rank percentiles of 1…100 ms: p50 50, p90 90, p99 99, max 100")
    func percentilesOfHundred() throws {
        var samples = LoadLatencySamples()
        for value in (1...100).reversed() { samples.add(.milliseconds(value)) }
        let summary = try #require(samples.percentiles())
        #expect(summary == LoadPercentiles(count: 100, p50: 50, p90: 90, p99: 99, max: 100))
    }

    @Test("one sample is every percentile; no samples give nil; microsecond resolution")
    func edgeCases() throws {
        #expect(LoadLatencySamples().percentiles() == nil)
        var one = LoadLatencySamples()
        one.add(nanoseconds: 1_234_567)
        #expect(one.percentiles() == LoadPercentiles(count: 1, p50: 1.234, p90: 1.234, p99: 1.234, max: 1.234))
        var negative = LoadLatencySamples()
        negative.add(.milliseconds(-5))
        #expect(negative.microseconds == [0])
        #expect(LoadLatencySamples.nearestRank([], 0.5) == 0)
        #expect(LoadLatencySamples.nearestRank([7, 8, 9], 0) == 7)
        #expect(LoadLatencySamples.nearestRank([7, 8, 9], 1) == 9)
    }

    @Test("the report's rates, failure order, text and JSON agree")
    func report() {
        let report = LoadReport(
            scenario: .call, target: "sip:127.0.0.1:5060;transport=udp", requestedRate: 100, attempted: 200,
            succeeded: 190, failures: ["timeout": 2, "486": 3, "404": 4, "BYE 481": 1], elapsed: .seconds(2),
            startSpan: .milliseconds(1990), retransmissions: 7, strayMessages: 0,
            setupTimes: LoadPercentiles(count: 190, p50: 1, p90: 2, p99: 3, max: 4), byeTimes: nil)
        #expect(report.failed == 10)
        #expect(report.achievedRate == 100)
        #expect(report.startRate == 100)
        #expect(report.sortedFailures.map(\.0) == ["404", "486", "BYE 481", "timeout"])
        #expect(report.json.text == #"{"scenario":"call","target":"sip:127.0.0.1:5060;transport=udp","attempted":200,"succeeded":190,"failed":10,"failures":{"404":4,"486":3,"BYE 481":1,"timeout":2},"elapsed_s":2.0,"rate_requested":100.0,"rate_started":100.0,"rate_achieved":100.0,"retransmissions":7,"stray_messages":0,"response_ms":{"invite":{"count":190,"p50":1.0,"p90":2.0,"p99":3.0,"max":4.0},"bye":null}}"#)
        #expect(report.text.contains("calls: 200 attempted, 190 succeeded, 10 failed"))
        #expect(report.text.contains("failures: 404 ×4, 486 ×3, BYE 481 ×1, timeout ×2"))
        #expect(report.text.contains("BYE→200: no samples"))
    }

    @Test("targets: udp parsed, default port 5060, tcp/ws/sips refused, garbage invalid")
    func targets() throws {
        #expect(try LoadTarget(parsing: "sip:127.0.0.1:5070;transport=udp") == LoadTarget(host: "127.0.0.1", port: 5070))
        #expect(try LoadTarget(parsing: "sip:example.com") == LoadTarget(host: "example.com", port: 5060))
        #expect(try LoadTarget(parsing: "sip:[::1]:5080").hostPort == "[::1]:5080")
        #expect(throws: LoadError.unsupportedTarget("ws://127.0.0.1:8088/")) { try LoadTarget(parsing: "ws://127.0.0.1:8088/") }
        #expect(throws: LoadError.unsupportedTarget("sip:127.0.0.1;transport=tcp")) { try LoadTarget(parsing: "sip:127.0.0.1;transport=tcp") }
        #expect(throws: LoadError.invalidTarget("http://x")) { try LoadTarget(parsing: "http://x") }
        #expect(throws: LoadError.invalidTarget("sip:host;transport=carrier-pigeon")) { try LoadTarget(parsing: "sip:host;transport=carrier-pigeon") }
    }

    @Test("configuration checks: the default concurrency is ten seconds of calls; bad values are usage errors")
    func configuration() {
        let target = LoadTarget(host: "127.0.0.1", port: 5060)
        #expect(LoadConfiguration(target: target, scenario: .call, rate: 500, calls: 10).concurrency == 5000)
        #expect(LoadConfiguration(target: target, scenario: .call, rate: 1, calls: 10).concurrency == 100)
        #expect(throws: LoadError.self) { try LoadConfiguration(target: target, scenario: .call, rate: 0, calls: 10).validate() }
        #expect(throws: LoadError.self) { try LoadConfiguration(target: target, scenario: .call, rate: 10, calls: 0).validate() }
        #expect(throws: LoadError.self) { try LoadConfiguration(target: target, scenario: .call, rate: 10, calls: 1, callee: "a b").validate() }
        #expect(throws: LoadError.self) {
            try LoadConfiguration(target: target, scenario: .register, rate: 10, calls: 1, calleeMode: .direct).validate()
        }
        #expect(throws: Never.self) { try LoadConfiguration(target: target, scenario: .call, rate: 10, calls: 1).validate() }
    }
}
