import NIOCore
import NIOHTTP1
import StackCore

/// Any HTTP request, not only a tone's GET: the same connections, TLS, timeout and size limit
/// as ``AudioURLLoader/load(_:)``.
extension AudioURLLoader {
    /// Header fields the loader writes itself; a request's own are left out.
    private static let ownHeaders: Set<String> = ["host", "content-length", "transfer-encoding", "connection"]
    /// Header fields dropped when a redirect leads to another origin (credentials stay with
    /// the server they were meant for).
    private static let credentialHeaders: Set<String> = ["authorization", "proxy-authorization", "cookie"]

    /// Sends `request` and returns the final response, whatever its status (a 404 or a 500 is
    /// a response here, not an error), with its body.
    ///
    /// - Only `GET` follows redirects (301, 302, 303, 307, 308 with a `Location`, up to
    ///   ``maximumRedirects``; credentials are dropped when the origin changes); for other
    ///   methods, and a redirect without a `Location`, the 3xx response is returned.
    /// - The whole exchange, redirects included, must end within ``timeout`` of ``clock``; a
    ///   body larger than ``maximumSize`` fails with ``AudioURLLoaderError/tooLarge(limit:)``.
    /// - `https` is verified as for ``load(_:)`` (system roots or ``trustedCAFile``).
    public func send(_ request: AudioURLLoaderRequest) async throws(AudioURLLoaderError) -> AudioURLLoaderResponse {
        let method = try Self.method(request.method)
        var fields: [(name: String, value: String)] = []
        for field in request.headers where !Self.ownHeaders.contains(field.name.lowercased()) {
            try Self.checkHeader(field.name, field.value)
            fields.append(field)
        }
        let deadline = clock.now.advanced(by: timeout)
        var target = try AudioURLLoaderTarget(parsing: request.url.trimmingWhitespace())
        var redirects = 0
        while true {
            let head = Self.head(method: method, target: target, fields: fields, body: request.body)
            let response = try await exchange(target, head: head, body: request.body, collectsEveryBody: true, deadline: deadline)
            guard method == .GET, [301, 302, 303, 307, 308].contains(response.status),
                  let location = response.location, !location.isEmpty else {
                return AudioURLLoaderResponse(status: response.status, headers: response.headers.map { ($0.name, $0.value) },
                                              body: response.body, url: target.url)
            }
            guard redirects < maximumRedirects else { throw .tooManyRedirects(limit: maximumRedirects) }
            redirects += 1
            let next = try target.resolving(location)
            if next.isSecure != target.isSecure || next.authority != target.authority {
                fields.removeAll { Self.credentialHeaders.contains($0.name.lowercased()) }
            }
            target = next
        }
    }

    /// The request head: the method and target, Host, the caller's fields, defaults for
    /// User-Agent and Accept, Content-Length, and `Connection: close`.
    private static func head(method: HTTPMethod, target: AudioURLLoaderTarget, fields: [(name: String, value: String)],
                             body: [UInt8]) -> HTTPRequestHead {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: target.authority)
        for field in fields { headers.add(name: field.name, value: field.value) }
        if !headers.contains(name: "user-agent") { headers.add(name: "User-Agent", value: userAgent) }
        if !headers.contains(name: "accept") { headers.add(name: "Accept", value: "*/*") }
        if !body.isEmpty || [.POST, .PUT, .PATCH].contains(method) {
            headers.add(name: "Content-Length", value: String(body.count))
        }
        headers.add(name: "Connection", value: "close")
        return HTTPRequestHead(version: .http1_1, method: method, uri: target.path, headers: headers)
    }

    /// The method `text` names, when it is an HTTP token (RFC 9110 §5.6.2).
    private static func method(_ text: String) throws(AudioURLLoaderError) -> HTTPMethod {
        guard isToken(text) else { throw .invalidRequest("the method \"\(text)\" is not an HTTP token") }
        return HTTPMethod(rawValue: text)
    }

    /// Refuses a header name that is not a token and a value with CR, LF or NUL (RFC 9110 §5.5).
    private static func checkHeader(_ name: String, _ value: String) throws(AudioURLLoaderError) {
        guard isToken(name) else { throw .invalidRequest("the header name \"\(name)\" is not an HTTP token") }
        guard !value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }) else {
            throw .invalidRequest("the value of \(name) contains a line break or NUL")
        }
    }

    /// Whether `text` is a non-empty RFC 9110 token (`tchar`s only).
    private static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
