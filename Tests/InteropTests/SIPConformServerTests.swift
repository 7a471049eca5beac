import Foundation
import PlivoSDK
import Testing

/// `sip-conform` with every shipped suite against a real Kamailio (UDP, TCP, WebSocket) and the
/// embedded edge (UDP, WebSocket): no case may fail; the cases each server is known to fail
/// (a `known:` line in the scenario, with the reason) are exactly the listed ones.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct SIPConformServerTests {
    /// One run's JSON report, reduced to what the tests compare.
    struct Report {
        var outcomes: [String: String]
        var failed: Int
        var text: String

        var known: Set<String> { Set(outcomes.filter { $0.value == "known-failure" }.keys) }
        var failures: [String] { outcomes.filter { $0.value == "fail" }.keys.sorted() }
        func count(_ outcome: String) -> Int { outcomes.values.filter { $0 == outcome }.count }
    }

    static let accounts = ["--user", "alice", "--password", "alice-pw", "--user", "bob", "--password", "bob-pw"]

    /// Runs sip-conform with `arguments`, returns its status and parsed report.
    static func conform(_ arguments: [String]) async throws -> (Int32, Report) {
        let process = try PhoneProcess(arguments + accounts + ["--json"], executable: "sip-conform", timeout: 180)
        let output = await process.finish()
        let data = Data(output.stdout.utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(output)")
        let cases = try #require(object["cases"] as? [[String: Any]], "\(output)")
        var outcomes: [String: String] = [:]
        for item in cases {
            if let id = item["id"] as? String, let outcome = item["outcome"] as? String { outcomes[id] = outcome }
        }
        return (output.status, Report(outcomes: outcomes, failed: object["failed"] as? Int ?? -1, text: output.stdout))
    }

    /// The cases Kamailio is known to fail per transport (each scenario's `known:` line says why):
    /// the robustness suite and its sanity-module answers run over UDP only, the oversized
    /// WebSocket frame over ws only.
    static func kamailioKnown(_ transport: String) -> Set<String> {
        let registrar: Set<String> = ["registrar/digest-sha256", "registrar/interval-too-brief"]
        switch transport {
        case "udp": return registrar.union(["robustness/dblreq", "robustness/novelsc", "robustness/unkscm"])
        case "ws": return registrar.union(["websocket/oversized-frame"])
        default: return registrar
        }
    }

    /// The one case the embedded edge is known to fail: it is a stateless proxy.
    static let edgeKnown: Set<String> = ["proxy/ack-non2xx-hop-by-hop"]

    @Test("Kamailio over UDP, TCP and WebSocket: every suite, no failure, only the explained known failures",
          arguments: ["udp", "tcp", "ws"])
    func kamailio(transport: String) async throws {
        try await KamailioProcess.with { kamailio in
            let target = transport == "ws" ? kamailio.webSocketURL
                : "sip:127.0.0.1:\(kamailio.sipPort);transport=\(transport)"
            let (status, report) = try await Self.conform(["--target", target, "--target-role", "proxy"])
            #expect(report.failures.isEmpty, "\(report.failures)\n\(report.text)")
            #expect(status == 0, "\(report.text)")
            #expect(report.known == Self.kamailioKnown(transport), "\(report.known)")
            #expect(report.count("pass") >= 15, "\(report.outcomes)")
            // The uas suite is for user agents: skipped against a proxy.
            #expect(report.outcomes.filter { $0.key.hasPrefix("uas/") }.values.allSatisfy { $0 == "skip" })
        }
    }

    @Test("the embedded edge over UDP and WebSocket: every suite, no failure", arguments: ["udp", "ws"])
    func edge(transport: String) async throws {
        let edge = PlivoLocalEdge(accounts: ScenarioServer.edgeAccounts)
        let addresses = try await edge.start()
        do {
            let target = transport == "ws" ? addresses.webSocketURL : "sip:\(addresses.udp);transport=udp"
            let (status, report) = try await Self.conform(["--target", target, "--target-role", "edge"])
            #expect(report.failures.isEmpty, "\(report.failures)\n\(report.text)")
            #expect(status == 0, "\(report.text)")
            #expect(report.known == Self.edgeKnown, "\(report.known)")
            #expect(report.count("pass") >= 15, "\(report.outcomes)")
        } catch {
            await edge.stop()
            throw error
        }
        await edge.stop()
    }
}
