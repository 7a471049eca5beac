import Foundation
import SIPCore
import SIPTransport
import Testing

/// A registered `plivo-phone` answers an OPTIONS that Kamailio relays to it (RFC 3261 §11.2)
/// through `SIPUserAgentRequestResponder`.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct PlivoPhoneOptionsTests {
    @Test("RFC 3261 §11.2: OPTIONS to registered alice via Kamailio → the phone's 200 with Allow, Accept, Supported",
          arguments: [PlivoPhoneTests.Transport.udp, .tcp])
    func answersOptions(transport: PlivoPhoneTests.Transport) async throws {
        try await KamailioProcess.with { kamailio in
            async let phone = PlivoPhoneRunner.run(
                ["--server", transport.server(kamailio), "--user", "alice", "--password", "alice-pw",
                 "register", "--duration", "4"])
            let client = try await SIPTestClient.udp(server: kamailio.sipAddress)
            var answer: SIPMessage?
            // Kamailio answers 404 until the phone has registered; ask again, for at most 3 s.
            let deadline = ContinuousClock.now + .seconds(3)
            var cseq: UInt32 = 1
            while answer == nil, ContinuousClock.now < deadline {
                let request = try Self.optionsToAlice(client, cseq: cseq)
                cseq += 1
                if let response = try await client.send(request, finalWithin: .seconds(1)), response.statusCode == 200 {
                    answer = response
                } else {
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            await client.close()
            let output = try await phone
            #expect(output.status == 0, "\(output)")
            let response = try #require(answer, "no 200 to OPTIONS; phone: \(output); kamailio: \(kamailio.logTail())")
            #expect(response.value(.allow) == "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, NOTIFY, MESSAGE")
            #expect(response.value(.accept) == "application/sdp")
            #expect(response.value(.supported)?.contains("outbound") == true)
            #expect(response.to?.tag?.isEmpty == false)
        }
    }

    /// An OPTIONS from the test client to `sip:alice@127.0.0.1` (routed by Kamailio's location
    /// lookup, no authentication needed for OPTIONS).
    private static func optionsToAlice(_ client: SIPTestClient, cseq: UInt32) throws -> SIPMessage {
        let aor = SIPURI(user: "alice", host: .ipv4("127.0.0.1"))
        let from = SIPNameAddress(uri: SIPURI(user: "probe", host: .ipv4("127.0.0.1")),
                                  parameters: [SIPParameter("tag", SIPTestClient.token(10))])
        return try SIPMessageBuilder.request(
            method: .options, uri: aor, via: client.via(), from: from, to: SIPNameAddress(uri: aor),
            callID: SIPTestClient.token() + "@interop", cseq: cseq,
            contact: SIPNameAddress(uri: client.contactURI(user: "probe")))
    }
}
