/// Why ``AudioURLLoader`` could not load the bytes at a URL.
public enum AudioURLLoaderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text is not a URL or path this loader understands (the text, and what is wrong).
    case invalidURL(String, reason: String)
    /// The URL's scheme is not a plain path, `file`, `http` or `https` (the scheme), or a
    /// redirect pointed to a scheme other than `http` or `https`.
    case unsupportedScheme(String)
    /// The local file could not be read (the path, and the system's reason).
    case fileUnreadable(String, reason: String)
    /// The server answered with a status outside 2xx that is not a redirect to follow
    /// (the status code, and the URL that gave it).
    case httpStatus(Int, url: String)
    /// The file or response body is larger than the loader's limit (in bytes).
    case tooLarge(limit: Int)
    /// The whole load, redirects included, took longer than the loader's timeout.
    case timedOut(Duration)
    /// No connection, or the connection broke or carried something that is not an HTTP/1.1
    /// response (what happened, naming the host).
    case connectionFailed(String)
    /// The TLS handshake failed: an untrusted or mismatched certificate, an alert from the
    /// server, or a trust-root file that could not be loaded (the reason).
    case tlsFailed(String)
    /// More redirects than the loader follows (its limit).
    case tooManyRedirects(limit: Int)
    /// A request given to ``AudioURLLoader/send(_:)`` that cannot be sent: a method or a
    /// header name that is not an HTTP token, or a header value with a line break (the reason).
    case invalidRequest(String)

    /// A one-line message naming the URL or file and the problem.
    public var description: String {
        switch self {
        case .invalidURL(let url, let reason): return "invalid URL \"\(url)\": \(reason)"
        case .unsupportedScheme(let scheme): return "unsupported URL scheme \"\(scheme)\" (file paths, file://, http:// and https:// are supported)"
        case .fileUnreadable(let path, let reason): return "cannot read \(path): \(reason)"
        case .httpStatus(let code, let url): return "HTTP status \(code) from \(url)"
        case .tooLarge(let limit): return "larger than the limit of \(limit) bytes"
        case .timedOut(let timeout): return "not loaded within \(timeout)"
        case .connectionFailed(let reason): return "connection failed: \(reason)"
        case .tlsFailed(let reason): return "TLS failed: \(reason)"
        case .tooManyRedirects(let limit): return "more than \(limit) redirects"
        case .invalidRequest(let reason): return "invalid request: \(reason)"
        }
    }
}
