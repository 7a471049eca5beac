import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// The last handler of one ``AudioURLLoader`` connection: sends the request (head, then the
/// body if any) when the connection is up (behind TLS, NIOSSL holds it until the handshake is
/// done) and collects the response into `promise`.
///
/// A 2xx response's body is gathered up to `limit` bytes (a larger Content-Length fails at
/// once, a longer body as soon as it passes the limit); any other status completes at its head,
/// without reading the body, unless `collectsEveryBody` is set (``AudioURLLoader/send(_:)``),
/// when every final response's body is gathered in the same way. Errors (TLS, HTTP parsing) and
/// a close before the response ended fail the promise; the promise is completed once, and the
/// loader closes the channel then.
final class AudioURLLoaderResponseHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    /// What came back: the status, the headers, and a 2xx response's body (every body when
    /// the handler collects every body).
    struct Response: Sendable {
        /// The status code.
        var status: Int
        /// The response's headers.
        var headers: HTTPHeaders
        /// The body of a 2xx response; empty for other statuses unless every body is collected.
        var body: [UInt8]

        /// The `Location` header, if any.
        var location: String? { headers.first(name: "location") }
    }

    private let request: HTTPRequestHead
    private let requestBody: [UInt8]
    private let collectsEveryBody: Bool
    private let url: String
    private let limit: Int
    private let promise: EventLoopPromise<Response>
    /// The head of the final (non-1xx) response, once it arrived.
    private var head: HTTPResponseHead?
    private var body = ByteBuffer()
    private var done = false

    /// A handler that sends `request` with `body` and reports to `promise`, with bodies up to
    /// `limit` bytes, of 2xx responses only or of every response (`collectsEveryBody`).
    init(request: HTTPRequestHead, body: [UInt8] = [], collectsEveryBody: Bool = false, url: String, limit: Int,
         promise: EventLoopPromise<Response>) {
        self.request = request
        self.requestBody = body
        self.collectsEveryBody = collectsEveryBody
        self.url = url
        self.limit = limit
        self.promise = promise
    }

    func channelActive(context: ChannelHandlerContext) {
        context.write(wrapOutboundOut(.head(request)), promise: nil)
        if !requestBody.isEmpty {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: requestBody)))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !done else { return }
        switch unwrapInboundIn(data) {
        case .head(let received):
            let code = Int(received.status.code)
            guard code >= 200 else { return }   // 1xx: an interim response, the real one follows
            guard collectsEveryBody || (200..<300).contains(code) else {
                finish(context: context, .success(Response(status: code, headers: received.headers, body: [])))
                return
            }
            let declared = received.headers.first(name: "content-length").flatMap { Int($0) }
            if let declared, declared > limit {
                finish(context: context, .failure(.tooLarge(limit: limit)))
                return
            }
            head = received
            body = context.channel.allocator.buffer(capacity: min(declared ?? 16_384, limit))
        case .body(var part):
            guard head != nil else { return }
            guard part.readableBytes <= limit - body.readableBytes else {
                finish(context: context, .failure(.tooLarge(limit: limit)))
                return
            }
            body.writeBuffer(&part)
        case .end:
            guard let head else { return }       // the end of an interim response
            finish(context: context, .success(Response(status: Int(head.status.code), headers: head.headers,
                                                       body: Array(body.readableBytesView))))
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(context: context, .failure(Self.loaderError(for: error, url: url)))
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(context: context, .failure(.connectionFailed("\(url): the connection closed before the response was complete")))
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        finish(context: context, .failure(.connectionFailed("\(url): the connection closed before the response was complete")))
    }

    /// Completes the promise once and closes the connection.
    private func finish(context: ChannelHandlerContext, _ result: Result<Response, AudioURLLoaderError>) {
        guard !done else { return }
        done = true
        switch result {
        case .success(let response): promise.succeed(response)
        case .failure(let error): promise.fail(error)
        }
        context.close(promise: nil)
    }

    /// The loader error for an error from the pipeline or the bootstrap: TLS errors as
    /// ``AudioURLLoaderError/tlsFailed(_:)`` (BoringSSL's reason codes, such as
    /// `CERTIFICATE_VERIFY_FAILED`, when there are any), connection errors naming the URL.
    static func loaderError(for error: any Error, url: String) -> AudioURLLoaderError {
        if let error = error as? AudioURLLoaderError { return error }
        if error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError {
            return .tlsFailed(tlsReason(String(describing: error)))
        }
        if let error = error as? NIOConnectionError {
            if let first = error.connectionErrors.first {
                let reason = (first.error as? IOError).map { WAVFileIO.reason($0.errnoCode) } ?? "\(first.error)"
                return .connectionFailed("\(url): cannot connect to \(first.target): \(reason)")
            }
            let resolution = error.dnsAError ?? error.dnsAAAAError
            return .connectionFailed("\(url): cannot resolve \(error.host)\(resolution.map { ": \($0)" } ?? "")")
        }
        if error is HTTPParserError {
            return .connectionFailed("\(url): not an HTTP/1.1 response (\(error))")
        }
        return .connectionFailed("\(url): \(error)")
    }

    /// The BoringSSL reason codes in a NIOSSL error's text (`… OPENSSL_internal:CODE …`),
    /// comma-separated; the text itself when it has none.
    static func tlsReason(_ text: String) -> String {
        let marker = "OPENSSL_internal:"
        var codes: [Substring] = []
        var rest = text[...]
        while let range = rest.firstRange(of: marker) {
            let after = rest[range.upperBound...]
            let code = after.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            if !code.isEmpty { codes.append(code) }
            rest = after
        }
        return codes.isEmpty ? text : codes.joined(separator: ", ")
    }
}
