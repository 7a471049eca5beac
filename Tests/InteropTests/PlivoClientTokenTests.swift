import Foundation
import PlivoSDK
import Synchronization
import Testing

/// Access-token logins against a real Kamailio whose fixture stands in for Plivo's token check
/// (`route[PLIVOJWT]` in Fixtures/kamailio/kamailio.cfg: the signature segment decides:
/// `accepted-by-test` lets the request in, `error-NNNNN` is a 403 with that code in
/// `X-Plivo-Jwt-Error-Code`).
@Suite(.serialized, .timeLimit(.minutes(2)))
struct PlivoClientTokenTests {
    /// A JWT for `sub`/`iss` valid from 10 s ago for `lifetime` seconds, signed `signature`.
    static func token(subject: String = "carol", lifetime: Int = 3600, outgoingAllow: Bool? = nil,
                      signature: String = "accepted-by-test") -> String {
        func base64URL(_ text: String) -> String {
            Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        }
        let now = Int(Date().timeIntervalSince1970)
        let grants = outgoingAllow.map { #","per":{"voice":{"incoming_allow":true,"outgoing_allow":\#($0)}}"# } ?? ""
        let payload = #"{"iss":"MATESTAUTHID","sub":"\#(subject)","nbf":\#(now - 10),"exp":\#(now + lifetime)\#(grants)}"#
        return base64URL(#"{"alg":"HS256","typ":"JWT","cty":"plivo;v=1"}"#) + "." + base64URL(payload) + "." + signature
    }

    static func names(_ stream: AsyncStream<PlivoEvent>, until done: @escaping @Sendable ([String]) -> Bool) async -> [String] {
        await PlivoClientKamailioTests.collect(stream, until: done)
    }

    @Test("the server's X-Plivo-Jwt-Error-Code becomes the seed's cause: each of 10001–10010, a bad signature, an unknown code is Unauthorised")
    func serverErrorCodes() async throws {
        try await KamailioProcess.with { kamailio in
            let client = PlivoClient(options: PlivoOptions(servers: [kamailio.webSocketURL], stunServers: []),
                                     media: PlivoMediaOptions(input: .tone(440), output: .discard))
            let events = client.events()
            // Every code the seed lists, a bad signature, and a code it does not list.
            let cases = PlivoAccessTokenError.allCases.map { ("error-\($0.serverCode)", $0.rawValue) }
                + [("not-a-signature", "INVALID_ACCESS_TOKEN_SIGNATURE"), ("error-12345", "Unauthorised")]
            for (signature, cause) in cases {
                #expect(await client.loginWithAccessToken(Self.token(signature: signature)))
                let seen = await Self.names(events) { $0.contains { $0.hasPrefix("onLoginFailed") } }
                #expect(seen.last == "onLoginFailed(\(cause))", "\(signature): \(seen)")
                #expect(await client.isLoggedIn == false)
            }
            await client.close()
        }
    }

    @Test("a token login registers and calls with X-Plivo-Jwt; outgoing_allow false is onPermissionDenied on call()")
    func tokenLoginAndGrants() async throws {
        try await KamailioProcess.with { kamailio in
            let options = PlivoOptions(servers: [kamailio.webSocketURL], stunServers: [])
            let bob = PlivoClient(options: options, media: PlivoMediaOptions(input: .tone(440), output: .discard))
            let bobEvents = bob.events()
            #expect(await bob.login(username: "bob", password: "bob-pw"))
            _ = await Self.names(bobEvents) { $0.contains("onLogin") }

            let carol = PlivoClient(options: options, media: PlivoMediaOptions(input: .tone(880), output: .discard))
            let events = carol.events()
            let token = Self.token(outgoingAllow: true)
            #expect(await carol.loginWithAccessToken(token))
            let login = await Self.names(events) { $0.contains("onLogin") }
            #expect(login == ["onConnectionChange(connected)", "onLogin"], "\(login)")
            #expect(await carol.accessToken == token)
            // Kamailio lets the INVITE in on its token alone (carol has no password there).
            #expect(await carol.call("bob"))
            #expect(await Self.names(bobEvents) { $0.contains("onIncomingCall") }.last == "onIncomingCall")
            #expect(await carol.hangup())
            _ = await Self.names(bobEvents) { $0.contains("onIncomingCallCanceled") }
            #expect(await Self.names(events) { $0.contains { $0.hasPrefix("onCallFailed") } }.last == "onCallFailed(Canceled)")
            // The server refuses a call for the token: onCallFailed names the token's cause.
            #expect(await carol.call("deny-10008"))
            let failed = await Self.names(events) { $0.contains { $0.hasPrefix("onCallFailed") } }
            #expect(failed.last == "onCallFailed(INVALID_ACCESS_TOKEN_GRANTS)", "\(failed)")
            #expect(await carol.logout())
            #expect(await Self.names(events) { $0.contains("onLogout") }.last == "onLogout")

            let denied = Self.token(subject: "dave", outgoingAllow: false)
            #expect(await carol.loginWithAccessToken(denied))
            _ = await Self.names(events) { $0.contains("onLogin") }
            #expect(await carol.call("bob") == false)
            #expect(await Self.names(events) { !$0.isEmpty } == ["onPermissionDenied"])
            await carol.close()
            await bob.close()
        }
    }

    /// A generator handing out the tokens in turn (the last one again when they run out).
    final class Tokens: PlivoAccessTokenGenerator {
        private let queue: Mutex<[String?]>
        private let asked = Mutex(0)
        init(_ tokens: [String?]) { queue = Mutex(tokens) }
        var count: Int { asked.withLock { $0 } }
        func getAccessToken() async throws -> String? {
            asked.withLock { $0 += 1 }
            return queue.withLock { $0.count > 1 ? $0.removeFirst() : $0.first ?? nil }
        }
    }

    @Test("loginWithAccessTokenGenerator: logs in, asks again 60 s before exp and swaps the token without a second onLogin")
    func generator() async throws {
        try await KamailioProcess.with { kamailio in
            let client = PlivoClient(options: PlivoOptions(servers: [kamailio.webSocketURL], stunServers: []),
                                     media: PlivoMediaOptions(input: .tone(440), output: .discard))
            let events = client.events()
            // The first token expires in 62 s: the generator is asked again after the 5 s floor.
            let first = Self.token(lifetime: 62), second = Self.token(lifetime: 3600)
            let tokens = Tokens([first, second])
            #expect(await client.loginWithAccessTokenGenerator(tokens))
            let login = await Self.names(events) { $0.contains("onLogin") }
            #expect(login == ["onConnectionChange(connected)", "onLogin"], "\(login)")
            #expect(await client.accessToken == first)
            let deadline = ContinuousClock.now + .seconds(9)
            while await client.accessToken != second, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(await client.accessToken == second)
            #expect(tokens.count == 2)
            #expect(await client.isRegistered())
            // The un-REGISTER goes out with the new token and is accepted.
            #expect(await client.logout())
            #expect(await Self.names(events) { $0.contains("onLogout") } == ["onConnectionChange(disconnected, Logout)", "onLogout"])

            // No token, and a token the server refuses.
            #expect(await client.loginWithAccessTokenGenerator { nil } == false)
            #expect(await Self.names(events) { !$0.isEmpty } == ["onLoginFailed(INVALID_ACCESS_TOKEN)"])
            #expect(await client.loginWithAccessTokenGenerator { Self.token(signature: "error-10001") })
            let refused = await Self.names(events) { $0.contains { $0.hasPrefix("onLoginFailed") } }
            #expect(refused.last == "onLoginFailed(RELOGIN_FAILED_INVALID_TOKEN)", "\(refused)")
            await client.close()
        }
    }
}
