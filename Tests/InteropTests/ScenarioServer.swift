import PlivoSDK
import SIPTransport
import Testing

/// The servers the SDK's client scenarios run against: a real Kamailio (the fixture in
/// `Fixtures/kamailio/`) and the project's embedded ``PlivoLocalEdge``. Both listen on
/// 127.0.0.1 on ephemeral ports, with the same accounts (alice, bob, carol, test).
///
/// A scenario test takes one as its argument
/// (`@Test(arguments: ScenarioServer.allCases) func x(server: ScenarioServer)`) and runs its
/// body inside ``with(_:_:)``.
enum ScenarioServer: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case kamailio
    case edge

    var testDescription: String { rawValue }

    /// The accounts the edge is started with: those of the Kamailio fixture's `WITH_AUTH`.
    static let edgeAccounts = ["alice": "alice-pw", "bob": "bob-pw", "carol": "carol-pw", "test": "test"]

    /// A running server: where clients reach it.
    struct Handle: Sendable {
        /// Which server this is.
        let kind: ScenarioServer
        /// SIP over WebSocket, `ws://127.0.0.1:PORT/`.
        let webSocketURL: String
        /// SIP over UDP, for ``SIPTestClient/udp(server:)``.
        let sipAddress: SIPTransportAddress

        /// SIP over UDP as a `PlivoOptions.servers` entry: `sip:127.0.0.1:PORT;transport=udp`.
        var udpServer: String { "sip:\(sipAddress.host):\(sipAddress.port);transport=udp" }

        /// A running Kamailio.
        init(_ kamailio: KamailioProcess) {
            kind = .kamailio
            webSocketURL = kamailio.webSocketURL
            sipAddress = kamailio.sipAddress
        }

        /// A started edge, from the addresses `PlivoLocalEdge.start()` returned.
        init(_ edge: PlivoLocalEdge.Addresses) throws {
            guard let colon = edge.udp.lastIndex(of: ":"), let port = Int(edge.udp[edge.udp.index(after: colon)...]) else {
                throw KamailioError(description: "the edge's UDP address \(edge.udp) is not host:port")
            }
            kind = .edge
            webSocketURL = edge.webSocketURL
            sipAddress = SIPTransportAddress(host: String(edge.udp[..<colon]), port: port)
        }
    }

    /// Starts `kind`, runs `body` with it, and always stops it (also when `body` throws).
    static func with<T: Sendable>(_ kind: ScenarioServer, _ body: (Handle) async throws -> T) async throws -> T {
        switch kind {
        case .kamailio:
            return try await KamailioProcess.with { kamailio in try await body(Handle(kamailio)) }
        case .edge:
            let edge = PlivoLocalEdge(accounts: edgeAccounts)
            let result: T
            do {
                result = try await body(Handle(try await edge.start()))
            } catch {
                await edge.stop()
                throw error
            }
            await edge.stop()
            return result
        }
    }
}
