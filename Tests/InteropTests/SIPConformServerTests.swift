import Foundation
import PlivoSDK
import Testing

/// `sip-conform` with every shipped suite against a real Kamailio (UDP, TCP, WebSocket) and the
/// embedded edge (UDP, WebSocket): no case may fail; the cases each server is known to fail
/// (a `known:` line in the scenario, with the reason) are exactly the listed ones.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct SIPConformServerTests {
    static let accounts = ["--user", "alice", "--password", "alice-pw", "--user", "bob", "--password", "bob-pw"]

    /// Runs sip-conform on every suite with the two accounts; its exit status and JSON report.
    static func conform(_ arguments: [String]) async throws -> (Int32, SIPConformRun.Report) {
        let run = try await SIPConformRun.run(arguments + accounts + ["--json"], timeout: 180)
        return (run.output.status, try run.report())
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

    /// The ids of the cases reported as known failures.
    static func known(_ report: SIPConformRun.Report) -> Set<String> {
        Set(report.cases.filter { $0.outcome == "known-failure" }.map(\.id))
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
            #expect(report.failed == 0, "\(report.cases.filter { $0.outcome == "fail" })")
            #expect(status == 0, "\(report.outcomes)")
            #expect(Self.known(report) == Self.kamailioKnown(transport), "\(Self.known(report))")
            #expect(report.passed >= 15, "\(report.outcomes)")
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
            #expect(report.failed == 0, "\(report.cases.filter { $0.outcome == "fail" })")
            #expect(status == 0, "\(report.outcomes)")
            #expect(Self.known(report) == Self.edgeKnown, "\(Self.known(report))")
            #expect(report.passed >= 15, "\(report.outcomes)")
        } catch {
            await edge.stop()
            throw error
        }
        await edge.stop()
    }
}
