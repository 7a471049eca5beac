import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import StackCore
import Synchronization
import Testing
@testable import AudioPipeline

/// What the test server answers to one request.
enum TestHTTPReply: Sendable {
    /// A status with a body, sent with Content-Length or chunked, and extra headers.
    case body(Int, [UInt8], chunked: Bool = false, headers: [(String, String)] = [])
    /// A redirect with this status to this Location.
    case redirect(Int, String)
    /// No answer at all.
    case hang
}

/// Answers one connection's requests from a route table.
final class TestHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let route: @Sendable (String) -> TestHTTPReply
    private let requests: AsyncStream<String>.Continuation
    private var uri = ""

    init(route: @escaping @Sendable (String) -> TestHTTPReply, requests: AsyncStream<String>.Continuation) {
        self.route = route
        self.requests = requests
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            uri = head.uri
            requests.yield(head.uri)
        case .body:
            break
        case .end:
            respond(context: context, route(uri))
        }
    }

    private func respond(context: ChannelHandlerContext, _ reply: TestHTTPReply) {
        var head = HTTPResponseHead(version: .http1_1, status: .ok)
        var bytes: [UInt8] = []
        var chunked = false
        switch reply {
        case .hang:
            return
        case .redirect(let status, let location):
            head.status = HTTPResponseStatus(statusCode: status)
            head.headers.add(name: "Location", value: location)
            head.headers.add(name: "Content-Length", value: "0")
        case .body(let status, let body, let isChunked, let headers):
            head.status = HTTPResponseStatus(statusCode: status)
            for (name, value) in headers { head.headers.add(name: name, value: value) }
            if !isChunked { head.headers.add(name: "Content-Length", value: "\(body.count)") }
            bytes = body
            chunked = isChunked
        }
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        let piece = chunked ? 600 : max(bytes.count, 1)
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + piece, bytes.count)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: bytes[offset..<end])))), promise: nil)
            offset = end
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}

/// An HTTP/1.1 server on 127.0.0.1 and an ephemeral port (TLS when given a context).
struct TestHTTPServer {
    let channel: any Channel
    let port: Int
    /// The request targets received, in order.
    let requests: AsyncStream<String>

    static func start(tls: NIOSSLContext? = nil,
                      route: @escaping @Sendable (_ uri: String, _ port: Int) -> TestHTTPReply) async throws -> TestHTTPServer {
        let (requests, continuation) = AsyncStream.makeStream(of: String.self)
        let port = PortBox()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    if let tls { try child.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try child.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: false)
                    try child.pipeline.syncOperations.addHandler(
                        TestHTTPHandler(route: { route($0, port.value) }, requests: continuation))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let bound = channel.localAddress?.port ?? 0
        port.value = bound
        return TestHTTPServer(channel: channel, port: bound, requests: requests)
    }

    /// `http://127.0.0.1:<port><path>` (or https).
    func url(_ path: String, secure: Bool = false) -> String {
        "\(secure ? "https" : "http")://127.0.0.1:\(port)\(path)"
    }

    func stop() async {
        try? await channel.close()
    }
}

/// The bound port, set once the server is listening (read by the route on the event loop).
final class PortBox: Sendable {
    private let stored = Mutex(0)
    var value: Int {
        get { stored.withLock { $0 } }
        set { stored.withLock { $0 = newValue } }
    }
}

/// The test certificates of `Fixtures/tls` (see its README; keys for tests only).
enum AudioTLSFixtures {
    static func path(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/tls/\(name)").path
    }

    /// A server context with `name`.pem / `name`.key.
    static func serverContext(_ name: String = "server") throws -> NIOSSLContext {
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(path("\(name).pem")).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: path("\(name).key"), format: .pem)))
        return try NIOSSLContext(configuration: configuration)
    }
}

/// ``AudioURLLoader``: files, HTTP and HTTPS against local servers on loopback.
@Suite struct AudioURLLoaderTests {
    /// A short WAVE file: 0.1 s of 440 Hz at 8 kHz.
    static let wav: [UInt8] = {
        let samples = ToneSource(frequency: 440, sampleRate: 8000).readAll(frames: 1, size: 800).samples
        return (try? WAVFile.encode(sampleRate: 8000, channels: 1, samples: samples)) ?? []
    }()

    /// The routes every test server knows.
    static func routes(_ uri: String, port: Int) -> TestHTTPReply {
        switch uri {
        case "/tone.wav": return .body(200, wav)
        case "/chunked.wav": return .body(200, wav, chunked: true)
        case "/missing.wav": return .body(404, Array("not found".utf8))
        case "/error": return .body(500, Array("oops".utf8))
        case "/r/1": return .redirect(302, "/r/2")
        case "/r/2": return .redirect(301, "http://127.0.0.1:\(port)/r/sub/3")
        case "/r/sub/3": return .redirect(307, "../../tone.wav?from=redirect")
        case "/tone.wav?from=redirect": return .body(200, wav)
        case "/to-file": return .redirect(302, "file:///etc/passwd")
        case "/no-location": return .body(302, [])
        case "/big": return .body(200, [UInt8](repeating: 7, count: 2000))
        case "/big-chunked": return .body(200, [UInt8](repeating: 7, count: 2000), chunked: true)
        case "/hang": return .hang
        default:
            if uri.hasPrefix("/loop/"), let index = Int(uri.dropFirst(6)) { return .redirect(302, "/loop/\(index + 1)") }
            return .body(404, [])
        }
    }

    static func withServer(tls: NIOSSLContext? = nil, _ body: (TestHTTPServer) async throws -> Void) async throws {
        let server = try await TestHTTPServer.start(tls: tls, route: routes)
        do {
            try await body(server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    /// The error `load` throws, or nil when it succeeds.
    static func failure(_ loader: AudioURLLoader, _ url: String) async -> AudioURLLoaderError? {
        do {
            _ = try await loader.load(url)
            return nil
        } catch {
            return error
        }
    }

    @Test("files: a path, a file:// URL (localhost, percent-encoding), and their errors")
    func files() async throws {
        let folder = TemporaryFolder()
        let path = folder.file("a ring.wav")
        try Data(Self.wav).write(to: URL(fileURLWithPath: path))
        let loader = AudioURLLoader()
        #expect(try await loader.load(path) == Self.wav)
        #expect(try await loader.load("  \(path)\n") == Self.wav)
        let encoded = path.replacingOccurrences(of: " ", with: "%20")
        #expect(try await loader.load("file://\(encoded)") == Self.wav)
        #expect(try await loader.load("FILE://localhost\(encoded)#x") == Self.wav)
        #expect(try await loader.load("file:\(encoded)") == Self.wav)
        #expect(await Self.failure(loader, folder.file("none.wav")) == .fileUnreadable(folder.file("none.wav"), reason: "no such file"))
        if case .fileUnreadable(let failed, _) = await Self.failure(loader, folder.path) {
            #expect(failed == folder.path)
        } else {
            Issue.record("a directory must be unreadable")
        }
        #expect(await Self.failure(AudioURLLoader(maximumSize: 100), path) == .tooLarge(limit: 100))
        #expect(await Self.failure(loader, "file://host.example/x.wav")
                == .invalidURL("file://host.example/x.wav", reason: "file URLs must name a local file, not one on host.example"))
        #expect(await Self.failure(loader, "file:///a%zz") == .invalidURL("file:///a%zz", reason: "bad percent-encoding"))
    }

    @Test("URLs that are not loadable: scheme, host, port, credentials, emptiness")
    func invalidURLs() async {
        let loader = AudioURLLoader()
        #expect(await Self.failure(loader, "ftp://example.com/ring.wav") == .unsupportedScheme("ftp"))
        #expect(await Self.failure(loader, "data:audio/wav;base64,AAAA") == .unsupportedScheme("data"))
        #expect(await Self.failure(loader, " ") == .invalidURL(" ", reason: "empty"))
        #expect(await Self.failure(loader, "http://") == .invalidURL("http://", reason: "no host"))
        #expect(await Self.failure(loader, "http:ring.wav") == .invalidURL("http:ring.wav", reason: "no host after http:"))
        #expect(await Self.failure(loader, "http://h:99999/") == .invalidURL("http://h:99999/", reason: "invalid port \"99999\""))
        #expect(await Self.failure(loader, "http://u:p@h/") == .invalidURL("http://u:p@h/", reason: "user information in URLs is not supported"))
        #expect(await Self.failure(loader, "http://[::1/") == .invalidURL("http://[::1/", reason: "unclosed IPv6 address"))
    }

    @Test("request targets: defaults, IPv6, encoding, fragments; Location resolution")
    func targets() throws {
        let plain = try AudioURLLoaderTarget(parsing: "http://example.com")
        #expect(plain.host == "example.com" && plain.port == 80 && plain.path == "/" && !plain.isSecure)
        #expect(plain.url == "http://example.com/")
        let secure = try AudioURLLoaderTarget(parsing: "HTTPS://[::1]:8443/a b/ü.wav?x=1#frag")
        #expect(secure.isSecure && secure.host == "::1" && secure.port == 8443)
        #expect(secure.path == "/a%20b/%C3%BC.wav?x=1" && secure.authority == "[::1]:8443")
        #expect(secure.hostIsIPAddress && !plain.hostIsIPAddress)
        #expect(try AudioURLLoaderTarget(parsing: "http://10.0.0.1:80?q").path == "/?q")
        let base = try AudioURLLoaderTarget(parsing: "https://cdn.example.com/sdk/audio/ring.wav?v=1")
        #expect(try base.resolving("/other.wav").url == "https://cdn.example.com/other.wav")
        #expect(try base.resolving("tone.wav").url == "https://cdn.example.com/sdk/audio/tone.wav")
        #expect(try base.resolving("../x/./y.wav").url == "https://cdn.example.com/sdk/x/y.wav")
        #expect(try base.resolving("?v=2").url == "https://cdn.example.com/sdk/audio/ring.wav?v=2")
        #expect(try base.resolving("//mirror.example.com:8080/r.wav").url == "https://mirror.example.com:8080/r.wav")
        #expect(try base.resolving("http://plain.example.com/r.wav").url == "http://plain.example.com/r.wav")
        #expect(throws: AudioURLLoaderError.unsupportedScheme("file")) { try base.resolving("file:///etc/passwd") }
        #expect(AudioURLLoaderTarget.removingDotSegments("/a/b/../../../c/.") == "/c/")
    }

    @Test("HTTP: 200 with Content-Length or chunked; 404 and 500 are status errors")
    func http() async throws {
        try await Self.withServer { (server) async throws in
            let loader = AudioURLLoader()
            let bytes = try await loader.load(server.url("/tone.wav"))
            #expect(bytes == Self.wav)
            #expect(try WAVFile.parse(bytes).frameCount == 800)
            #expect(try await loader.load(server.url("/chunked.wav")) == Self.wav)
            #expect(await Self.failure(loader, server.url("/missing.wav")) == .httpStatus(404, url: server.url("/missing.wav")))
            #expect(await Self.failure(loader, server.url("/error")) == .httpStatus(500, url: server.url("/error")))
            #expect(await Self.failure(loader, server.url("/no-location")) == .httpStatus(302, url: server.url("/no-location")))
        }
    }

    @Test("redirects: relative, absolute and dot-segment Locations followed; more than the limit fail")
    func redirects() async throws {
        try await Self.withServer { (server) async throws in
            let loader = AudioURLLoader()
            #expect(try await loader.load(server.url("/r/1")) == Self.wav)
            var seen: [String] = []
            for await uri in server.requests {
                seen.append(uri)
                if seen.count == 4 { break }
            }
            #expect(seen == ["/r/1", "/r/2", "/r/sub/3", "/tone.wav?from=redirect"])
        }
        try await Self.withServer { (server) async throws in
            // /loop/0 → … → /loop/5 is five redirects: the sixth fails.
            #expect(await Self.failure(AudioURLLoader(), server.url("/loop/0")) == .tooManyRedirects(limit: 5))
            #expect(await Self.failure(AudioURLLoader(maximumRedirects: 2), server.url("/r/1")) == .tooManyRedirects(limit: 2))
            #expect(try await AudioURLLoader(maximumRedirects: 3).load(server.url("/r/1")) == Self.wav)
            #expect(await Self.failure(AudioURLLoader(), server.url("/to-file")) == .unsupportedScheme("file"))
        }
    }

    @Test("bodies over the limit fail: by Content-Length, and while a chunked body arrives")
    func tooLarge() async throws {
        try await Self.withServer { (server) async throws in
            let loader = AudioURLLoader(maximumSize: 1000)
            #expect(await Self.failure(loader, server.url("/big")) == .tooLarge(limit: 1000))
            #expect(await Self.failure(loader, server.url("/big-chunked")) == .tooLarge(limit: 1000))
            #expect(try await AudioURLLoader(maximumSize: 2000).load(server.url("/big-chunked")).count == 2000)
        }
    }

    @Test("a server that never answers: timed out when the injected clock reaches the deadline")
    func timeoutOnTestClock() async throws {
        try await Self.withServer { (server) async throws in
            let clock = TestClock()
            let loader = AudioURLLoader(clock: clock, timeout: .milliseconds(200))
            let url = server.url("/hang")
            let load = Task { await Self.failure(loader, url) }
            for await uri in server.requests where uri == "/hang" { break }
            clock.advance(by: .milliseconds(199))
            clock.advance(by: .milliseconds(1))
            #expect(await load.value == .timedOut(.milliseconds(200)))
            #expect(clock.pendingWorkCount == 0)
        }
    }

    @Test("a server that never answers: timed out after 200 ms of real time")
    func timeoutInRealTime() async throws {
        try await Self.withServer { (server) async throws in
            let loader = AudioURLLoader(timeout: .milliseconds(200))
            #expect(await Self.failure(loader, server.url("/hang")) == .timedOut(.milliseconds(200)))
        }
    }

    @Test("nothing listening: connection failed, naming the URL")
    func connectionRefused() async throws {
        let server = try await TestHTTPServer.start(route: Self.routes)
        let url = server.url("/tone.wav")
        await server.stop()
        guard case .connectionFailed(let reason) = await Self.failure(AudioURLLoader(), url) else {
            Issue.record("expected connectionFailed")
            return
        }
        #expect(reason.hasPrefix(url))
    }

    @Test("HTTPS: accepted with the test CA (by IP address and by name), rejected without it")
    func https() async throws {
        try await Self.withServer(tls: try AudioTLSFixtures.serverContext()) { (server) async throws in
            let trusting = AudioURLLoader(trustedCAFile: AudioTLSFixtures.path("ca.pem"))
            #expect(try await trusting.load(server.url("/tone.wav", secure: true)) == Self.wav)
            #expect(try await trusting.load("https://localhost:\(server.port)/tone.wav") == Self.wav)
            let failure = await Self.failure(AudioURLLoader(), server.url("/tone.wav", secure: true))
            guard case .tlsFailed(let reason) = failure else {
                Issue.record("expected tlsFailed, got \(String(describing: failure))")
                return
            }
            #expect(reason.contains("CERTIFICATE_VERIFY_FAILED"), "\(reason)")
            let missing = AudioURLLoader(trustedCAFile: "/nonexistent/ca.pem")
            guard case .tlsFailed = await Self.failure(missing, server.url("/tone.wav", secure: true)) else {
                Issue.record("a missing CA file must fail TLS")
                return
            }
        }
    }

    @Test("HTTPS: a certificate for another name is rejected even from the trusted CA")
    func httpsWrongName() async throws {
        try await Self.withServer(tls: try AudioTLSFixtures.serverContext("other")) { (server) async throws in
            let trusting = AudioURLLoader(trustedCAFile: AudioTLSFixtures.path("ca.pem"))
            guard case .tlsFailed = await Self.failure(trusting, server.url("/tone.wav", secure: true)) else {
                Issue.record("expected tlsFailed")
                return
            }
        }
    }
}
