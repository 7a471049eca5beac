import StackCore

/// A run's results written for people (one line per case), as JSON, or as JUnit XML.
public struct ConformanceReport: Sendable {
    /// The target as given.
    public var target: String
    /// Its role.
    public var role: ConformanceRole
    /// The target's software, when it said (Server or User-Agent).
    public var server: String?
    /// Every case's result, in run order.
    public var results: [ConformanceResult]

    /// Creates a report.
    public init(target: String, role: ConformanceRole, server: String?, results: [ConformanceResult]) {
        self.target = target
        self.role = role
        self.server = server
        self.results = results
    }

    /// How many cases ended each way.
    public func count(_ outcome: ConformanceResult.Outcome) -> Int { results.filter { $0.outcome == outcome }.count }

    /// Whether every case that ran passed (skips and known failures do not count against it).
    public var passed: Bool { count(.fail) == 0 }

    /// The readable line (and, for a failure, its detail lines) of one result.
    public static func line(_ result: ConformanceResult) -> String {
        let milliseconds = Int((result.duration.inSeconds * 1000).rounded())
        let label = switch result.outcome {
        case .pass: "PASS "
        case .fail: "FAIL "
        case .skip: "SKIP "
        case .knownFailure: "KNOWN"
        }
        var text = "\(label) \(result.id.padding(to: 40)) \(result.title)"
        switch result.outcome {
        case .pass:
            text += " (\(milliseconds) ms)"
        case .skip:
            text += " — skipped: \(result.detail ?? "")"
        case .fail, .knownFailure:
            if let reason = result.knownReason { text += "\n        known failure of this server: \(reason)" }
            text += "\n        expected: \(result.expectation ?? "")" + (result.reference.map { "  [\($0)]" } ?? "")
            text += "\n        got:      \(result.detail ?? "")"
            if let location = result.location { text += "\n        at:       \(location)" }
            if let message = result.message {
                text += "\n" + message.split(separator: "\n", omittingEmptySubsequences: false).map { "        | \($0)" }.joined(separator: "\n")
            }
        }
        return text
    }

    /// The summary line.
    public var summary: String {
        "\(results.count) cases: \(count(.pass)) passed, \(count(.fail)) failed, \(count(.knownFailure)) known failures, \(count(.skip)) skipped"
            + " — target \(target) (\(role.rawValue)\(server.map { ", \($0)" } ?? ""))"
    }

    /// The whole readable report.
    public var text: String {
        (results.map(Self.line) + [summary]).joined(separator: "\n")
    }

    /// One JSON object: the target, the counts and every case.
    public var json: String {
        let cases: [JSONValue] = results.map { result in
            var fields: [(String, JSONValue)] = [
                ("id", .string(result.id)), ("suite", .string(result.suite)), ("case", .string(result.name)),
                ("title", .string(result.title)), ("outcome", .string(result.outcome.rawValue)),
                ("durationMs", .double(result.duration.inSeconds * 1000)),
            ]
            if let value = result.expectation { fields.append(("expectation", .string(value))) }
            if let value = result.reference { fields.append(("reference", .string(value))) }
            if let value = result.detail { fields.append((result.outcome == .skip ? "reason" : "got", .string(value))) }
            if let value = result.location { fields.append(("at", .string(value))) }
            if let value = result.knownReason { fields.append(("knownReason", .string(value))) }
            if let value = result.message { fields.append(("message", .string(value))) }
            return .object(fields)
        }
        return JSONValue.object([
            ("target", .string(target)), ("role", .string(role.rawValue)), ("server", server.map(JSONValue.string) ?? .null),
            ("passed", .int(count(.pass))), ("failed", .int(count(.fail))), ("knownFailures", .int(count(.knownFailure))),
            ("skipped", .int(count(.skip))), ("cases", .array(cases)),
        ]).text
    }

    /// JUnit XML: a `testsuite` per suite, a `testcase` per case; known failures are skipped
    /// with their reason, so CI dashboards show them without failing.
    public var junit: String {
        var suites: [String] = []
        var order: [String] = []
        var grouped: [String: [ConformanceResult]] = [:]
        for result in results {
            if grouped[result.suite] == nil { order.append(result.suite) }
            grouped[result.suite, default: []].append(result)
        }
        for suite in order {
            let cases = grouped[suite] ?? []
            let failures = cases.filter { $0.outcome == .fail }.count
            let skipped = cases.filter { $0.outcome == .skip || $0.outcome == .knownFailure }.count
            let seconds = cases.reduce(0.0) { $0 + $1.duration.inSeconds }
            var body = "  <testsuite name=\"\(Self.escape(suite))\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\" time=\"\(String(format3: seconds))\">\n"
            for result in cases {
                body += "    <testcase classname=\"sip-conform.\(Self.escape(suite))\" name=\"\(Self.escape(result.name))\" time=\"\(String(format3: result.duration.inSeconds))\">"
                switch result.outcome {
                case .pass:
                    break
                case .skip:
                    body += "<skipped message=\"\(Self.escape(result.detail ?? ""))\"/>"
                case .knownFailure:
                    body += "<skipped message=\"known failure: \(Self.escape(result.knownReason ?? ""))\"/>"
                case .fail:
                    let headline = "expected \(result.expectation ?? "")" + (result.reference.map { " [\($0)]" } ?? "") + "; got \(result.detail ?? "")"
                    body += "<failure message=\"\(Self.escape(headline))\">\(Self.escape((result.location ?? "") + "\n" + (result.message ?? "")))</failure>"
                }
                body += "</testcase>\n"
            }
            suites.append(body + "  </testsuite>\n")
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"sip-conform\" tests=\"\(results.count)\" failures=\"\(count(.fail))\">\n"
            + suites.joined() + "</testsuites>\n"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n", "\t": out.unicodeScalars.append(scalar)
            default:
                // XML 1.0 has no control characters other than tab and line feeds.
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out += "\\x\(String(scalar.value, radix: 16))"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}

extension String {
    func padding(to width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }

    init(format3 value: Double) {
        let thousandths = Int((value * 1000).rounded())
        let fraction = String(thousandths % 1000)
        self = "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
