import Foundation
import Testing

private let tsharkPath: String? = ["/usr/bin/tshark", "/usr/local/bin/tshark"].first { FileManager.default.isExecutableFile(atPath: $0) }

/// `sip-replay` on the captures of real calls in `Fixtures/captures/` (recorded by
/// `scripts/record-captures.sh` from Kamailio, baresip and plivo-phone): the calls, states and
/// digits it finds are the ones the calls had, and its per-call SIP messages and RTP figures
/// agree with tshark's own analysis of the same file (`-Y sip`, `-z rtp,streams`).
@Suite(.serialized, .timeLimit(.minutes(2)),
       .enabled(if: tsharkPath != nil, "tshark not installed (make peer-deps installs it)"))
struct SIPReplayFixtureTests {
    static let folder = PlivoPhoneRunner.repositoryRoot.appendingPathComponent("Fixtures/captures")

    /// Runs a program, returns its standard output.
    static func run(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// `sip-replay --json FILE` decoded.
    static func report(_ name: String) throws -> [String: Any] {
        let (status, output) = try run(try PlivoPhoneRunner.binary("sip-replay").path, ["--json", folder.appendingPathComponent(name).path])
        #expect(status == 0)
        return try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
    }

    /// tshark's SIP messages per Call-ID.
    static func tsharkSIP(_ name: String) throws -> [String: Int] {
        let (_, output) = try run(try #require(tsharkPath), ["-r", folder.appendingPathComponent(name).path, "-Y", "sip",
                                                              "-T", "fields", "-e", "sip.Call-ID"])
        var counts: [String: Int] = [:]
        for line in output.split(separator: "\n") where !line.isEmpty { counts[String(line), default: 0] += 1 }
        return counts
    }

    /// tshark's `-z rtp,streams` rows: source, destination, SSRC → (packets, lost, max delta, max jitter, mean jitter).
    static func tsharkStreams(_ name: String) throws -> [String: (packets: Int, lost: Int, maxDelta: Double, maxJitter: Double, meanJitter: Double)] {
        let (_, output) = try run(try #require(tsharkPath), ["-r", folder.appendingPathComponent(name).path, "-q", "-z", "rtp,streams"])
        var rows: [String: (Int, Int, Double, Double, Double)] = [:]
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count >= 15, fields[6].hasPrefix("0x"), let ssrc = UInt32(fields[6].dropFirst(2), radix: 16) else { continue }
            // Payload names may be several words ("opus, telephone-event"): the figures start at
            // the first whole number after the SSRC: packets, lost, (lost %), min/mean/max delta,
            // min/mean/max jitter.
            guard let first = fields.indices.dropFirst(7).first(where: { Int(fields[$0]) != nil }), fields.count >= first + 9,
                  let packets = Int(fields[first]), let lost = Int(fields[first + 1]), let maxDelta = Double(fields[first + 5]),
                  let meanJitter = Double(fields[first + 7]), let maxJitter = Double(fields[first + 8]) else { continue }
            let key = "\(fields[2]):\(fields[3])>\(fields[4]):\(fields[5])/0x\(String(ssrc, radix: 16, uppercase: true))"
            rows[key] = (packets, lost, maxDelta, maxJitter, meanJitter)
        }
        return rows
    }

    static func calls(_ report: [String: Any]) -> [[String: Any]] { report["calls"] as? [[String: Any]] ?? [] }

    static func compareWithTshark(_ name: String, _ report: [String: Any], jitterFor codecs: Set<String> = ["opus"]) throws {
        // SIP: the messages of each call are the ones tshark decodes for that Call-ID.
        let sip = try Self.tsharkSIP(name)
        for call in Self.calls(report) {
            let callID = call["callID"] as? String ?? ""
            let count = (call["messages"] as? [Any] ?? []).count
            #expect(count == sip[callID], "\(name) \(callID): tshark \(sip[callID] ?? 0)")
        }
        // RTP: packets, loss and the largest gap agree exactly; jitter within 0.05 ms for streams
        // of one payload type (tshark folds RFC 4733 events into a stream's jitter, we do not).
        let theirs = try Self.tsharkStreams(name)
        let ours = report["streams"] as? [[String: Any]] ?? []
        #expect(ours.count == theirs.count, "\(name): \(ours.count) streams, tshark \(theirs.count)")
        for stream in ours {
            let key = "\(stream["source"] ?? "")>\(stream["destination"] ?? "")/\(stream["ssrc"] ?? "")"
            let row = try #require(theirs[key], "\(name): tshark has no stream \(key) (\(theirs.keys.sorted()))")
            #expect(stream["packets"] as? Int == row.packets && stream["lost"] as? Int == row.lost, "\(name) \(key)")
            let gap = stream["largestGapMs"] as? Double ?? -1
            #expect(abs(gap - row.maxDelta) < 0.01, "\(name) \(key): largest gap \(gap), tshark \(row.maxDelta)")
            let digits = stream["dtmf"] as? [Any] ?? []
            if digits.isEmpty {
                let maxJitter = stream["maxJitterMs"] as? Double ?? -1, meanJitter = stream["meanJitterMs"] as? Double ?? -1
                #expect(abs(maxJitter - row.maxJitter) < 0.05 && abs(meanJitter - row.meanJitter) < 0.05,
                        "\(name) \(key): jitter max \(maxJitter) mean \(meanJitter), tshark \(row.maxJitter) \(row.meanJitter)")
            }
        }
    }

    @Test("kamailio-udp-call: plivo-phone → Kamailio → baresip over UDP, answered, ended by the caller, RTP both ways, RFC 4733 digits 4 2")
    func udpCall() throws {
        let report = try Self.report("kamailio-udp-call.pcapng")
        let calls = Self.calls(report)
        let warnings = report["warnings"] as? [String] ?? ["?"]
        #expect(calls.count == 1 && warnings.isEmpty)
        let call = try #require(calls.first)
        #expect(call["state"] as? String == "ended" && call["endedBy"] as? String == "caller" && call["transport"] as? String == "UDP")
        let timeline = (call["timeline"] as? [[String: Any]] ?? []).map { $0["state"] as? String ?? "" }
        #expect(timeline == ["initialized", "ringing", "answered", "ended"])
        let findings = call["findings"] as? [Any] ?? ["?"]
        #expect(findings.isEmpty, "\(findings)")
        let streams = call["streams"] as? [[String: Any]] ?? []
        #expect(streams.count == 2 && streams.allSatisfy { $0["codec"] as? String == "opus" && $0["lost"] as? Int == 0 })
        let digits = streams.map { ($0["dtmf"] as? [[String: Any]] ?? []).compactMap { $0["digit"] as? String }.joined() }
        #expect(digits.contains("42"), "\(digits)")
        let duration = call["durationMs"] as? Double ?? 0
        #expect(duration > 1900 && duration < 2300, "duration \(duration) ms (hung up 2 s after the answer)")
        try Self.compareWithTshark("kamailio-udp-call.pcapng", report)
    }

    @Test("kamailio-cancel-reject: baresip's first call refused 486 by the callee (failed, Busy), its second canceled by the caller (487)")
    func cancelAndReject() throws {
        let report = try Self.report("kamailio-cancel-reject.pcapng")
        let calls = Self.calls(report)
        // As the stack's call state machine names them: 486 is `failed` with the SDK's cause Busy.
        #expect(calls.map { $0["state"] as? String ?? "" } == ["failed", "canceled"])
        #expect(calls.map { $0["cause"] as? String ?? "" } == ["Busy", "Canceled"])
        #expect(calls.map { $0["endedBy"] as? String ?? "" } == ["callee", "caller"])
        #expect(calls.map { $0["endReason"] as? String ?? "" } == ["486 Busy Here", "487 Request Terminated"])
        let findings = calls.map { ($0["findings"] as? [Any] ?? ["?"]).count }
        #expect(findings == [0, 0], "\(calls.map { $0["findings"] ?? "" })")
        try Self.compareWithTshark("kamailio-cancel-reject.pcapng", report)
    }

    @Test("kamailio-ws-call: plivo-phone over WebSocket → Kamailio → baresip over UDP: both legs in one call, INFO DTMF, RTP both ways")
    func webSocketCall() throws {
        let report = try Self.report("kamailio-ws-call.pcapng")
        let call = try #require(Self.calls(report).first)
        #expect(call["transport"] as? String == "WS" && call["state"] as? String == "ended")
        let messages = call["messages"] as? [[String: Any]] ?? []
        #expect(Set(messages.compactMap { $0["transport"] as? String }) == ["WS", "UDP"])
        #expect(messages.filter { ($0["summary"] as? String)?.hasPrefix("INFO") == true }.count == 2)   // both legs
        try Self.compareWithTshark("kamailio-ws-call.pcapng", report)
    }

    @Test("kamailio-tcp-call: plivo-phone over TCP (segments reassembled, Content-Length framing) → Kamailio → baresip, INFO DTMF, ended by the caller")
    func tcpCall() throws {
        let report = try Self.report("kamailio-tcp-call.pcapng")
        let warnings = report["warnings"] as? [String] ?? ["?"]
        #expect(warnings.isEmpty, "\(warnings)")
        let call = try #require(Self.calls(report).first)
        #expect(call["transport"] as? String == "TCP" && call["state"] as? String == "ended" && call["endedBy"] as? String == "caller")
        let messages = call["messages"] as? [[String: Any]] ?? []
        #expect(Set(messages.compactMap { $0["transport"] as? String }) == ["TCP", "UDP"])
        let findings = call["findings"] as? [Any] ?? ["?"]
        #expect(findings.isEmpty, "\(findings)")
        try Self.compareWithTshark("kamailio-tcp-call.pcapng", report)
    }

    @Test("sip-replay on a file that is not a capture exits 1 with the reason; on a cut capture it warns and reports what it read")
    func damagedFiles() throws {
        let binary = try PlivoPhoneRunner.binary("sip-replay").path
        let readme = PlivoPhoneRunner.repositoryRoot.appendingPathComponent("README.md").path
        #expect(try Self.run(binary, [readme]).status == 1)
        let original = try Data(contentsOf: Self.folder.appendingPathComponent("kamailio-udp-call.pcapng"))
        let cut = FileManager.default.temporaryDirectory.appendingPathComponent("cut-\(UUID().uuidString.prefix(6)).pcapng")
        try original.prefix(original.count * 2 / 3).write(to: cut)
        defer { try? FileManager.default.removeItem(at: cut) }
        let (status, output) = try Self.run(binary, ["--json", cut.path])
        #expect(status == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let warnings = report["warnings"] as? [String] ?? []
        #expect(warnings.first?.hasPrefix("the file ends inside a record") == true, "\(warnings)")
        let call = Self.calls(report).first ?? [:]
        #expect(call["state"] as? String == "answered")
        let kinds = (call["findings"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
        #expect(kinds.contains("bye-missing"), "\(kinds)")
    }
}
