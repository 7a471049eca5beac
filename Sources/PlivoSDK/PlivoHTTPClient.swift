import AudioPipeline
import StackCore

/// A small HTTPS client for the SDK's own requests (call-quality feedback and its log upload):
/// HTTP/1.1, one connection per request, TLS 1.2 or newer verified against the system's roots
/// or a given CA file, redirects followed for `GET` only, one deadline for the whole exchange
/// and a limit on the response's size.
///
/// A value type with no mutable state: share it freely.
public struct PlivoHTTPClient: Sendable {
    /// The default time a request may take: 10 s.
    public static let defaultTimeout = Duration.seconds(10)
    /// The default limit on a response body: 1 MiB.
    public static let defaultMaximumResponseSize = 1 << 20

    private let loader: AudioURLLoader

    /// A client whose requests end within `timeout`, accept bodies up to
    /// `maximumResponseSize` bytes, follow up to `maximumRedirects` redirects of a `GET`, and
    /// trust only the CA certificates in the PEM file `trustedCAFile` when given (else the
    /// system's roots).
    public init(timeout: Duration = defaultTimeout, maximumResponseSize: Int = defaultMaximumResponseSize,
                maximumRedirects: Int = 5, trustedCAFile: String? = nil) {
        self.init(clock: SystemClock.shared, timeout: timeout, maximumResponseSize: maximumResponseSize,
                  maximumRedirects: maximumRedirects, trustedCAFile: trustedCAFile)
    }

    /// A client timing its requests on `clock` (tests inject a `TestClock`).
    init(clock: any StackClock, timeout: Duration = defaultTimeout, maximumResponseSize: Int = defaultMaximumResponseSize,
         maximumRedirects: Int = 5, trustedCAFile: String? = nil) {
        loader = AudioURLLoader(clock: clock, timeout: timeout, maximumSize: maximumResponseSize,
                                maximumRedirects: maximumRedirects, trustedCAFile: trustedCAFile)
    }

    /// How long a request may take, redirects included.
    public var timeout: Duration { loader.timeout }
    /// The largest response body accepted, in bytes.
    public var maximumResponseSize: Int { loader.maximumSize }

    /// Sends `request` and returns the final response, whatever its status.
    public func send(_ request: PlivoHTTPRequest) async throws(PlivoHTTPError) -> PlivoHTTPResponse {
        do throws(AudioURLLoaderError) {
            return PlivoHTTPResponse(try await loader.send(request.lower))
        } catch {
            throw Self.error(for: error)
        }
    }

    /// The client's error for the loader's.
    static func error(for error: AudioURLLoaderError) -> PlivoHTTPError {
        switch error {
        case .invalidURL, .unsupportedScheme, .fileUnreadable, .invalidRequest:
            return .invalidRequest(error.description)
        case .httpStatus:
            // `send` returns every status; kept for completeness.
            return .connectionFailed(error.description)
        case .connectionFailed(let reason): return .connectionFailed(reason)
        case .tlsFailed(let reason): return .tlsFailed(reason)
        case .timedOut(let timeout): return .timedOut(timeout)
        case .tooLarge(let limit): return .responseTooLarge(limit: limit)
        case .tooManyRedirects(let limit): return .tooManyRedirects(limit: limit)
        }
    }
}
