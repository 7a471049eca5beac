/// Why ``PlivoHTTPClient/send(_:)`` got no response. A response with any status, 4xx and 5xx
/// included, is not an error.
public enum PlivoHTTPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The request cannot be sent: not an `http`/`https` URL, a method or header that is not
    /// valid HTTP (the reason).
    case invalidRequest(String)
    /// No connection, or it broke or did not carry an HTTP/1.1 response (what happened).
    case connectionFailed(String)
    /// The TLS handshake failed, e.g. an untrusted certificate (the reason).
    case tlsFailed(String)
    /// No complete response within the client's timeout.
    case timedOut(Duration)
    /// The response body is larger than the client's limit (in bytes).
    case responseTooLarge(limit: Int)
    /// A `GET` was redirected more often than the client follows (its limit).
    case tooManyRedirects(limit: Int)

    /// A one-line message.
    public var description: String {
        switch self {
        case .invalidRequest(let reason): return "invalid request: \(reason)"
        case .connectionFailed(let reason): return "connection failed: \(reason)"
        case .tlsFailed(let reason): return "TLS failed: \(reason)"
        case .timedOut(let timeout): return "no response within \(timeout)"
        case .responseTooLarge(let limit): return "response larger than \(limit) bytes"
        case .tooManyRedirects(let limit): return "more than \(limit) redirects"
        }
    }
}
