import AudioPipeline

/// One HTTP request for ``PlivoHTTPClient/send(_:)``.
public struct PlivoHTTPRequest: Sendable {
    /// The request as the HTTP layer takes it.
    var lower: AudioURLLoaderRequest

    /// A request for `method` (an HTTP token such as `GET`, `POST` or `PUT`, sent as given) on
    /// the absolute `https://` (or `http://`) `url`, with header fields sent in order and a
    /// body. `Host`, `Content-Length`, `Transfer-Encoding` and `Connection` are set by the
    /// client (given ones are left out); `User-Agent` and `Accept` get a default when not given.
    public init(method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        lower = AudioURLLoaderRequest(method: method, url: url, headers: headers, body: body)
    }

    /// The method.
    public var method: String {
        get { lower.method }
        set { lower.method = newValue }
    }

    /// The URL.
    public var url: String {
        get { lower.url }
        set { lower.url = newValue }
    }

    /// The header fields, in the order sent.
    public var headers: [(name: String, value: String)] {
        get { lower.headers }
        set { lower.headers = newValue }
    }

    /// The body.
    public var body: [UInt8] {
        get { lower.body }
        set { lower.body = newValue }
    }

    /// A `POST` of `json` (sent with `Content-Type: application/json`) and `headers`.
    public static func post(_ url: String, json: PlivoOptionsValue, headers: [(name: String, value: String)] = []) -> PlivoHTTPRequest {
        PlivoHTTPRequest(method: "POST", url: url, headers: [("Content-Type", "application/json")] + headers,
                         body: Array(json.jsonText.utf8))
    }
}
