import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import StackCore

/// One HTTP/1.1 exchange of ``AudioURLLoader``: connect (TLS for https), GET, collect.
extension AudioURLLoader {
    /// The product name sent as User-Agent.
    static let userAgent = "PlivoSwiftStack-AudioURLLoader/1"

    /// GETs `target` once (no redirect handling) and returns the response, failing with
    /// ``AudioURLLoaderError/timedOut(_:)`` when `deadline` passes first.
    func fetch(_ target: AudioURLLoaderTarget, deadline: StackInstant) async throws(AudioURLLoaderError)
        -> AudioURLLoaderResponseHandler.Response {
        try await exchange(target, head: Self.request(for: target), body: [], collectsEveryBody: false, deadline: deadline)
    }

    /// Sends `head` and `body` to `target` once (no redirect handling) and returns the
    /// response (with its body for 2xx only, or for every status when `collectsEveryBody`),
    /// failing with ``AudioURLLoaderError/timedOut(_:)`` when `deadline` passes first.
    func exchange(_ target: AudioURLLoaderTarget, head: HTTPRequestHead, body: [UInt8], collectsEveryBody: Bool,
                  deadline: StackInstant) async throws(AudioURLLoaderError) -> AudioURLLoaderResponseHandler.Response {
        let remaining = clock.now.duration(to: deadline)
        guard remaining > .zero else { throw .timedOut(timeout) }
        let tls = target.isSecure ? try makeTLSContext() : nil
        let serverName = target.hostIsIPAddress ? nil : target.host
        let loop = group.next()
        guard let bootstrap = ClientBootstrap(validatingGroup: loop) else {
            throw .connectionFailed("the event loop group cannot open sockets (not a NIOPosix group)")
        }
        let promise = loop.makePromise(of: AudioURLLoaderResponseHandler.Response.self)
        let (url, limit, timeout) = (target.url, maximumSize, self.timeout)
        let timer = clock.scheduleWork(at: deadline) {
            promise.fail(AudioURLLoaderError.timedOut(timeout))
        }
        defer { clock.cancelWork(timer) }
        let connection = bootstrap
            .connectTimeout(.nanoseconds(remaining.saturatingNanoseconds))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let operations = channel.pipeline.syncOperations
                    if let tls {
                        try operations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverName))
                    }
                    try operations.addHTTPClientHandlers()
                    try operations.addHandler(
                        AudioURLLoaderResponseHandler(request: head, body: body, collectsEveryBody: collectsEveryBody,
                                                      url: url, limit: limit, promise: promise))
                }
            }
            .connect(host: target.host, port: target.port)
        connection.whenComplete { result in
            switch result {
            case .success(let channel):
                // Whatever completes the exchange (the response, an error, the timeout) ends it.
                promise.futureResult.whenComplete { _ in channel.close(promise: nil) }
            case .failure(let error):
                if case ChannelError.connectTimeout = error {
                    promise.fail(AudioURLLoaderError.timedOut(timeout))
                } else {
                    promise.fail(AudioURLLoaderResponseHandler.loaderError(for: error, url: url))
                }
            }
        }
        do {
            return try await withTaskCancellationHandler {
                try await promise.futureResult.get()
            } onCancel: {
                promise.fail(AudioURLLoaderError.connectionFailed("\(url): cancelled"))
            }
        } catch {
            throw AudioURLLoaderResponseHandler.loaderError(for: error, url: url)
        }
    }

    /// The GET for `target`: Host, User-Agent, Accept (WAV preferred) and `Connection: close`.
    static func request(for target: AudioURLLoaderTarget) -> HTTPRequestHead {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: target.authority)
        headers.add(name: "User-Agent", value: userAgent)
        headers.add(name: "Accept", value: "audio/wav, audio/x-wav, audio/*;q=0.8, */*;q=0.5")
        headers.add(name: "Connection", value: "close")
        return HTTPRequestHead(version: .http1_1, method: .GET, uri: target.path, headers: headers)
    }

    /// A TLS client context: TLS 1.2 or newer, full verification against the system's roots
    /// or ``trustedCAFile``.
    func makeTLSContext() throws(AudioURLLoaderError) -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = .fullVerification
        do {
            if let trustedCAFile {
                let certificates = try NIOSSLCertificate.fromPEMFile(trustedCAFile)
                guard !certificates.isEmpty else { throw AudioURLLoaderError.tlsFailed("no certificate in \(trustedCAFile)") }
                configuration.trustRoots = .certificates(certificates)
            }
            return try NIOSSLContext(configuration: configuration)
        } catch let error as AudioURLLoaderError {
            throw error
        } catch {
            throw .tlsFailed("cannot load the trust roots\(trustedCAFile.map { " from \($0)" } ?? ""): \(error)")
        }
    }
}
