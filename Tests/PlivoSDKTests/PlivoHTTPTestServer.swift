import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// One request as the test server received it.
struct PlivoHTTPTestRequest: Sendable {
    var method: String
    var uri: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// What the test server answers: a status with header fields and a body, or nothing at all.
enum PlivoHTTPTestReply: Sendable {
    case reply(Int, headers: [(String, String)] = [], body: String = "")
    case silence
}

/// An HTTP/1.1 server on 127.0.0.1 and an ephemeral port (HTTPS with the test certificate of
/// `Fixtures/tls` when `secure`), recording every request and answering from a route.
final class PlivoHTTPTestServer: Sendable {
    typealias Route = @Sendable (_ request: PlivoHTTPTestRequest, _ server: PlivoHTTPTestServer) -> PlivoHTTPTestReply

    private let recorded = Mutex<[PlivoHTTPTestRequest]>([])
    private let boundPort = Mutex(0)
    private let listener = Mutex<(any Channel)?>(nil)
    let secure: Bool

    private init(secure: Bool) {
        self.secure = secure
    }

    /// The requests received so far, in order.
    var requests: [PlivoHTTPTestRequest] { recorded.withLock { $0 } }
    var port: Int { boundPort.withLock { $0 } }

    /// `https://127.0.0.1:<port><path>` (http when not secure).
    func url(_ path: String) -> String {
        "\(secure ? "https" : "http")://127.0.0.1:\(port)\(path)"
    }

    static func start(secure: Bool = true, route: @escaping Route) async throws -> PlivoHTTPTestServer {
        let server = PlivoHTTPTestServer(secure: secure)
        let tls = secure ? try PlivoTLSFixtures.serverContext() : nil
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    let pipeline = child.pipeline.syncOperations
                    if let tls { try pipeline.addHandler(NIOSSLServerHandler(context: tls)) }
                    try pipeline.configureHTTPServerPipeline(withErrorHandling: false)
                    try pipeline.addHandler(RecordingHandler(server: server, route: route))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        server.boundPort.withLock { $0 = channel.localAddress?.port ?? 0 }
        server.listener.withLock { $0 = channel }
        return server
    }

    func stop() async {
        let channel = listener.withLock { $0 }
        try? await channel?.close()
    }

    /// Runs `body` with a started server and stops it afterwards.
    static func with(secure: Bool = true, route: @escaping Route,
                     _ body: (PlivoHTTPTestServer) async throws -> Void) async throws {
        let server = try await start(secure: secure, route: route)
        do {
            try await body(server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    /// Waits until a request for `uri` has arrived: true, or false after 10 s of real time
    /// (a bound for a broken test, never reached by a passing one).
    func waitForRequest(to uri: String) async -> Bool {
        let deadline = ContinuousClock.now.advanced(by: .seconds(10))
        while !requests.contains(where: { $0.uri == uri }) {
            guard ContinuousClock.now < deadline else { return false }
            await Task.yield()
        }
        return true
    }

    fileprivate func record(_ request: PlivoHTTPTestRequest) {
        recorded.withLock { $0.append(request) }
    }

    /// Collects one request's head and body, records it, then writes the route's reply.
    private final class RecordingHandler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        private let server: PlivoHTTPTestServer
        private let route: Route
        private var pending: PlivoHTTPTestRequest?

        init(server: PlivoHTTPTestServer, route: @escaping Route) {
            self.server = server
            self.route = route
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                pending = PlivoHTTPTestRequest(method: head.method.rawValue, uri: head.uri,
                                               headers: head.headers.map { ($0.name, $0.value) }, body: [])
            case .body(let part):
                pending?.body.append(contentsOf: part.readableBytesView)
            case .end:
                guard let request = pending else { return }
                pending = nil
                server.record(request)
                guard case .reply(let status, let headers, let body) = route(request, server) else { return }
                var head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status))
                for (name, value) in headers { head.headers.add(name: name, value: value) }
                head.headers.add(name: "Content-Length", value: String(body.utf8.count))
                context.write(wrapOutboundOut(.head(head)), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}

/// The test certificates of `Fixtures/tls` (see its README; the keys are for tests only).
enum PlivoTLSFixtures {
    static func path(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/tls/\(name)").path
    }

    static func serverContext() throws -> NIOSSLContext {
        let chain = try NIOSSLCertificate.fromPEMFile(path("server.pem")).map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(file: path("server.key"), format: .pem)
        return try NIOSSLContext(configuration: .makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key)))
    }
}
