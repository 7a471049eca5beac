/// One HTTP request for ``PlivoHTTPClient/send(_:)``.
public struct PlivoHTTPRequest: Sendable {
    /// The method, e.g. `GET`, `POST` or `PUT` (an HTTP token, sent as given).
    public var method: String
    /// The absolute `https://` (or `http://`) URL.
    public var url: String
    /// Header fields, sent in order. `Host`, `Content-Length`, `Transfer-Encoding` and
    /// `Connection` are set by the client (given ones are left out); `User-Agent` and
    /// `Accept` get a default when not given.
    public var headers: [(name: String, value: String)]
    /// The body.
    public var body: [UInt8]

    /// A request for `method` on `url` with `headers` and `body`.
    public init(method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// A `POST` of `json` (sent with `Content-Type: application/json`) and `headers`.
    public static func post(_ url: String, json: PlivoOptionsValue, headers: [(name: String, value: String)] = []) -> PlivoHTTPRequest {
        PlivoHTTPRequest(method: "POST", url: url, headers: [("Content-Type", "application/json")] + headers,
                         body: Array(json.jsonText.utf8))
    }
}
