#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOPosix
import StackCore

/// Loads the bytes of a tone given by URL, as the SDK's `setRingTone(url)` and
/// `setRingToneBack(url)` take it: a plain file path, a `file://` URL, or an `http://` or
/// `https://` URL.
///
/// - Files are read whole, after a size check against ``maximumSize``. The read blocks the
///   calling task briefly (tones are small).
/// - HTTP is one HTTP/1.1 `GET` per hop with `Connection: close` (SwiftNIO: NIOPosix sockets,
///   NIOHTTP1 codec) on a loop of ``group``. `https` adds TLS (swift-nio-ssl, TLS 1.2 or newer)
///   with full certificate verification against the system's trust roots, or only against
///   ``trustedCAFile`` when set; the host name is sent in SNI and checked against the
///   certificate (an IP address is checked against its IP addresses and never sent in SNI).
/// - Redirects (301, 302, 303, 307, 308 with a `Location`) are followed up to
///   ``maximumRedirects`` times, to `http` or `https` only; any other status outside 2xx is
///   ``AudioURLLoaderError/httpStatus(_:url:)``.
/// - Bodies larger than ``maximumSize`` fail as soon as that is known (Content-Length or the
///   bytes received); the whole load, redirects included, must end within ``timeout`` of the
///   injected ``clock`` (connection attempts are also bounded by it in real time).
///
/// ``send(_:)`` makes any other HTTP request (a method, headers and a body; every status is
/// a response) over the same connections, TLS, deadline and size limit.
///
/// A value type with no mutable state: share it freely.
public struct AudioURLLoader: Sendable {
    /// The default limit on a tone's size: 16 MiB.
    public static let defaultMaximumSize = 16 << 20
    /// The default time a load may take: 10 s.
    public static let defaultTimeout = Duration.seconds(10)
    /// The default number of redirects followed: 5.
    public static let defaultMaximumRedirects = 5

    /// The event loops the HTTP connections run on.
    public let group: any EventLoopGroup
    /// The clock the timeout is measured on.
    public let clock: any StackClock
    /// How long a whole load may take, redirects included.
    public let timeout: Duration
    /// The largest file or response body accepted, in bytes.
    public let maximumSize: Int
    /// How many redirects are followed before ``AudioURLLoaderError/tooManyRedirects(limit:)``.
    public let maximumRedirects: Int
    /// A PEM file of CA certificates to trust instead of the system's roots (tests, private
    /// servers); nil for the system's trust roots.
    public let trustedCAFile: String?

    /// A loader on `group` (NIO's shared group by default) timing loads on `clock`.
    public init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                clock: any StackClock = SystemClock.shared,
                timeout: Duration = defaultTimeout,
                maximumSize: Int = defaultMaximumSize,
                maximumRedirects: Int = defaultMaximumRedirects,
                trustedCAFile: String? = nil) {
        self.group = group
        self.clock = clock
        self.timeout = timeout
        self.maximumSize = max(maximumSize, 0)
        self.maximumRedirects = max(maximumRedirects, 0)
        self.trustedCAFile = trustedCAFile
    }

    /// The bytes at `url`: a file path, `file://…`, `http://…` or `https://…` (white space
    /// around it is ignored).
    public func load(_ url: String) async throws(AudioURLLoaderError) -> [UInt8] {
        let text = url.trimmingWhitespace()
        guard !text.isEmpty else { throw .invalidURL(url, reason: "empty") }
        guard let scheme = Self.scheme(of: text) else { return try readFile(path: text) }
        switch scheme.lowercased() {
        case "file": return try readFile(path: try Self.filePath(fromURL: text))
        case "http", "https": return try await loadHTTP(try AudioURLLoaderTarget(parsing: text))
        default: throw .unsupportedScheme(scheme)
        }
    }

    /// The scheme of `text` when it starts with one (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"`,
    /// RFC 3986 §3.1); nil for a plain path.
    static func scheme(of text: String) -> String? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let candidate = text[..<colon]
        guard let first = candidate.first, first.isASCII, first.isLetter,
              candidate.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return nil }
        return String(candidate)
    }

    /// The local path of a `file:` URL (`file:///p`, `file://localhost/p` or `file:/p`),
    /// percent-decoded; query and fragment dropped.
    static func filePath(fromURL text: String) throws(AudioURLLoaderError) -> String {
        var rest = text.drop { $0 != ":" }.dropFirst()
        if let end = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            let hostEnd = rest.firstIndex(of: "/") ?? rest.endIndex
            let host = rest[..<hostEnd].lowercased()
            guard host.isEmpty || host == "localhost" else {
                throw .invalidURL(text, reason: "file URLs must name a local file, not one on \(host)")
            }
            rest = rest[hostEnd...]
        }
        guard rest.hasPrefix("/") else { throw .invalidURL(text, reason: "a file URL needs an absolute path") }
        var bytes: [UInt8] = []
        var utf8 = Array(rest.utf8)[...]
        while let byte = utf8.popFirst() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard utf8.count >= 2, let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) else {
                throw .invalidURL(text, reason: "bad percent-encoding")
            }
            bytes.append(value)
            utf8 = utf8.dropFirst(2)
        }
        guard !bytes.contains(0) else { throw .invalidURL(text, reason: "NUL in the path") }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The whole file at `path`, refused when larger than ``maximumSize``.
    func readFile(path: String) throws(AudioURLLoaderError) -> [UInt8] {
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) > maximumSize {
            throw .tooLarge(limit: maximumSize)
        }
        let bytes: [UInt8]
        do throws(AudioError) {
            bytes = try WAVFileIO.readAll(path: path)
        } catch {
            switch error {
            case .fileNotFound: throw .fileUnreadable(path, reason: "no such file")
            case .unreadable(_, let reason), .writeFailed(_, let reason): throw .fileUnreadable(path, reason: reason)
            case .unsupportedFormat(let reason): throw .fileUnreadable(path, reason: reason)
            }
        }
        guard bytes.count <= maximumSize else { throw .tooLarge(limit: maximumSize) }
        return bytes
    }

    /// GETs `target`, following redirects, within one deadline.
    private func loadHTTP(_ first: AudioURLLoaderTarget) async throws(AudioURLLoaderError) -> [UInt8] {
        let deadline = clock.now.advanced(by: timeout)
        var target = first
        var redirects = 0
        while true {
            let response = try await fetch(target, deadline: deadline)
            switch response.status {
            case 200..<300:
                return response.body
            case 301, 302, 303, 307, 308:
                guard let location = response.location, !location.isEmpty else {
                    throw .httpStatus(response.status, url: target.url)
                }
                guard redirects < maximumRedirects else { throw .tooManyRedirects(limit: maximumRedirects) }
                redirects += 1
                target = try target.resolving(location)
            default:
                throw .httpStatus(response.status, url: target.url)
            }
        }
    }
}
