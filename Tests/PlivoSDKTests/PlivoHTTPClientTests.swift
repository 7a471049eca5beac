@testable import PlivoSDK
import StackCore
import Testing

/// ``PlivoHTTPClient`` (over AudioPipeline's `AudioURLLoader.send`) against a local HTTPS
/// server with the test CA.
@Suite struct PlivoHTTPClientTests {
    static let client = PlivoHTTPClient(trustedCAFile: PlivoTLSFixtures.path("ca.pem"))

    static func routes(_ request: PlivoHTTPTestRequest, _ server: PlivoHTTPTestServer) -> PlivoHTTPTestReply {
        switch (request.method, request.uri) {
        case (_, "/echo"):
            return .reply(201, headers: [("X-Method", request.method), ("X-Seen", "1"), ("X-Seen", "2")], body: request.text)
        case (_, "/fail"): return .reply(500, body: "oops")
        case (_, "/r"): return .reply(302, headers: [("Location", "/echo")])
        case (_, "/cross"): return .reply(307, headers: [("Location", "https://localhost:\(server.port)/echo")])
        case (_, "/no-location"): return .reply(303)
        case (_, "/big"): return .reply(200, body: String(repeating: "x", count: 2048))
        case (_, "/hang"): return .silence
        default:
            if request.uri.hasPrefix("/loop/"), let index = Int(request.uri.dropFirst(6)) {
                return .reply(301, headers: [("Location", "/loop/\(index + 1)")])
            }
            return .reply(404)
        }
    }

    static func failure(_ client: PlivoHTTPClient, _ request: PlivoHTTPRequest) async -> PlivoHTTPError? {
        do {
            _ = try await client.send(request)
            return nil
        } catch {
            return error
        }
    }

    @Test("POST and PUT carry their body and headers; the response's status, headers and body come back")
    func methodsAndBodies() async throws {
        try await PlivoHTTPTestServer.with(route: Self.routes) { server in
            let posted = try await Self.client.send(.post(server.url("/echo"), json: ["a": 1], headers: [("Authorization", "Bearer t")]))
            #expect(posted.status == 201 && posted.isSuccess && posted.text == "{\"a\":1}")
            #expect(posted.value(forHeader: "x-method") == "POST" && posted.value(forHeader: "X-Seen") == "1")
            #expect(posted.headers.filter { $0.name == "X-Seen" }.map(\.value) == ["1", "2"])
            #expect(posted.url == server.url("/echo"))
            let put = try await Self.client.send(PlivoHTTPRequest(method: "PUT", url: server.url("/echo"),
                                                                  headers: [("Content-Type", "text/plain"), ("Host", "evil"),
                                                                            ("Content-Length", "99")],
                                                                  body: Array("line 1\nline 2".utf8)))
            #expect(put.text == "line 1\nline 2")
            let received = server.requests
            #expect(received.map(\.method) == ["POST", "PUT"])
            #expect(received[0].header("Content-Type") == "application/json")
            #expect(received[0].header("Authorization") == "Bearer t")
            #expect(received[0].header("Content-Length") == "7")
            #expect(received[0].header("Connection") == "close")
            #expect(received[0].header("User-Agent") != nil && received[0].header("Accept") == "*/*")
            #expect(received[1].header("Host") == "127.0.0.1:\(server.port)")
            #expect(received[1].headers.filter { $0.name.lowercased() == "content-length" }.map(\.value) == ["13"])
        }
    }

    @Test("statuses outside 2xx are responses with their bodies, not errors")
    func errorStatuses() async throws {
        try await PlivoHTTPTestServer.with(route: Self.routes) { server in
            let failed = try await Self.client.send(.post(server.url("/fail"), json: [:]))
            #expect(failed.status == 500 && !failed.isSuccess && failed.text == "oops")
            let missing = try await Self.client.send(PlivoHTTPRequest(method: "GET", url: server.url("/nothing")))
            #expect(missing.status == 404 && missing.body.isEmpty)
        }
    }

    @Test("redirects: GET follows them (credentials dropped across origins); other methods get the 3xx")
    func redirects() async throws {
        try await PlivoHTTPTestServer.with(route: Self.routes) { server in
            let followed = try await Self.client.send(PlivoHTTPRequest(method: "GET", url: server.url("/r")))
            #expect(followed.status == 201 && followed.url == server.url("/echo"))
            let posted = try await Self.client.send(.post(server.url("/r"), json: [:]))
            #expect(posted.status == 302 && posted.value(forHeader: "Location") == "/echo")
            let bare = try await Self.client.send(PlivoHTTPRequest(method: "GET", url: server.url("/no-location")))
            #expect(bare.status == 303)
            let cross = try await Self.client.send(PlivoHTTPRequest(method: "GET", url: server.url("/cross"),
                                                                    headers: [("Authorization", "Bearer t"), ("X-Keep", "k")]))
            #expect(cross.url == "https://localhost:\(server.port)/echo")
            let hops = server.requests.suffix(2)
            #expect(hops.map(\.uri) == ["/cross", "/echo"])
            #expect(hops.first?.header("Authorization") == "Bearer t")
            #expect(hops.last?.header("Authorization") == nil && hops.last?.header("X-Keep") == "k")
            #expect(hops.last?.header("Host") == "localhost:\(server.port)")
            #expect(await Self.failure(Self.client, PlivoHTTPRequest(method: "GET", url: server.url("/loop/0")))
                    == .tooManyRedirects(limit: 5))
        }
    }

    @Test("limits: a body over the size cap, and a server that never answers (injected clock)")
    func limits() async throws {
        try await PlivoHTTPTestServer.with(route: Self.routes) { server in
            let small = PlivoHTTPClient(maximumResponseSize: 1024, trustedCAFile: PlivoTLSFixtures.path("ca.pem"))
            #expect(await Self.failure(small, PlivoHTTPRequest(method: "GET", url: server.url("/big"))) == .responseTooLarge(limit: 1024))
            #expect(small.maximumResponseSize == 1024 && small.timeout == .seconds(10))
            let clock = TestClock()
            let timed = PlivoHTTPClient(clock: clock, timeout: .seconds(3), trustedCAFile: PlivoTLSFixtures.path("ca.pem"))
            let request = PlivoHTTPRequest.post(server.url("/hang"), json: ["x": 1])
            let pending = Task { await Self.failure(timed, request) }
            let arrived = await server.waitForRequest(to: "/hang")
            #expect(arrived)
            clock.advance(by: .seconds(2))
            clock.advance(by: .seconds(1))
            #expect(await pending.value == .timedOut(.seconds(3)))
        }
    }

    @Test("requests that cannot be sent, and TLS without the test CA")
    func refusals() async throws {
        try await PlivoHTTPTestServer.with(route: Self.routes) { server in
            let url = server.url("/echo")
            #expect(await Self.failure(Self.client, PlivoHTTPRequest(method: "GET /x", url: url))
                    == .invalidRequest("invalid request: the method \"GET /x\" is not an HTTP token"))
            #expect(await Self.failure(Self.client, PlivoHTTPRequest(method: "GET", url: url, headers: [("X-A", "1\r\nX-B: 2")]))
                    == .invalidRequest("invalid request: the value of X-A contains a line break or NUL"))
            #expect(await Self.failure(Self.client, PlivoHTTPRequest(method: "GET", url: url, headers: [("Bad Name", "1")]))
                    == .invalidRequest("invalid request: the header name \"Bad Name\" is not an HTTP token"))
            #expect(await Self.failure(Self.client, PlivoHTTPRequest(method: "GET", url: "file:///etc/passwd"))
                    == .invalidRequest("unsupported URL scheme \"file\" (file paths, file://, http:// and https:// are supported)"))
            guard case .tlsFailed(let reason) = await Self.failure(PlivoHTTPClient(), PlivoHTTPRequest(method: "GET", url: url)) else {
                Issue.record("a certificate from the test CA must fail without it")
                return
            }
            #expect(reason.contains("CERTIFICATE_VERIFY_FAILED"), "\(reason)")
            #expect(server.requests.isEmpty)
        }
        let closed = try await PlivoHTTPTestServer.start(route: Self.routes)
        let url = closed.url("/echo")
        await closed.stop()
        guard case .connectionFailed = await Self.failure(Self.client, PlivoHTTPRequest(method: "GET", url: url)) else {
            Issue.record("nothing listening must fail to connect")
            return
        }
    }

    @Test("plain http works too")
    func plainHTTP() async throws {
        try await PlivoHTTPTestServer.with(secure: false, route: Self.routes) { server in
            let response = try await PlivoHTTPClient().send(.post(server.url("/echo"), json: "x"))
            #expect(response.status == 201 && response.text == "\"x\"")
        }
    }
}
