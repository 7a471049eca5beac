import AudioPipeline

/// What ``PlivoHTTPClient/send(_:)`` got back: status, header fields and body of the final
/// response, whatever its status.
public struct PlivoHTTPResponse: Sendable {
    private let response: AudioURLLoaderResponse

    init(_ response: AudioURLLoaderResponse) {
        self.response = response
    }

    /// The status code, e.g. 200 or 500.
    public var status: Int { response.status }
    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(response.status) }
    /// The header fields, in the order received.
    public var headers: [(name: String, value: String)] { response.headers }
    /// The body.
    public var body: [UInt8] { response.body }
    /// The body as UTF-8 text (invalid sequences replaced).
    public var text: String { String(decoding: response.body, as: UTF8.self) }
    /// The URL that gave this response: the request's, or the last redirect's.
    public var url: String { response.url }

    /// The value of the first header field named `name` (ignoring case); nil when there is none.
    public func value(forHeader name: String) -> String? {
        response.value(forHeader: name)
    }
}
