import Foundation
import PlivoSDK
import Testing

/// `sip-edge`, the edge served alone: its JSON line, a public client logging in through it,
/// a clean exit on SIGINT, and the refusal of a malformed account.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct SIPEdgeCommandTests {
    @Test("sip-edge --ws-port 0 --udp-port 0 --user carol:carol-pw: prints where it listens, carol logs in and her digits to the dtmf number are printed, SIGINT ends it with 0")
    func servesAlone() async throws {
        let edge = try PhoneProcess(["--ws-port", "0", "--udp-port", "0", "--tcp-port", "0", "--user", "carol:carol-pw",
                                     "--realm", "test.local"],
                                    executable: "sip-edge")
        try await edge.waitForLine(startingWith: "{\"ws\":")
        let line = try #require(edge.lines.first)
        let url = try #require(line.firstMatch(of: /"ws":"(ws:\/\/127\.0\.0\.1:\d+\/)"/)?.1)
        #expect(line.contains(#""realm":"test.local","users":["carol"],"numbers":["busy","dtmf","echo","no-answer","tone"]}"#),
                "\(line)")
        #expect(line.firstMatch(of: /"udp":"127\.0\.0\.1:\d+","tcp":"127\.0\.0\.1:\d+"/) != nil, "\(line)")

        let client = PlivoClient(options: PlivoOptions(servers: [String(url)], stunServers: []),
                                 media: PlivoMediaOptions(input: .tone(440), output: .discard))
        let events = PlivoClientCallTests.Recorder(client)
        #expect(await client.login(username: "carol", password: "carol-pw"))
        try await events.wait(for: .onLogin)
        // The dtmf number prints each digit it receives, with the caller, and sends it back.
        #expect(await client.call("dtmf"))
        try await events.wait(for: .onCallAnswered)
        #expect(await client.sendDtmf("4"))
        try await events.wait(for: .onDtmfReceived)
        #expect(await client.sendDtmf("#"))
        try await events.wait(for: .onDtmfReceived, count: 2)
        #expect(await client.hangup())
        try await edge.waitForLine(startingWith: #"{"dtmf":"4""#)
        try await edge.waitForLine(startingWith: ##"{"dtmf":"#""##)
        #expect(Array(edge.lines.dropFirst()) == [#"{"dtmf":"4","from":"carol@127.0.0.1"}"#, ##"{"dtmf":"#","from":"carol@127.0.0.1"}"##], "\(edge.lines)")
        await client.close()
        edge.interrupt()
        let output = await edge.finish()
        #expect(output.status == 0, "\(output)")
    }

    @Test("a --user without a password is refused with exit 64 and the reason")
    func refusesMalformedAccounts() async throws {
        let edge = try PhoneProcess(["--ws-port", "0", "--udp-port", "0", "--tcp-port", "0", "--user", "carol"],
                                    executable: "sip-edge")
        let output = await edge.finish()
        #expect(output.status == 64, "\(output)")
        #expect(output.stderr.contains("--user carol: expected USER:PASSWORD"), "\(output)")
    }
}
